/**
 * The datasheet roofline (default): a forward step takes
 *     max(FLOPs / (F·mfu), bytes / (BW·eta)) + overhead,
 * F the GPU's dense BF16 FLOP/s, BW its memory bandwidth (DESIGN.md, "The performance model").
 * The FLOP and byte counts of a step are written once, in stepFlops and stepBytes; the How-it-works
 * page reads its two arms through rooflineArms.
 */
import type { Efficiency, GpuSpec, ModelSpec } from '../types';
import { modelCosts, type ModelCosts } from './model-costs';
import { stretchTimeS } from './stretch';
import type { PerfModel, StepBreakdown, StepLoad, StretchCoefficients } from './types';

/** FLOPs of a step: linear layers per token, attention per (query, context) pair, LM head per emitter. */
export function stepFlops(c: ModelCosts, s: StepLoad): number {
	return 2 * c.paramsNonEmbedding * (s.prefillTokens + s.decodeSeqs) + c.attnFlopsPerPair * (s.prefillAttnPairs + s.decodeAttnCtx) + c.lmHeadFlops * s.emitters;
}

/** Bytes a step moves: every weight once, plus the KV it reads and writes. */
export function stepBytes(c: ModelCosts, s: StepLoad): number {
	return c.weightBytesPerStep + c.kvBytesPerToken * (s.kvReadTokens + s.kvWriteTokens);
}

/** The roofline's two arms for a step, without the overhead: compute-only and memory-only seconds. */
export function rooflineArms(
	inp: { model: ModelSpec; gpu: GpuSpec; efficiency: Efficiency },
	load: StepLoad
): { computeS: number; memoryS: number } {
	const c = modelCosts(inp.model);
	return {
		computeS: stepFlops(c, load) / (inp.gpu.bf16DenseTflops * 1e12 * inp.efficiency.mfu),
		memoryS: stepBytes(c, load) / (inp.gpu.memoryBandwidthGBs * 1e9 * inp.efficiency.eta)
	};
}

/** The roofline model of `model` on `gpu` at the given efficiencies. */
export function createRooflineModel(model: ModelSpec, gpu: GpuSpec, eff: Efficiency): PerfModel {
	const c = modelCosts(model);
	const flopsPerS = gpu.bf16DenseTflops * 1e12 * eff.mfu;
	const bytesPerS = gpu.memoryBandwidthGBs * 1e9 * eff.eta;
	const o = eff.stepOverheadS;
	const linearFlops = 2 * c.paramsNonEmbedding;
	const kv = c.kvBytesPerToken;
	const scratch: StretchCoefficients = { constS: 0, computeS0: 0, computeSlopeS: 0, memoryS0: 0, memorySlopeS: 0 };

	const stepTimeS = (s: StepLoad): number => Math.max(stepFlops(c, s) / flopsPerS, stepBytes(c, s) / bytesPerS) + o;

	// Decode step k (1-based) with b sequences holding ctx0 before step 1: every sequence holds
	// c_i + k − 1 tokens, reads them and writes one, so both FLOPs and bytes are linear in k:
	//   FLOPs_k = b·(2·P_ne + 2·V·d) + attn·(ctx0 + b·k);   bytes_k = W + kv·(ctx0 + b·k).
	const stretchCoefficients = (b: number, ctx0: number, out: StretchCoefficients): void => {
		out.constS = o;
		out.computeS0 = (b * (linearFlops + c.lmHeadFlops) + c.attnFlopsPerPair * ctx0) / flopsPerS;
		out.computeSlopeS = (c.attnFlopsPerPair * b) / flopsPerS;
		out.memoryS0 = (c.weightBytesPerStep + kv * ctx0) / bytesPerS;
		out.memorySlopeS = (kv * b) / bytesPerS;
	};

	const decodeStretchS = (b: number, ctx0: number, steps: number): number => {
		if (steps <= 0 || b <= 0) return 0;
		stretchCoefficients(b, ctx0, scratch);
		return stretchTimeS(scratch, steps);
	};

	/** Each operator priced on the arm that bounds the whole step, so the parts add up to the step. */
	const stepBreakdown = (s: StepLoad): StepBreakdown => {
		const totalS = stepTimeS(s);
		const computeBound = stepFlops(c, s) / flopsPerS >= stepBytes(c, s) / bytesPerS;
		const linearS = computeBound ? (linearFlops * (s.prefillTokens + s.decodeSeqs)) / flopsPerS : (c.paramsNonEmbedding * model.dtypeBytes) / bytesPerS;
		const attentionS = computeBound
			? (c.attnFlopsPerPair * (s.prefillAttnPairs + s.decodeAttnCtx)) / flopsPerS
			: (kv * (s.kvReadTokens + s.kvWriteTokens)) / bytesPerS;
		const lmHeadS = computeBound ? (c.lmHeadFlops * s.emitters) / flopsPerS : (c.weightBytesPerStep - c.paramsNonEmbedding * model.dtypeBytes) / bytesPerS;
		return { linearS, attentionS, lmHeadS, fixedS: o, communicationS: 0, totalS };
	};

	const prefillS = (pSum: number, pSqSum: number, seqs: number): number =>
		stepTimeS({
			prefillTokens: pSum,
			prefillSeqs: seqs,
			prefillAttnPairs: (pSqSum + pSum) / 2, // Σ p(p+1)/2
			decodeSeqs: 0,
			decodeAttnCtx: 0,
			emitters: seqs, // the first output token comes out of prefill
			kvReadTokens: 0,
			kvWriteTokens: pSum
		});

	const label = `roofline: ${gpu.name} at ${Math.round(eff.mfu * 100)}% of peak FLOP/s, ${Math.round(eff.eta * 100)}% of peak bandwidth, ${+(o * 1e3).toFixed(3)} ms per step`;
	return { kind: 'roofline', label, stepTimeS, stepBreakdown, stretchCoefficients, decodeStretchS, prefillS };
}
