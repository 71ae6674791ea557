/**
 * Continuous batching (iteration-level) engine: hand-computed single requests, invariants on random
 * workloads (fast-check), forced preemption, determinism, and throughput against static batching.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runIterationLevel, type IterationHooks } from '../../src/lib/sim/batching/iteration-level';
import type { EngineContext } from '../../src/lib/sim/context';
import { prepareContext, simulate } from '../../src/lib/sim/index';
import { createPerfModel } from '../../src/lib/sim/perf/index';
import { defaultScenario, methodScenario } from '../../src/lib/sim/presets';
import type { BinPolicy, Scenario } from '../../src/lib/sim/types';
import type { Workload } from '../../src/lib/trace/types';
import { randomWorkload, workloadOf } from './helpers';

const continuous = (over: Partial<Scenario> = {}): Scenario => ({ ...methodScenario('continuous', defaultScenario()), ...over });

/** An engine context with a chosen KV capacity (tiny ones force preemptions). */
function contextFor(w: Workload, s: Scenario, kvCapacityTokens: number): EngineContext {
	const n = w.arrivalS.length;
	const bins = s.bins;
	// Bins by output length rank, enough to exercise 'bins' admission.
	const bin = new Uint8Array(n);
	for (let i = 0; i < n; i++) bin[i] = Math.min(bins - 1, Math.floor((w.outputTokens[i] / 801) * bins));
	return {
		perf: createPerfModel(s),
		kvCapacityTokens,
		predicted: Uint32Array.from(w.outputTokens),
		bin,
		binEdges: Array.from({ length: bins }, (_, k) => (k === bins - 1 ? Infinity : ((k + 1) * 801) / bins)),
		dropCode: new Uint8Array(n)
	};
}

/** Runs with instrumentation: the largest KV use seen per GPU and the tokens each request emitted. */
function runChecked(w: Workload, s: Scenario, ctx: EngineContext) {
	let maxUsed = 0;
	let overCapacity = 0;
	let emitted = new Uint32Array(0);
	const hooks: IterationHooks = {
		onBlocks(_g, used, cap) {
			maxUsed = Math.max(maxUsed, used);
			if (used > cap || used < 0) overCapacity++;
		},
		onDone(e) {
			emitted = Uint32Array.from(e);
		}
	};
	const records = runIterationLevel(w, s, ctx, hooks);
	return { records, maxUsed, overCapacity, emitted };
}

describe('a single request matches the request-level formulas', () => {
	const s = continuous();
	const perf = createPerfModel(s);

	it.each([
		[500, 100],
		[2048, 1],
		[1, 2],
		[700, 0]
	])('prompt %i, %i output tokens: prefill in one step, then n − 1 decode steps', (p, n) => {
		const w = workloadOf([3], [p], [n]);
		const { ctx } = prepareContext(w, s);
		const r = runIterationLevel(w, s, ctx);
		const prefill = perf.prefillS(p, p * p, n > 0 ? 1 : 0);
		const e2e = prefill + perf.decodeStretchS(1, p, Math.max(0, n - 1));
		expect(r.startS[0]).toBe(3);
		expect(r.firstTokenS[0] - 3).toBeCloseTo(prefill, 12);
		expect(r.lastTokenS[0] - 3).toBeCloseTo(e2e, 12);
		expect(r.batches).toBe(1 + Math.max(0, n - 1));
		expect(r.busyS).toBeCloseTo(e2e, 12);
		// The request-level engine prices the same request with the same formulas.
		const rl = simulate(w, methodScenario('static', defaultScenario())).summary;
		const cl = simulate(w, s).summary;
		expect(cl.e2eP50S!).toBeCloseTo(rl.e2eP50S!, 12);
		expect(cl.ttftP50S!).toBeCloseTo(rl.ttftP50S!, 12);
	});

	it('a prompt longer than the token budget is prefilled in chunks; the difference is the extra steps', () => {
		const p = 5000;
		const n = 50;
		const w = workloadOf([0], [p], [n]);
		const { ctx } = prepareContext(w, s);
		const r = runIterationLevel(w, s, ctx);
		// Budget 2048: chunks 2048, 2048, 904. A chunk of q tokens over c cached ones attends to
		// q·c + q(q+1)/2 pairs, reads c cached tokens and writes q; only the last chunk emits a token.
		const chunkStep = (c: number, q: number, emit: number) =>
			perf.stepTimeS({
				prefillTokens: q,
				prefillSeqs: 1,
				prefillAttnPairs: q * c + (q * (q + 1)) / 2,
				decodeSeqs: 0,
				decodeAttnCtx: 0,
				emitters: emit,
				kvReadTokens: c,
				kvWriteTokens: q
			});
		const chunked = chunkStep(0, 2048, 0) + chunkStep(2048, 2048, 0) + chunkStep(4096, 904, 1);
		expect(r.firstTokenS[0]).toBeCloseTo(chunked, 12);
		expect(r.lastTokenS[0]).toBeCloseTo(chunked + perf.decodeStretchS(1, p, n - 1), 12);
		// Against one 5,000-token prefill: the same FLOPs, plus two more step overheads and weight reads.
		const rl = simulate(w, methodScenario('static', defaultScenario())).summary;
		const diff = r.firstTokenS[0] - rl.ttftP50S!;
		expect(diff).toBeCloseTo(chunked - perf.prefillS(p, p * p, 1), 12);
		expect(diff).toBeGreaterThan(0);
		expect(r.batches).toBe(3 + n - 1);
	});

	it('a second request arriving mid-decode joins at the next step boundary', () => {
		const w = workloadOf([0, 0.2], [100, 100], [200, 10]);
		const { ctx } = prepareContext(w, s);
		const r = runIterationLevel(w, s, ctx);
		const prefill = perf.prefillS(100, 100 * 100, 1);
		// The first boundary at or after 0.2 s: prefill end plus whole decode steps.
		let k = 1;
		while (prefill + perf.decodeStretchS(1, 100, k) < 0.2) k++;
		expect(r.startS[1]).toBeCloseTo(prefill + perf.decodeStretchS(1, 100, k), 12);
		expect(r.startS[1]).toBeGreaterThanOrEqual(0.2);
		expect(r.lastTokenS[0]).toBeGreaterThan(prefill + perf.decodeStretchS(1, 100, 199)); // it shared steps
		expect(r.busyCount).toBe(1); // back-to-back steps merge into one busy interval
	});
});

describe('invariants on random workloads', () => {
	const policies: BinPolicy[] = ['oldest', 'round-robin', 'longest'];
	it('KV never exceeds capacity, every request completes or is dropped, tokens are conserved, runs repeat', () => {
		fc.assert(
			fc.property(
				fc.record({
					n: fc.integer({ min: 1, max: 60 }),
					seed: fc.integer({ min: 1, max: 1_000_000 }),
					rps: fc.integer({ min: 1, max: 400 }),
					gpus: fc.integer({ min: 1, max: 3 }),
					maxBatch: fc.integer({ min: 1, max: 24 }),
					budgetExtra: fc.integer({ min: 0, max: 600 }),
					blockSize: fc.constantFrom(1, 4, 16, 32),
					kvTokens: fc.integer({ min: 256, max: 20_000 }),
					bins: fc.integer({ min: 1, max: 3 }),
					policy: fc.constantFrom(...policies),
					slaCap: fc.boolean()
				}),
				(o) => {
					const w = randomWorkload(o.n, o.seed, { rps: o.rps, failedShare: 0.1, maxPrompt: 1500, maxOutput: 800 });
					const s = continuous({
						gpus: o.gpus,
						bins: o.bins,
						binPolicy: o.policy,
						continuous: {
							maxBatch: o.maxBatch,
							tokenBudget: o.maxBatch + o.budgetExtra,
							blockSize: o.blockSize,
							admission: o.bins > 1 ? 'bins' : 'fcfs',
							slaCap: o.slaCap
						}
					});
					const ctx = contextFor(w, s, o.kvTokens);
					const a = runChecked(w, s, ctx);
					expect(a.overCapacity).toBe(0);
					expect(a.records.warnings.filter((m) => m.startsWith('internal'))).toEqual([]);
					const capBlocks = Math.floor(o.kvTokens / o.blockSize);
					for (let i = 0; i < o.n; i++) {
						const out = w.outputTokens[i];
						const peak = out > 0 ? w.promptTokens[i] + out - 1 : w.promptTokens[i];
						if (a.records.dropCode[i] !== 0) {
							expect(Math.ceil(peak / o.blockSize)).toBeGreaterThan(capBlocks);
							expect(a.records.lastTokenS[i]).toBeNaN();
							continue;
						}
						expect(a.emitted[i]).toBe(out);
						expect(a.records.startS[i]).toBeGreaterThanOrEqual(w.arrivalS[i]);
						expect(a.records.firstTokenS[i]).toBeGreaterThan(a.records.startS[i]);
						expect(a.records.lastTokenS[i]).toBeGreaterThanOrEqual(a.records.firstTokenS[i]);
					}
					if (a.records.dropCode.some((d) => d === 0)) expect(a.records.busyS).toBeGreaterThan(0);
					expect(a.records.batchSizeSum).toBeGreaterThanOrEqual(a.records.batches);
					// Deterministic: the same inputs give the same bits.
					const b = runChecked(w, s, ctx);
					expect(Buffer.from(b.records.lastTokenS.buffer).equals(Buffer.from(a.records.lastTokenS.buffer))).toBe(true);
					expect(Buffer.from(b.records.startS.buffer).equals(Buffer.from(a.records.startS.buffer))).toBe(true);
					expect(b.records.preemptions).toBe(a.records.preemptions);
				}
			),
			{ numRuns: 150 }
		);
	});

	it('busy intervals of one GPU never overlap and cover its busy time', () => {
		const w = randomWorkload(400, 7, { rps: 30 });
		const s = continuous({ gpus: 1 });
		const r = runIterationLevel(w, s, prepareContext(w, s).ctx);
		let sum = 0;
		for (let i = 0; i < r.busyCount; i++) {
			expect(r.busyEndS[i]).toBeGreaterThan(r.busyStartS[i]);
			if (i > 0) expect(r.busyStartS[i]).toBeGreaterThanOrEqual(r.busyEndS[i - 1]);
			sum += r.busyEndS[i] - r.busyStartS[i];
		}
		expect(sum).toBeCloseTo(r.busyS, 9);
	});
});

describe('preemption', () => {
	it('a tiny KV cache forces preemptions, and every request still completes with all its tokens', () => {
		// 64 blocks of 16 tokens; each request peaks at 100 + 300 − 1 tokens (25 blocks): 9 fit their
		// prompts at first, then their growth runs the cache dry.
		const n = 20;
		const w = workloadOf(
			Array.from({ length: n }, () => 0),
			Array.from({ length: n }, () => 100),
			Array.from({ length: n }, () => 300)
		);
		const s = continuous();
		const a = runChecked(w, s, contextFor(w, s, 64 * 16));
		expect(a.records.preemptions).toBeGreaterThan(0);
		expect(a.overCapacity).toBe(0);
		expect(a.maxUsed).toBeLessThanOrEqual(64);
		for (let i = 0; i < n; i++) {
			expect(a.records.dropCode[i]).toBe(0);
			expect(a.emitted[i]).toBe(300);
			expect(Number.isFinite(a.records.lastTokenS[i])).toBe(true);
		}
		expect(a.records.warnings.some((m) => m.includes('preemption'))).toBe(true);
	});

	it('a request that can never fit the blocks is dropped with a reason instead of looping', () => {
		const w = workloadOf([0, 0], [100, 2000], [10, 10]);
		const s = continuous();
		const r = runIterationLevel(w, s, contextFor(w, s, 1024));
		expect(r.dropCode[0]).toBe(0);
		expect(r.dropCode[1]).toBe(1); // exceeds-kv-capacity
		expect(Number.isNaN(r.lastTokenS[1])).toBe(true);
	});
});

describe('throughput', () => {
	it('under heavy load continuous batching reaches at least static B = 8 throughput (seed 11)', () => {
		const w = randomWorkload(1500, 11, { rps: 400, maxPrompt: 1500, maxOutput: 600 });
		const base = defaultScenario();
		const st = simulate(w, methodScenario('static', base)).summary;
		const co = simulate(w, methodScenario('continuous', base)).summary;
		expect(co.completed).toBe(st.completed);
		expect(co.outputTokPerS!).toBeGreaterThanOrEqual(st.outputTokPerS!);
		expect(co.meanBatchSize!).toBeGreaterThan(8);
	});

	it('runs the same on many GPUs and with the fitted model', () => {
		const w = randomWorkload(300, 5, { rps: 2 });
		const fitted = continuous({ gpus: 32, perf: { kind: 'fitted', alphaS: 0.03, betaS: 0.008, gamma: 0.5 } });
		const r = simulate(w, fitted).summary;
		expect(r.completed + r.failed + r.dropped).toBe(300);
		expect(r.queueP99S).toBe(0); // far more GPUs than load: an idle GPU takes every arrival at once
	});
});
