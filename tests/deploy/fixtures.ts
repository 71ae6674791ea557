/**
 * Test fixtures: a whole-step datasheet roofline implementing the PerfModel contract with the formulas
 * of src/lib/sim/perf-model.ts (DESIGN.md, "The performance model"), kept inline so these tests pin the
 * deployment wrapper against a known inner model while the engine's own copy moves; and the catalog
 * entries the hand computations use.
 */
import type { PerfModel, StepBreakdown, StepLoad, StretchCoefficients } from '../../src/lib/sim/perf/types';
import type { Efficiency, GpuSpec, ModelSpec } from '../../src/lib/sim/types';
import { stretchSum } from '../../src/lib/sim/deploy/deployment-perf';
import gpus from '../../src/lib/catalog/gpus.json' with { type: 'json' };
import models from '../../src/lib/catalog/models.json' with { type: 'json' };

export const EFF: Efficiency = { mfu: 0.5, eta: 0.8, stepOverheadS: 1e-3, memUtil: 0.9 };
export const gpu = (id: string): GpuSpec => {
	const g = (gpus as GpuSpec[]).find((x) => x.id === id);
	if (!g) throw new Error(`no gpu ${id}`);
	return g;
};
export const model = (id: string): ModelSpec => {
	const m = (models as ModelSpec[]).find((x) => x.id === id);
	if (!m) throw new Error(`no model ${id}`);
	return m;
};

export function rooflineFixture(m: ModelSpec, g: GpuSpec, eff: Efficiency): PerfModel {
	const d = m.hiddenSize;
	const pNe = m.layers * (d * m.heads * m.headDim + 2 * d * m.kvHeads * m.headDim + m.heads * m.headDim * d + 3 * d * m.intermediateSize);
	const wStep = (pNe + m.vocabSize * d) * m.dtypeBytes;
	const kv = 2 * m.layers * m.kvHeads * m.headDim * m.dtypeBytes;
	const attn = 4 * m.layers * m.heads * m.headDim;
	const lm = 2 * m.vocabSize * d;
	const F = g.bf16DenseTflops * 1e12 * eff.mfu;
	const B = g.memoryBandwidthGBs * 1e9 * eff.eta;
	const o = eff.stepOverheadS;
	const flops = (s: StepLoad) => 2 * pNe * (s.prefillTokens + s.decodeSeqs) + attn * (s.prefillAttnPairs + s.decodeAttnCtx) + lm * s.emitters;
	const bytes = (s: StepLoad) => wStep + kv * (s.kvReadTokens + s.kvWriteTokens);
	const stepTimeS = (s: StepLoad) => Math.max(flops(s) / F, bytes(s) / B) + o;
	const stepBreakdown = (s: StepLoad): StepBreakdown => {
		const cb = flops(s) / F >= bytes(s) / B;
		return {
			linearS: cb ? (2 * pNe * (s.prefillTokens + s.decodeSeqs)) / F : (pNe * m.dtypeBytes) / B,
			attentionS: cb ? (attn * (s.prefillAttnPairs + s.decodeAttnCtx)) / F : (kv * (s.kvReadTokens + s.kvWriteTokens)) / B,
			lmHeadS: cb ? (lm * s.emitters) / F : (wStep - pNe * m.dtypeBytes) / B,
			fixedS: o,
			communicationS: 0,
			totalS: stepTimeS(s)
		};
	};
	const stretchCoefficients = (b: number, ctx0: number, out: StretchCoefficients) => {
		out.constS = o;
		out.computeS0 = (b * (2 * pNe + lm) + attn * ctx0) / F;
		out.computeSlopeS = (attn * b) / F;
		out.memoryS0 = (wStep + kv * ctx0) / B;
		out.memorySlopeS = (kv * b) / B;
	};
	const scratch: StretchCoefficients = { constS: 0, computeS0: 0, computeSlopeS: 0, memoryS0: 0, memorySlopeS: 0 };
	return {
		kind: 'roofline',
		label: 'roofline (test fixture)',
		stepTimeS,
		stepBreakdown,
		stretchCoefficients,
		decodeStretchS: (b, ctx0, n) => {
			if (n <= 0 || b <= 0) return 0;
			stretchCoefficients(b, ctx0, scratch);
			return stretchSum(scratch, n);
		},
		prefillS: (pSum, pSqSum, seqs) =>
			stepTimeS({ prefillTokens: pSum, prefillSeqs: seqs, prefillAttnPairs: (pSqSum + pSum) / 2, decodeSeqs: 0, decodeAttnCtx: 0, emitters: seqs, kvReadTokens: 0, kvWriteTokens: pSum })
	};
}

/** Decode step k of a stretch: b sequences holding ctx0 tokens in total before step 1. */
export function decodeLoad(b: number, ctx0: number, k: number): StepLoad {
	return {
		prefillTokens: 0,
		prefillSeqs: 0,
		prefillAttnPairs: 0,
		decodeSeqs: b,
		decodeAttnCtx: ctx0 + b * k,
		emitters: b,
		kvReadTokens: ctx0 + b * (k - 1),
		kvWriteTokens: b
	};
}

export function expectRel(actual: number, expected: number, rel = 1e-9): void {
	const err = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
	if (!(err <= rel)) throw new Error(`expected ${expected}, got ${actual} (relative error ${err.toExponential(2)} > ${rel})`);
}
