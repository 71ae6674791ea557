/**
 * The prefix cache in a run's details: hit rate facts, a caption that states where identities came from
 * (with the session assumption when they came from sessions), and cached blocks / evictions over time.
 */
import { describe, expect, test } from 'vitest';
import { lineLayout } from '../../src/lib/charts/line-layout';
import { prefixCacheCaption, prefixCacheChart, prefixCacheFacts, SESSION_IDENTITY_ASSUMPTION } from '../../src/lib/charts/prefix-cache-chart';
import { defaultScenario, methodScenario, simulate } from '../../src/lib/sim/index';
import { synthesizeBurstGpt } from '../../src/lib/trace/synth';
import { withPromptSharing } from '../../src/lib/trace/synth-sharing';
import { shapeWorkload } from '../../src/lib/trace/workload';

function run(prefixCache: boolean, sharing: boolean) {
	const base = synthesizeBurstGpt(600, 5);
	const trace = sharing ? withPromptSharing(base, { systemPromptTokens: 1024, meanTurns: 3 }, 5) : base;
	const shaped = shapeWorkload(trace, { size: 600, selection: { kind: 'first' }, keepFailed: true, timing: { kind: 'scale', rpsScale: 10 } });
	if (!shaped.ok) throw new Error(shaped.error.message);
	const s = { ...methodScenario('continuous', defaultScenario({ seed: 5 }), { gpus: 2 }), routing: 'prefix-aware' as const, ...(prefixCache ? { prefixCache: true } : {}) };
	return simulate(shaped.workload, s);
}

describe('prefix cache in a run', () => {
	test('hit rate facts, the session assumption, and cached blocks and evictions over time', () => {
		const r = run(true, true);
		const facts = prefixCacheFacts(r.summary);
		expect(facts[0].label).toBe('Prefix hit rate (prompt tokens)');
		expect(facts[0].value).toBe(`${(r.summary.prefixHitRate! * 100).toFixed(1)}%`);
		expect(r.summary.prefixHitRate!).toBeGreaterThan(0.2);
		expect(prefixCacheCaption(r.summary)).toContain(SESSION_IDENTITY_ASSUMPTION);
		expect(prefixCacheCaption(r.summary)).toMatch(/Block identities from sessions/);
		const spec = prefixCacheChart(r.series, '600 requests, 2 GPUs', 'quick')!;
		expect(spec.id).toBe('quick-prefix-cache');
		expect(spec.series.map((s) => s.name)).toEqual(['Cached blocks', 'Evictions so far']);
		expect(spec.series[0].points).toHaveLength(r.series.prefixCache!.tS.length);
		expect(Math.max(...r.series.prefixCache!.cachedBlocks)).toBeGreaterThan(0);
		for (const t of lineLayout(spec).yTicks) expect(Number.isInteger(t.value)).toBe(true);
	});
	test('the cache on without identities says so; the cache off shows nothing', () => {
		const none = run(true, false);
		expect(prefixCacheFacts(none.summary)).toEqual([{ label: 'Prefix hit rate', value: 'n/a (nothing could hit)' }]);
		expect(prefixCacheCaption(none.summary)).toMatch(/no block identities/);
		const off = run(false, true);
		expect(prefixCacheFacts(off.summary)).toEqual([]);
		expect(prefixCacheCaption(off.summary)).toBe('');
		expect(prefixCacheChart(off.series, 'x', 'x')).toBeNull();
	});
});
