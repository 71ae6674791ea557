/** Invariants of request-level runs on random workloads (fast-check), and determinism. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findGpu } from '../../src/lib/catalog/index';
import { runRequestLevel } from '../../src/lib/sim/batching/request-level';
import { defaultScenario, methodScenario, prepareContext, simulate } from '../../src/lib/sim/index';
import { summarize } from '../../src/lib/sim/metrics';
import type { RunRecords } from '../../src/lib/sim/records';
import type { BinPolicy, GpuSpec, Scenario } from '../../src/lib/sim/types';
import type { Workload } from '../../src/lib/trace/types';
import { assertAllFinite, randomWorkload } from './helpers';

const h100 = findGpu('h100-sxm') as GpuSpec;
/** A GPU with little KV room, so batches get cut short and some requests never fit. */
const tiny: GpuSpec = { ...h100, id: 'tiny', name: 'tiny 4.2 GB', memoryGB: 4.2 };

const arbCase = fc.record({
	n: fc.integer({ min: 0, max: 80 }),
	seed: fc.integer({ min: 1, max: 1e6 }),
	rps: fc.double({ min: 0.5, max: 200, noNaN: true }),
	gpus: fc.integer({ min: 1, max: 8 }),
	method: fc.constantFrom('static', 'dynamic', 'multibin') as fc.Arbitrary<'static' | 'dynamic' | 'multibin'>,
	bins: fc.integer({ min: 1, max: 5 }),
	batch: fc.integer({ min: 1, max: 16 }),
	policy: fc.constantFrom('oldest', 'round-robin', 'longest') as fc.Arbitrary<BinPolicy>,
	smallGpu: fc.boolean(),
	failedShare: fc.constantFrom(0, 0.2)
});

type Case = typeof arbCase extends fc.Arbitrary<infer T> ? T : never;

function build(c: Case): { w: Workload; s: Scenario } {
	const w = randomWorkload(c.n, c.seed, { rps: c.rps, failedShare: c.failedShare, maxPrompt: 6000, maxOutput: 1500 });
	const base = defaultScenario({ gpu: c.smallGpu ? tiny : h100, binPolicy: c.policy, predictor: { kind: 'noisy', sigma: 0.5 }, seed: c.seed });
	const s = methodScenario(c.method, base, { gpus: c.gpus, bins: c.bins, batch: c.batch });
	return { w, s };
}

describe('request-level invariants (property tests)', () => {
	it('every request completes or is dropped; no start before arrival; tokens conserved; one batch per GPU at a time; utilization ≤ 1; Little’s law', () => {
		fc.assert(
			fc.property(arbCase, (c) => {
				const { w, s } = build(c);
				const { ctx } = prepareContext(w, s);
				const rec = runRequestLevel(w, s, ctx);
				let queueSum = 0;
				let servedOut = 0;
				for (let i = 0; i < c.n; i++) {
					if (rec.dropCode[i] !== 0) {
						expect(Number.isNaN(rec.startS[i])).toBe(true);
						expect(w.promptTokens[i] + w.outputTokens[i] > ctx.kvCapacityTokens || w.promptTokens[i] + w.outputTokens[i] > s.model.maxContext).toBe(true);
						continue;
					}
					expect(rec.startS[i]).toBeGreaterThanOrEqual(w.arrivalS[i]);
					expect(rec.firstTokenS[i]).toBeGreaterThan(rec.startS[i]);
					expect(rec.lastTokenS[i]).toBeGreaterThanOrEqual(rec.firstTokenS[i]);
					queueSum += rec.startS[i] - w.arrivalS[i];
					servedOut += w.outputTokens[i];
				}
				// One batch per GPU at a time: per GPU, intervals in start order never overlap.
				const byGpu = new Map<number, [number, number][]>();
				for (let j = 0; j < rec.busyCount; j++) {
					const g = (rec.busyGpu as Uint16Array)[j];
					expect(g).toBeLessThan(s.gpus);
					byGpu.set(g, [...(byGpu.get(g) ?? []), [rec.busyStartS[j], rec.busyEndS[j]]]);
				}
				for (const iv of byGpu.values()) {
					iv.sort((a, b) => a[0] - b[0]);
					for (let j = 1; j < iv.length; j++) expect(iv[j][0]).toBeGreaterThanOrEqual(iv[j - 1][1]);
				}
				// Little's law over the whole run: ∫ queue length dt (the engine's own queue) = Σ queueing delays.
				expect(rec.queueIntegralS ?? NaN).toBeCloseTo(queueSum, 6);
				expect(Math.abs((rec.queueIntegralS ?? NaN) - queueSum)).toBeLessThanOrEqual(1e-9 * Math.max(1, queueSum));

				const r = simulate(w, s);
				const sm = r.summary;
				expect(sm.completed + sm.failed + sm.dropped).toBe(c.n);
				expect(sm.outputTokens).toBe(servedOut);
				expect(sm.batches).toBe(rec.batches);
				if (sm.gpuUtilization !== null) expect(sm.gpuUtilization).toBeLessThanOrEqual(1 + 1e-12);
				if (sm.makespanS > 0) expect(sm.outputTokPerS).toBeCloseTo(sm.outputTokens / sm.makespanS, 9);
				else expect(sm.outputTokPerS).toBeNull();
				assertAllFinite(r);
			}),
			{ numRuns: 120, seed: 42 }
		);
	});

	it('with far more GPUs than load, no request waits', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 1e6 }), fc.constantFrom('static', 'dynamic', 'multibin'), (n, seed, method) => {
				const w = randomWorkload(n, seed, { rps: 5 });
				const s = methodScenario(method as 'static', defaultScenario({ gpu: h100 }), { gpus: n, bins: 3 });
				const rec = runRequestLevel(w, s, prepareContext(w, s).ctx);
				for (let i = 0; i < n; i++) expect(rec.startS[i]).toBe(w.arrivalS[i]);
				expect(rec.queueIntegralS).toBe(0);
			}),
			{ numRuns: 40, seed: 7 }
		);
	});

	it('summarizing over the records own token columns gives the summary a separate copy gives', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 6 }), (n, seed, gpus) => {
				// A tiny GPU drops some requests and cuts batches, so completed and written rows interleave.
				const w = randomWorkload(n, seed, { rps: 40 });
				const s = methodScenario('multibin', defaultScenario({ gpu: tiny }), { gpus, bins: 3 });
				const rec = runRequestLevel(w, s, prepareContext(w, s).ctx);
				const copy: RunRecords = { ...rec, startS: rec.startS.slice(), firstTokenS: rec.firstTokenS.slice(), lastTokenS: rec.lastTokenS.slice() };
				expect(summarize(w, s, rec, { consumeRecords: true })).toEqual(summarize(w, s, copy));
			}),
			{ numRuns: 40, seed: 11 }
		);
	});

	it('is deterministic: same workload, scenario and seed give bit-identical results', () => {
		const w = randomWorkload(3000, 11, { rps: 400, failedShare: 0.05 });
		for (const method of ['static', 'dynamic', 'multibin'] as const) {
			const s = methodScenario(method, defaultScenario({ gpu: h100, predictor: { kind: 'noisy', sigma: 0.7 }, seed: 5 }), { gpus: 3, bins: 4 });
			const a = simulate(w, s);
			const b = simulate(w, s);
			expect(JSON.stringify(b)).toBe(JSON.stringify(a));
		}
	});

	it('works at any GPU count from 1 to 1024 without numerical trouble', () => {
		const w = randomWorkload(5000, 3, { rps: 3000 });
		let prevP95 = Infinity;
		for (const G of [1, 2, 8, 32, 33, 64, 256, 1024]) {
			const r = simulate(w, methodScenario('multibin', defaultScenario({ gpu: h100 }), { gpus: G, bins: 4 }));
			expect(r.summary.completed + r.summary.failed).toBe(5000);
			assertAllFinite(r);
			expect(r.summary.gpuUtilization as number).toBeLessThanOrEqual(1);
			// More GPUs never make the tail much worse on the same workload.
			expect(r.summary.e2eP95S as number).toBeLessThanOrEqual(prevP95 * 1.5);
			prevP95 = r.summary.e2eP95S as number;
		}
	});
});
