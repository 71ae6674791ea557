import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { findGpu, findModel } from '../../src/lib/catalog/index';
import { createPerfModel } from '../../src/lib/sim/perf/index';
import { DEFAULT_EFFICIENCY } from '../../src/lib/sim/presets';
import { teachSimulate, teachStats, teachWorkload, type TeachMethod } from '../../src/lib/state/teach-sim';

const model = findModel('qwen3-1.7b')!;
const gpu = findGpu('h100-sxm')!;
const perf = createPerfModel({ model, gpu, efficiency: DEFAULT_EFFICIENCY, perf: { kind: 'roofline' } });
const methods: TeachMethod[] = ['static', 'dynamic', 'multibin', 'continuous'];

describe('teaching scheduler', () => {
	test.each(methods)('%s serves every request once, in causal order', (m) => {
		const reqs = teachWorkload();
		const ts = teachSimulate(reqs, perf, m, 100_000, 0.05);
		expect(ts.map((t) => t.id)).toEqual(reqs.map((r) => r.id));
		for (const t of ts) {
			expect(t.startS).toBeGreaterThanOrEqual(t.arrivalS);
			expect(t.firstTokenS).toBeGreaterThan(t.startS);
			expect(t.endS).toBeGreaterThanOrEqual(t.firstTokenS);
		}
	});
	test('property: any small workload finishes under every method', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 1000 }), (n, seed) => {
				const reqs = teachWorkload(n, seed);
				for (const m of methods) expect(teachSimulate(reqs, perf, m, 50_000, 0.05)).toHaveLength(n);
			}),
			{ numRuns: 30 }
		);
	});
	test('continuous batching beats static on mean E2E for the teaching workload', () => {
		const reqs = teachWorkload();
		const st = teachStats(teachSimulate(reqs, perf, 'static', 100_000, 0.05));
		const co = teachStats(teachSimulate(reqs, perf, 'continuous', 100_000, 0.05));
		expect(co.meanE2eS).toBeLessThan(st.meanE2eS);
	});
});
