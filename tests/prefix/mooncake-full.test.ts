import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MOONCAKE_BLOCK_TOKENS } from '../../src/lib/trace/prefix-blocks';
import { parseTraceBytes } from '../../src/lib/trace/parse';
import { shapeWorkload } from '../../src/lib/trace/workload';
import { fullDataFile, skipReason } from '../helpers/real-data';
import { unlimitedBound } from './reference';
import { cacheScenario, runWith } from './run';

const FILE = 'mooncake/conversation_trace.jsonl';

describe.skipIf(skipReason(FILE) !== null)('prefix cache on the whole Mooncake conversation trace', () => {
	it('stays within the unlimited-cache bound, reaches it with room for everything, and lowers TTFT', () => {
		const out = parseTraceBytes(new Uint8Array(readFileSync(fullDataFile(FILE) as string)), { name: 'conversation_trace.jsonl' });
		if (!out.ok) throw new Error(out.error.message);
		const shaped = shapeWorkload(out.trace, { size: out.trace.arrivalS.length, selection: { kind: 'first' }, keepFailed: true, timing: { kind: 'scale', rpsScale: 1 } });
		if (!shaped.ok) throw new Error(shaped.error.message);
		const w = shaped.workload;
		const s = cacheScenario(true);
		const bs = s.continuous.blockSize;
		const bound = unlimitedBound(w.prefixBlocks!, w.promptTokens, bs, () => true);
		// The trace's own granularity (whole 512-token blocks, the last partial one included): the 37.4% of the issue.
		const coarse = unlimitedBound(w.prefixBlocks!, w.promptTokens, MOONCAKE_BLOCK_TOKENS, () => true);
		let total = 0;
		for (let i = 0; i < w.promptTokens.length; i++) total += w.promptTokens[i] + w.outputTokens[i];
		const roomy = runWith(w, s, total + 4096).records.prefix!;
		expect(roomy.evictions).toBe(0);
		expect(roomy.hitTokens).toBe(bound.hitTokens - roomy.inFlightBlocks * bs);
		const real = runWith(w, s);
		const off = runWith(w, cacheScenario(false));
		expect(real.result.summary.prefixHitRate!).toBeLessThanOrEqual(bound.hitTokens / bound.promptTokens);
		expect(real.result.summary.ttftP50S!).toBeLessThan(off.result.summary.ttftP50S!);
		console.log(
			`whole Mooncake trace (${w.promptTokens.length} requests): bound ${((bound.hitTokens / bound.promptTokens) * 100).toFixed(2)}% at ${bs}-token blocks ` +
				`(${((coarse.hitTokens / coarse.promptTokens) * 100).toFixed(2)}% counting whole 512-token blocks), roomy cache ${((roomy.hitTokens / roomy.promptTokens) * 100).toFixed(2)}% ` +
				`(${roomy.inFlightBlocks} in-flight blocks); one H200 (${real.capacityTokens} KV tokens, Llama-3.2-1B): ${(real.result.summary.prefixHitRate! * 100).toFixed(2)}%, ` +
				`TTFT P50 ${off.result.summary.ttftP50S!.toFixed(3)} → ${real.result.summary.ttftP50S!.toFixed(3)} s, P95 ${off.result.summary.ttftP95S!.toFixed(3)} → ${real.result.summary.ttftP95S!.toFixed(3)} s`
		);
	}, 600_000);
});
