/**
 * Hand-computed cases for request-level batching: the expected times are derived here from DESIGN.md's
 * formulas (token by token, as an oracle), not from the engine's closed forms.
 */
import { describe, expect, it } from 'vitest';
import { findGpu, findModel } from '../../src/lib/catalog/index';
import { defaultScenario, methodScenario, prepareContext, simulate } from '../../src/lib/sim/index';
import { runRequestLevel } from '../../src/lib/sim/batching/request-level';
import type { GpuSpec, ModelSpec, Scenario } from '../../src/lib/sim/types';
import { workloadOf } from './helpers';

const model = findModel('qwen3-1.7b') as ModelSpec;
const gpu = findGpu('h100-sxm') as GpuSpec;

/** Roofline pieces straight from DESIGN.md. */
function formulas(m: ModelSpec, g: GpuSpec, mfu = 0.5, eta = 0.8, o = 0.001) {
	const d = m.hiddenSize;
	const perLayer = d * m.heads * m.headDim + 2 * d * m.kvHeads * m.headDim + m.heads * m.headDim * d + 3 * d * m.intermediateSize;
	const Pne = m.layers * perLayer;
	const W = (Pne + m.vocabSize * d) * m.dtypeBytes;
	const kv = 2 * m.layers * m.kvHeads * m.headDim * m.dtypeBytes;
	const attn = 4 * m.layers * m.heads * m.headDim;
	const lm = 2 * m.vocabSize * d;
	const F = g.bf16DenseTflops * 1e12 * mfu;
	const BW = g.memoryBandwidthGBs * 1e9 * eta;
	/** Prefill of prompts ps from empty KV; every prompt emits its first token. */
	const prefill = (ps: number[]) => {
		let flops = 0;
		let bytes = W;
		for (const p of ps) {
			flops += 2 * Pne * p + attn * ((p * (p + 1)) / 2) + lm;
			bytes += kv * p;
		}
		return Math.max(flops / F, bytes / BW) + o;
	};
	/** Decode step k (1-based) for sequences that held ps tokens after prefill. */
	const decodeStep = (ps: number[], k: number) => {
		let flops = 0;
		let bytes = W;
		for (const p of ps) {
			const c = p + k - 1; // held before this step
			flops += 2 * Pne + attn * (c + 1) + lm;
			bytes += kv * (c + 1); // read c, write 1
		}
		return Math.max(flops / F, bytes / BW) + o;
	};
	return { prefill, decodeStep, kv };
}

function scenario(over: Partial<Scenario> = {}): Scenario {
	// Hand-computed with the datasheet roofline's formulas above.
	return methodScenario('static', defaultScenario({ model, gpu, perf: { kind: 'roofline' }, ...over }));
}

describe('request-level batching, hand-computed', () => {
	const f = formulas(model, gpu);

	it('one request alone: TTFT = prefill, E2E = prefill + (n−1) decode steps', () => {
		const p = 300;
		const n = 120;
		const w = workloadOf([2], [p], [n]);
		const s = scenario();
		const { ctx } = prepareContext(w, s);
		const rec = runRequestLevel(w, s, ctx);
		const ttft = f.prefill([p]);
		let e2e = ttft;
		for (let k = 1; k <= n - 1; k++) e2e += f.decodeStep([p], k);
		expect(rec.startS[0]).toBe(2);
		expect(rec.firstTokenS[0] - 2).toBeCloseTo(ttft, 12);
		expect(rec.lastTokenS[0] - 2).toBeCloseTo(e2e, 10);
		const r = simulate(w, s);
		expect(r.summary.ttftP50S).toBeCloseTo(ttft, 12);
		expect(r.summary.e2eP95S).toBeCloseTo(e2e, 10);
		expect(r.summary.tbtP50Ms).toBeCloseTo(((e2e - ttft) / (n - 1)) * 1000, 8);
		expect(r.summary.queueP99S).toBe(0);
		expect(r.summary.completed).toBe(1);
	});

	it('a batch of equal requests finishes together, priced as one batch', () => {
		const p = 200;
		const n = 64;
		const w = workloadOf([0, 0, 0, 0], [p, p, p, p], [n, n, n, n]);
		const s = scenario();
		const { ctx } = prepareContext(w, s);
		const rec = runRequestLevel(w, s, ctx);
		const ps = [p, p, p, p];
		let e2e = f.prefill(ps);
		for (let k = 1; k <= n - 1; k++) e2e += f.decodeStep(ps, k);
		expect(rec.batches).toBe(1);
		expect(rec.batchSizeSum).toBe(4);
		for (let i = 0; i < 4; i++) {
			expect(rec.firstTokenS[i]).toBeCloseTo(f.prefill(ps), 12);
			expect(rec.lastTokenS[i]).toBeCloseTo(e2e, 10);
		}
		expect(rec.busyS).toBeCloseTo(e2e, 10);
	});

	it('finished sequences stay as padding; 0 and 1 output tokens finish at prefill end', () => {
		const w = workloadOf([0, 0, 0], [100, 50, 80], [10, 1, 0]);
		const s = scenario();
		const { ctx } = prepareContext(w, s);
		const rec = runRequestLevel(w, s, ctx);
		const ps = [100, 50, 80];
		const pre = f.prefill(ps);
		let end = pre;
		for (let k = 1; k <= 9; k++) end += f.decodeStep(ps, k);
		expect(rec.lastTokenS[1]).toBeCloseTo(pre, 12);
		expect(rec.lastTokenS[2]).toBeCloseTo(pre, 12);
		expect(rec.lastTokenS[0]).toBeCloseTo(end, 10);
		expect(rec.busyEndS[0]).toBeCloseTo(end, 10);
		const r = simulate(w, s);
		expect(r.summary.failed).toBe(1);
		expect(r.summary.completed).toBe(2);
	});

	it('an idle GPU does not wait for a full batch, and later arrivals form the next batch', () => {
		const w = workloadOf([0, 0.001, 0.002], [100, 100, 100], [400, 400, 400]);
		const s = scenario();
		const { ctx } = prepareContext(w, s);
		const rec = runRequestLevel(w, s, ctx);
		expect(rec.startS[0]).toBe(0);
		// Requests 1 and 2 arrive while the GPU is busy; they start together when it frees.
		expect(rec.startS[1]).toBe(rec.busyEndS[0]);
		expect(rec.startS[2]).toBe(rec.busyEndS[0]);
		expect(rec.batches).toBe(2);
	});

	it('ties go to the lowest GPU index', () => {
		const w = workloadOf([5], [100], [10]);
		const s = scenario({ gpus: 4 });
		const { ctx } = prepareContext(w, s);
		const rec = runRequestLevel(w, s, ctx);
		expect(Array.from(rec.busyGpu ?? [])).toEqual([0]);
		// Two simultaneous arrivals with B = 1: GPU 0 takes the first, GPU 1 the second.
		const w2 = workloadOf([1, 1], [100, 100], [10, 10]);
		const s2 = methodScenario('static', defaultScenario({ model, gpu, gpus: 3 }), { batch: 1 });
		const rec2 = runRequestLevel(w2, s2, prepareContext(w2, s2).ctx);
		expect(Array.from(rec2.busyGpu ?? [])).toEqual([0, 1]);
	});

	it('a batch that would overflow the KV cache is cut short', () => {
		const w = workloadOf([0, 0, 0], [100, 100, 100], [10, 10, 10]);
		const s = scenario();
		const { ctx } = prepareContext(w, s);
		// Room for two of these requests (110 tokens each) but not three.
		const rec = runRequestLevel(w, s, { ...ctx, kvCapacityTokens: 250 });
		expect(rec.batches).toBe(2);
		expect(rec.startS[2]).toBe(rec.busyEndS[0]);
	});

	it('refuses a workload whose arrivals go backwards, naming the request', () => {
		expect(() => simulate(workloadOf([0, 2, 1], [10, 10, 10], [5, 5, 5]), scenario())).toThrow(/request 3 arrives at 1 s, before request 2/);
	});

	it('requests that can never fit are dropped with a reason, never queued', () => {
		const w = workloadOf([0, 1], [100, 50_000], [10, 10]);
		const r = simulate(w, scenario());
		expect(r.summary.dropped).toBe(1);
		expect(r.dropReasons).toEqual({ 'exceeds-context': 1 });
		expect(r.summary.completed).toBe(1);
		// A small custom GPU: Qwen3-1.7B leaves KV room well under its 40,960-token context.
		const small = defaultScenario({ gpu: { ...gpu, id: 'tiny', name: 'tiny 5 GB', memoryGB: 5 } });
		const cap = prepareContext(w, small).ctx.kvCapacityTokens;
		const w2 = workloadOf([0], [cap], [10]);
		expect(cap).toBeLessThan(model.maxContext);
		const r2 = simulate(w2, small);
		expect(r2.dropReasons).toEqual({ 'exceeds-kv-capacity': 1 });
		expect(r2.warnings.join(' ')).toMatch(/KV cache/);
	});
});
