/**
 * The wrapper over a per-operator inner model (each operator on its own roofline, the context-free
 * ones priced in constS, as the per-op model does): here the re-pricing is exact, so the expected
 * step is written out operator by operator, and the stretch closed form must equal the step sum.
 */
import { describe, expect, it } from 'vitest';
import { createDeploymentPerfModel } from '../../src/lib/sim/deploy/deployment-perf';
import { stepCommunicationS } from '../../src/lib/sim/deploy/allreduce';
import type { KvPrecision, WeightPrecision } from '../../src/lib/sim/deploy/precision';
import type { PerfModel, StepBreakdown, StepLoad, StretchCoefficients } from '../../src/lib/sim/perf/types';
import type { ModelSpec } from '../../src/lib/sim/types';
import { stretchSum } from '../../src/lib/sim/deploy/deployment-perf';
import { EFF, decodeLoad, expectRel, gpu, model } from './fixtures';

const M = model('qwen3-8b');
const G = gpu('h100-sxm');
const LINK = { busBandwidthGBs: 450, hopLatencyUs: 1.9 };
const KERNEL_S = 20e-6; // per-layer kernel latency of the made-up per-op model

function shapes(m: ModelSpec) {
	const d = m.hiddenSize;
	const P = m.layers * (2 * d * m.heads * m.headDim + 2 * d * m.kvHeads * m.headDim + 3 * d * m.intermediateSize);
	return { P, lm: 2 * m.vocabSize * d, lmBytes: m.vocabSize * d * 2, attn: 4 * m.layers * m.heads * m.headDim, kv: 2 * m.layers * m.kvHeads * m.headDim * 2 };
}
const F = G.bf16DenseTflops * 1e12 * EFF.mfu;
const B = G.memoryBandwidthGBs * 1e9 * EFF.eta;
const FIXED = EFF.stepOverheadS + M.layers * KERNEL_S;

function perOpFixture(): PerfModel {
	const s = shapes(M);
	const parts = (l: StepLoad): StepBreakdown => {
		const n = l.prefillTokens + l.decodeSeqs;
		const linearS = Math.max((2 * s.P * n) / F, (2 * s.P) / B);
		const lmHeadS = Math.max((s.lm * l.emitters) / F, s.lmBytes / B);
		const attentionS = Math.max((s.attn * (l.prefillAttnPairs + l.decodeAttnCtx)) / F, (s.kv * (l.kvReadTokens + l.kvWriteTokens)) / B);
		return { linearS, lmHeadS, attentionS, fixedS: FIXED, communicationS: 0, totalS: linearS + lmHeadS + attentionS + FIXED };
	};
	const coeffs = (b: number, ctx0: number, out: StretchCoefficients) => {
		out.constS = FIXED + Math.max((2 * s.P * b) / F, (2 * s.P) / B) + Math.max((s.lm * b) / F, s.lmBytes / B);
		out.computeS0 = (s.attn * ctx0) / F;
		out.computeSlopeS = (s.attn * b) / F;
		out.memoryS0 = (s.kv * ctx0) / B;
		out.memorySlopeS = (s.kv * b) / B;
	};
	const c: StretchCoefficients = { constS: 0, computeS0: 0, computeSlopeS: 0, memoryS0: 0, memorySlopeS: 0 };
	return {
		kind: 'per-op',
		label: 'per-op (test fixture)',
		stepTimeS: (l) => parts(l).totalS,
		stepBreakdown: parts,
		stretchCoefficients: coeffs,
		decodeStretchS: (b, ctx0, n) => (coeffs(b, ctx0, c), stretchSum(c, n)),
		prefillS: () => {
			throw new Error('not used');
		}
	};
}

/** Operator by operator on the sharded, quantized shapes. */
function expected(l: StepLoad, t: number, w: WeightPrecision, kv: KvPrecision): number {
	const s = shapes(M);
	const n = l.prefillTokens + l.decodeSeqs;
	const beta = { bf16: 2, fp8: 1, int8: 1, int4: 0.5 }[w];
	const Fw = w === 'fp8' ? G.fp8DenseTflops! * 1e12 * EFF.mfu : F;
	const kappa = w === 'int8' || w === 'int4' ? 1.2 : 1;
	const sKv = kv === 'fp8' ? 1 : 2;
	const linear = Math.max((2 * s.P * n * kappa) / Fw / t, (s.P * beta) / B / t);
	const lmHead = Math.max((s.lm * l.emitters) / F / t, s.lmBytes / B / t);
	const attention = Math.max((s.attn * (l.prefillAttnPairs + l.decodeAttnCtx)) / F / t, ((s.kv / 2) * sKv * (l.kvReadTokens + l.kvWriteTokens)) / B / t);
	return FIXED + stepCommunicationS(M, n, t, LINK) + linear + lmHead + attention;
}

describe('per-operator inner model: exact re-pricing and a consistent stretch', () => {
	const cases: [number, WeightPrecision, KvPrecision, number][] = [
		[2, 'bf16', 'bf16', 8],
		[2, 'fp8', 'fp8', 64],
		[4, 'int4', 'bf16', 32],
		[8, 'int8', 'fp8', 256],
		[8, 'fp8', 'bf16', 400]
	];
	it.each(cases)('TP %i, %s weights, %s KV, batch %i', (t, w, kv, b) => {
		const m = createDeploymentPerfModel(perOpFixture(), { model: M, gpu: G, efficiency: EFF, tp: t, weights: w, kvDtype: kv, link: LINK });
		expect(m.innerShape).toBe('per-operator');
		const ctx0 = b * 700;
		let sum = 0;
		for (let k = 1; k <= 300; k++) {
			const load = decodeLoad(b, ctx0, k);
			const s = m.stepTimeS(load);
			if (k === 1 || k === 300) expectRel(s, expected(load, t, w, kv));
			sum += s;
		}
		expectRel(m.decodeStretchS(b, ctx0, 300), sum);
	});
});
