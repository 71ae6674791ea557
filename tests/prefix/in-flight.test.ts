import { describe, expect, it } from 'vitest';
import { synthesizeBurstGpt } from '../../src/lib/trace/synth';
import { withPromptSharing } from '../../src/lib/trace/synth-sharing';
import { shapeWorkload } from '../../src/lib/trace/workload';
import { unlimitedBound } from './reference';
import { cacheScenario, runWith } from './run';

describe('prefix cache under concurrency', () => {
	it('with room for everything, hits the unlimited bound minus exactly the blocks still being computed', () => {
		// A 4,096-token system prompt and conversations, arriving fast (RPS ×400): many requests are admitted
		// while earlier ones still prefill the same blocks.
		const trace = withPromptSharing(synthesizeBurstGpt(800, 9), { systemPromptTokens: 4096, meanTurns: 3 }, 9);
		const shaped = shapeWorkload(trace, { size: 800, selection: { kind: 'first' }, keepFailed: true, timing: { kind: 'scale', rpsScale: 400 } });
		if (!shaped.ok) throw new Error(shaped.error.message);
		const w = shaped.workload;
		const s = cacheScenario(true, { tokenBudget: 2048 });
		const bs = s.continuous.blockSize;
		let total = 0;
		for (let i = 0; i < w.promptTokens.length; i++) total += w.promptTokens[i] + w.outputTokens[i];
		const r = runWith(w, s, total + 4096);
		const p = r.records.prefix!;
		const bound = unlimitedBound(w.prefixBlocks!, w.promptTokens, bs, () => true);
		expect(p.evictions).toBe(0);
		expect(r.records.preemptions).toBe(0);
		expect(p.inFlightBlocks).toBeGreaterThan(0);
		expect(p.hitTokens).toBe(bound.hitTokens - p.inFlightBlocks * bs);
		expect(r.result.warnings.filter((x) => x.startsWith('internal'))).toEqual([]);
	});
});
