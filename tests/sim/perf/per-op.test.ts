/**
 * The per-operator model against costs computed by hand for one decode and one prefill step, the
 * closed-form decode stretch against the step-by-step sum, and the breakdown adding up.
 */
import { describe, expect, it } from 'vitest';
import { createPerOpModel } from '../../../src/lib/sim/perf/per-op';
import type { PerOpProfile } from '../../../src/lib/sim/perf/per-op-profile';
import type { StepLoad, StretchCoefficients } from '../../../src/lib/sim/perf/types';
import type { GpuSpec, ModelSpec } from '../../../src/lib/sim/types';

// A toy model and GPU with round numbers, so every cost below is checkable on paper.
const model: ModelSpec = {
	id: 'toy',
	name: 'toy',
	layers: 2,
	hiddenSize: 256,
	heads: 2,
	kvHeads: 1,
	headDim: 128,
	intermediateSize: 512,
	vocabSize: 1024,
	tiedEmbeddings: true,
	maxContext: 4096,
	dtypeBytes: 2
};
const gpu: GpuSpec = { id: 'g', name: 'G', memoryGB: 80, memoryBandwidthGBs: 1000, bf16DenseTflops: 100, smCount: 4 };
const profile: PerOpProfile = {
	label: 'test',
	source: 'calibrated',
	params: {
		matmulEff: 0.5,
		matmulHalfTiles: 2,
		memEff: 0.5,
		attnEff: 0.25,
		ctxMaskWaste: 1,
		attnBlocksPerKvHead: 1,
		actPasses: 4,
		layerLatencyS: 1e-5,
		stepLatencyS: 1e-4
	}
};
const F = 100e12 * 0.5; // achieved matmul FLOP/s
const FA = 100e12 * 0.25; // achieved attention FLOP/s
const BW = 1000e9 * 0.5; // achieved bytes/s
const KV = 2 * 2 * 1 * 128 * 2; // 2·L·h_kv·d_h·s = 1024 bytes per token

/** Hand formula for one matrix product (tiles of 128, 4 SMs). */
function mm(m: number, k: number, n: number): number {
	const tiles = Math.ceil(m / 128) * Math.ceil(n / 128);
	const waves = tiles <= 4 ? 1 : (Math.ceil(tiles / 4) * 4) / tiles;
	const compute = (2 * m * k * n * (1 + 2 / tiles) * waves) / F;
	const memory = (2 * (k * n + m * k + m * n)) / BW;
	return Math.max(compute, memory);
}
const layerMats = (m: number) => mm(m, 256, 512) + mm(m, 256, 256) + mm(m, 256, 1024) + mm(m, 512, 256);

describe('per-operator model, hand-computed', () => {
	const perf = createPerOpModel(model, gpu, profile);

	it('prices a decode step of 4 sequences at context 100', () => {
		const load: StepLoad = { prefillTokens: 0, prefillSeqs: 0, prefillAttnPairs: 0, decodeSeqs: 4, decodeAttnCtx: 4 * 101, emitters: 4, kvReadTokens: 400, kvWriteTokens: 4 };
		// QKV: K=256, N=(2+2)·128=512; at M=4 every product is memory-bound: e.g. QKV reads
		// 2·(256·512 + 4·256 + 4·512) = 268,288 bytes → 0.537 µs.
		expect(mm(4, 256, 512)).toBeCloseTo(268_288 / BW, 15);
		const linear = 2 * layerMats(4) + (4 * 2 * (256 + 512) * 2 * 4 + KV * 4) / BW;
		// Decode attention: 4 seqs × 1 KV head × 1 block = 4 blocks on 4 SMs → occupancy 1; 404 tokens of KV.
		const attn = Math.max((4 * 2 * 2 * 128 * 404) / FA, (KV * 404) / BW);
		const lm = mm(4, 256, 1024);
		const fixed = 2 * 1e-5 + 1e-4;
		const b = perf.stepBreakdown(load);
		expect(b.linearS).toBeCloseTo(linear, 15);
		expect(b.attentionS).toBeCloseTo(attn, 15);
		expect(b.lmHeadS).toBeCloseTo(lm, 15);
		expect(b.fixedS).toBeCloseTo(fixed, 15);
		expect(b.totalS).toBeCloseTo(linear + attn + lm + fixed, 15);
		expect(perf.stepTimeS(load)).toBe(b.totalS);
	});

	it('prices a prefill of one 512-token chunk over 256 cached tokens', () => {
		const p = 512;
		const c = 256;
		const pairs = p * c + (p * (p + 1)) / 2;
		const load: StepLoad = { prefillTokens: p, prefillSeqs: 1, prefillAttnPairs: pairs, decodeSeqs: 0, decodeAttnCtx: 0, emitters: 1, kvReadTokens: c, kvWriteTokens: p };
		// With a cached context the masked kernel also computes the chunk's future pairs p(p−1)/2;
		// prefill occupancy: 2 heads × 512 / 128 = 8 blocks on 4 SMs → 1.
		const attn = Math.max((4 * 2 * 2 * 128 * (pairs + (p * (p - 1)) / 2)) / FA, (KV * c) / BW);
		const linear = 2 * layerMats(p) + (4 * 2 * (256 + 512) * 2 * p + KV * p) / BW;
		const b = perf.stepBreakdown(load);
		expect(b.attentionS).toBeCloseTo(attn, 15);
		expect(b.linearS).toBeCloseTo(linear, 15);
		expect(b.lmHeadS).toBeCloseTo(mm(1, 256, 1024), 15);
		expect(b.totalS).toBeCloseTo(linear + attn + mm(1, 256, 1024) + 2e-5 + 1e-4, 15);
		// prefillS is the same step without cached context.
		const fresh = perf.prefillS(p, p * p, 1);
		const freshAttn = Math.max((4 * 2 * 2 * 128 * ((p * (p + 1)) / 2)) / FA, 0);
		expect(fresh).toBeCloseTo(linear + freshAttn + mm(1, 256, 1024) + 2e-5 + 1e-4, 15);
	});

	it('idles SMs in decode attention when batch × KV heads is below the SM count', () => {
		const one = perf.stepBreakdown({ prefillTokens: 0, prefillSeqs: 0, prefillAttnPairs: 0, decodeSeqs: 1, decodeAttnCtx: 4001, emitters: 1, kvReadTokens: 4000, kvWriteTokens: 1 });
		// 1 block on 4 SMs: a quarter of the bandwidth.
		expect(one.attentionS).toBeCloseTo(Math.max((4 * 2 * 2 * 128 * 4001) / (FA / 4), (KV * 4001) / (BW / 4)), 15);
	});
});

describe('decode stretch: closed form equals the step-by-step sum', () => {
	const perf = createPerOpModel(model, gpu, profile);
	const cases: [number, number, number][] = [
		[1, 10, 50],
		[3, 3000, 200],
		[4, 400, 1000],
		[64, 64 * 2048, 300]
	];
	it.each(cases)('batch %i, ctx0 %i, %i steps', (b, ctx0, steps) => {
		let sum = 0;
		const out: StretchCoefficients = { constS: 0, computeS0: 0, computeSlopeS: 0, memoryS0: 0, memorySlopeS: 0 };
		perf.stretchCoefficients(b, ctx0, out);
		for (let k = 1; k <= steps; k++) {
			const load: StepLoad = { prefillTokens: 0, prefillSeqs: 0, prefillAttnPairs: 0, decodeSeqs: b, decodeAttnCtx: ctx0 + b * k, emitters: b, kvReadTokens: ctx0 + b * (k - 1), kvWriteTokens: b };
			const s = perf.stepTimeS(load);
			const fromCoeff = out.constS + Math.max(out.computeS0 + out.computeSlopeS * k, out.memoryS0 + out.memorySlopeS * k);
			expect(fromCoeff).toBeCloseTo(s, 14);
			sum += s;
		}
		expect(perf.decodeStretchS(b, ctx0, steps) / sum).toBeCloseTo(1, 12);
	});
	it('is 0 for no steps or no sequences', () => {
		expect(perf.decodeStretchS(4, 100, 0)).toBe(0);
		expect(perf.decodeStretchS(0, 100, 10)).toBe(0);
	});
});

describe('per-operator memo tables shared between models', () => {
	const load = (prefillTokens: number, emitters: number): StepLoad => ({
		prefillTokens,
		prefillSeqs: emitters,
		prefillAttnPairs: prefillTokens,
		decodeSeqs: 0,
		decodeAttnCtx: 0,
		emitters,
		kvReadTokens: 0,
		kvWriteTokens: prefillTokens
	});
	const tokens = [1, 7, 128, 129, 1000, 1024 + 1000, 16_384 + 7, 100_000, 5000];

	it('a second model with the same parameters reads the same bits, in any call order', () => {
		const a = createPerOpModel(model, gpu, profile);
		const first = tokens.map((t) => a.stepTimeS(load(t, 1 + (t % 5))));
		const b = createPerOpModel(model, gpu, profile);
		const again = [...tokens].reverse().map((t) => b.stepTimeS(load(t, 1 + (t % 5)))).reverse();
		expect(again).toEqual(first);
		// And the warm value is the hand formula's matrix products, exactly as a cold model prices them.
		expect(b.stepBreakdown(load(128, 3)).lmHeadS).toBe(mm(3, 256, 1024));
	});

	it('a model on another GPU does not read the first one memo', () => {
		const a = createPerOpModel(model, gpu, profile);
		const other = createPerOpModel(model, { ...gpu, bf16DenseTflops: 50 }, profile);
		const big = load(100_000, 1);
		expect(other.stepBreakdown(big).linearS).toBeGreaterThan(a.stepBreakdown(big).linearS * 1.5);
	});
});
