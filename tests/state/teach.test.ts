import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { findGpu, findModel } from '../../src/lib/catalog/index';
import { memoryBudget } from '../../src/lib/sim/memory';
import { createPerfModel } from '../../src/lib/sim/perf/index';
import { defaultScenario, DEFAULT_EFFICIENCY, methodScenario } from '../../src/lib/sim/presets';
import { teachSimulate, teachStats, teachWorkload, type TeachMethod } from '../../src/lib/state/teach-sim';
import type { Workload } from '../../src/lib/trace/types';
import { engineRecords } from '../reference/engine-records';

const model = findModel('qwen3-1.7b')!;
const gpu = findGpu('h100-sxm')!;
const perf = createPerfModel({ model, gpu, efficiency: DEFAULT_EFFICIENCY, perf: { kind: 'roofline' } });
const methods: TeachMethod[] = ['static', 'dynamic', 'multibin', 'continuous'];

/** Timings grouped by batch (Map.groupBy is not in Node 20). */
function byBatch<T extends { batch: number }>(ts: T[]): Map<number, T[]> {
	const m = new Map<number, T[]>();
	for (const t of ts) m.set(t.batch, [...(m.get(t.batch) ?? []), t]);
	return m;
}

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

	test.each(methods.flatMap((m) => [[m, 'h100-sxm', 20, 7, 0.012, false] as const, [m, 'rtx-4080-12gb', 40, 3, 0.03, true] as const]))(
		'%s on %s (%i requests, seed %i, TBT %f s, all at once: %s): the step-through is the engine’s own schedule, request by request',
		(m, gpuId, n, seed, tbtS, burst) => {
		// The page's inputs: its workload, the model's roofline, one GPU's real KV capacity, a TBT target.
		const gpu = findGpu(gpuId)!;
		const scenario = methodScenario(m, defaultScenario({ model, gpu, sla: { tbtS } }), { gpus: 1, bins: m === 'multibin' ? 2 : 1 });
		const mem = memoryBudget(model, gpu, scenario.efficiency);
		if (!mem.ok) throw new Error(mem.error.message);
		// A burst makes continuous batching chunk prompts under its token budget and dynamic sizing cut batches.
		const reqs = teachWorkload(n, seed).map((r) => (burst ? { ...r, arrivalS: 0 } : r));
		const workload: Workload = {
			arrivalS: Float64Array.from(reqs, (r) => r.arrivalS),
			promptTokens: Uint32Array.from(reqs, (r) => r.prompt),
			outputTokens: Uint32Array.from(reqs, (r) => r.output),
			label: 'teaching workload',
			synthetic: true
		};
		const engine = engineRecords(workload, scenario);
		const ts = teachSimulate(reqs, createPerfModel(scenario), m, mem.budget.kvCapacityTokens, tbtS);
		ts.forEach((t, i) => {
			expect(t.startS).toBeCloseTo(engine.startS[i], 9);
			expect(t.firstTokenS).toBeCloseTo(engine.firstTokenS[i], 9);
			expect(t.endS).toBeCloseTo(engine.lastTokenS[i], 9);
		});
		}
	);

	test('bars are coloured by batch: a static batch holds at most B = 8 requests, started together', () => {
		const ts = teachSimulate(teachWorkload(), perf, 'static', 100_000, 0.05);
		const batches = byBatch(ts);
		for (const group of batches.values()) {
			expect(group.length).toBeLessThanOrEqual(8);
			expect(new Set(group.map((t) => t.startS)).size).toBe(1);
		}
		expect(batches.size).toBeGreaterThan(2);
	});

	test('multi-bin batches never mix bins', () => {
		const ts = teachSimulate(teachWorkload(), perf, 'multibin', 100_000, 0.05);
		for (const group of byBatch(ts).values()) expect(new Set(group.map((t) => t.bin)).size).toBe(1);
		expect(new Set(ts.map((t) => t.bin))).toEqual(new Set([0, 1]));
	});

	test('a request that can never fit is left out, not drawn with made-up times', () => {
		const reqs = [...teachWorkload(5), { id: 99, arrivalS: 5, prompt: 60_000, output: 10 }];
		for (const m of methods) expect(teachSimulate(reqs, perf, m, 50_000, 0.05).map((t) => t.id)).not.toContain(99);
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
