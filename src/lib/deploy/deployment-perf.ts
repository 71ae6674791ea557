/**
 * A deployment-aware performance model: wraps any PerfModel (priced for one GPU at BF16) into one for a
 * replica of TP = t GPUs serving weights at precision w and a KV cache at precision kv.
 *
 * This is an approximation of re-pricing every operator on the sharded, quantized shapes. It works on
 * the inner model's per-operator breakdown of each step:
 *   s'(load) = fixed + T_comm(n) + ρ_w(n)·linear / t + lmHead / t + attention · α
 *     fixed        per-kernel latency and step overhead: every GPU pays them, not divided
 *     T_comm(n)    two ring all-reduces per layer (allreduce.ts), n = prefill tokens + decoding sequences
 *     ρ_w(n)       the linear layers' own roofline at precision w over the same at BF16:
 *                  max(C·(F_bf16/F_w)·κ_w, M·β_w/2) / max(C, M), C = 2·P·n/(F_bf16·mfu), M = 2·P/(BW·eta)
 *     lmHead / t   vocabulary-parallel; the LM head stays BF16 (tensor-parallel.ts)
 *     α            attention's own roofline arm decides: compute-bound (prefill) → 1/t, query heads split;
 *                  memory-bound (decode) → (s_kv/2) / (t/r), the KV bytes each GPU reads, r the head replication.
 * Exact (to rounding) when each operator's own bounding resource is the one its inner price was taken
 * on: always for a per-operator roofline; for the whole-step datasheet roofline whenever the step and its
 * operators are bound by the same arm (memory-bound decode, compute-bound prefill), which is the
 * regime the hand-computed tests pin. Near the roofline's ridge the two can disagree by the difference
 * between the arms' precision ratios, at most ρ_c − ρ_m of the linear time.
 *
 * Decode stretches keep the closed form: with C⁰ the inner coefficients at ctx0 = 0 (no attention over
 * old context) and C those at ctx0,
 *   constS' = fixed + T_comm(b) + (C.constS − fixed)/t
 *   computeS0' = C.computeS0/t,  computeSlopeS' = C.computeSlopeS/t
 *   memoryS0'  = C⁰.memoryS0/t + (C.memoryS0 − C⁰.memoryS0)·α_m,  memorySlopeS' = C.memorySlopeS·α_m
 * α_m = (s_kv/2)/(t/r). Everything context-free is divided by t; the context-dependent memory line is
 * attention's KV reads, priced at α_m. The weight precision then re-prices the linear layers where the
 * inner model keeps them: a per-operator model in constS (+ (ρ_w(b) − 1)·linear₁/t, linear₁ its
 * breakdown's linear part at step 1); the whole-step roofline in its lines, each arm by its own ratio
 * (computeS0' += (ρ_c − 1)·2·P·b/(F·mfu)/t, memoryS0' += (ρ_m − 1)·2·P/(BW·eta)/t), which keeps the
 * stretch exact on both arms. A fitted model's breakdown is all fixed cost, so only communication is
 * added: fit it on the deployment it describes.
 */
import type { Efficiency, GpuSpec, ModelSpec } from '../sim/types';
import type { PerfModel, StepBreakdown, StepLoad, StretchCoefficients } from '../sim/perf/types';
import { stepCommunicationS, type LinkSpec } from './allreduce';
import { KV_PRECISIONS, WEIGHT_PRECISIONS, linearArmRatios, linearTflops, type KvPrecision, type WeightPrecision } from './precision';
import { tpShapeError } from './tensor-parallel';

export interface DeploymentSpec {
	model: ModelSpec;
	gpu: GpuSpec;
	efficiency: Efficiency;
	tp: number;
	weights: WeightPrecision;
	kvDtype: KvPrecision;
	/** The GPU's interconnect (catalog/interconnect.ts's linkFor). Ignored at TP 1. */
	link: LinkSpec;
}

/** The pieces the wrapper multiplies the inner breakdown by; exported for the page and the tests. */
export interface DeploymentFactors {
	tp: number;
	kvReplication: number;
	/** Linear layers' time at precision w over BF16, by token count n. */
	linearRatio: (n: number) => number;
	/** Attention factor when attention is memory-bound (decode): (s_kv/2)/(t/r). */
	attentionMemory: number;
	/** Attention factor when compute-bound: 1/t. */
	attentionCompute: number;
	/** The linear layers' precision ratio on each arm, and their BF16 arm times on one GPU. */
	linearArms: { compute: number; memory: number };
	linearComputeS: (n: number) => number;
	linearMemoryS: number;
	/** Whether attention alone is compute-bound for a load (its FLOPs per KV byte above the GPU's ridge). */
	attentionComputeBound: (load: StepLoad) => boolean;
	warnings: string[];
}

export function deploymentFactors(d: DeploymentSpec): DeploymentFactors {
	const shape = tpShapeError(d.model, d.tp);
	if (shape) throw new Error(shape);
	const m = d.model;
	const t = d.tp;
	const r = t > m.kvHeads ? t / m.kvHeads : 1;
	const flopsPerS = d.gpu.bf16DenseTflops * 1e12 * d.efficiency.mfu;
	const bytesPerS = d.gpu.memoryBandwidthGBs * 1e9 * d.efficiency.eta;
	const P = m.layers * (2 * m.hiddenSize * m.heads * m.headDim + 2 * m.hiddenSize * m.kvHeads * m.headDim + 3 * m.hiddenSize * m.intermediateSize);
	const arms = linearArmRatios(d.gpu, d.weights);
	const memS = (2 * P) / bytesPerS;
	const linearRatio = (n: number): number => {
		const c = (2 * P * n) / flopsPerS;
		return Math.max(c * arms.compute, memS * arms.memory) / Math.max(c, memS);
	};
	const attnFlopsPerPair = 4 * m.layers * m.heads * m.headDim;
	const kvBytesPerToken = 2 * m.layers * m.kvHeads * m.headDim * 2;
	const attentionComputeBound = (s: StepLoad): boolean =>
		(attnFlopsPerPair * (s.prefillAttnPairs + s.decodeAttnCtx)) / flopsPerS >= (kvBytesPerToken * (s.kvReadTokens + s.kvWriteTokens)) / bytesPerS;
	const warnings: string[] = [];
	const fp8 = d.weights === 'fp8' ? linearTflops(d.gpu, 'fp8').warning : null;
	if (fp8) warnings.push(fp8);
	return {
		tp: t,
		kvReplication: r,
		linearRatio,
		linearArms: arms,
		linearComputeS: (n: number) => (2 * P * n) / flopsPerS,
		linearMemoryS: memS,
		attentionMemory: KV_PRECISIONS[d.kvDtype].bytesPerElement / 2 / (t / r),
		attentionCompute: 1 / t,
		attentionComputeBound,
		warnings
	};
}

/** Wraps `inner` (one GPU, BF16) into the replica's model. At TP 1, BF16/BF16 it returns the inner prices. */
export function createDeploymentPerfModel(inner: PerfModel, d: DeploymentSpec): PerfModel & { readonly warnings: readonly string[] } {
	const f = deploymentFactors(d);
	const t = f.tp;
	const comm = (n: number) => stepCommunicationS(d.model, n, t, d.link);

	const stepBreakdown = (load: StepLoad): StepBreakdown => {
		const b = inner.stepBreakdown(load);
		const n = load.prefillTokens + load.decodeSeqs;
		const linearS = (f.linearRatio(n) * b.linearS) / t;
		const lmHeadS = b.lmHeadS / t;
		const attentionS = b.attentionS * (f.attentionComputeBound(load) ? f.attentionCompute : f.attentionMemory);
		const communicationS = b.communicationS + comm(n);
		return { linearS, attentionS, lmHeadS, fixedS: b.fixedS, communicationS, totalS: linearS + attentionS + lmHeadS + b.fixedS + communicationS };
	};
	const stepTimeS = (load: StepLoad): number => stepBreakdown(load).totalS;

	const c0: StretchCoefficients = { constS: 0, computeS0: 0, computeSlopeS: 0, memoryS0: 0, memorySlopeS: 0 };
	const firstStep: StepLoad = { prefillTokens: 0, prefillSeqs: 0, prefillAttnPairs: 0, decodeSeqs: 0, decodeAttnCtx: 0, emitters: 0, kvReadTokens: 0, kvWriteTokens: 0 };
	const stretchCoefficients = (batch: number, ctx0: number, out: StretchCoefficients): void => {
		inner.stretchCoefficients(batch, 0, c0);
		inner.stretchCoefficients(batch, ctx0, out);
		// Step 1 of the stretch: b sequences holding ctx0 tokens read them and write one each.
		firstStep.decodeSeqs = batch;
		firstStep.decodeAttnCtx = ctx0 + batch;
		firstStep.emitters = batch;
		firstStep.kvReadTokens = ctx0;
		firstStep.kvWriteTokens = batch;
		const b1 = inner.stepBreakdown(firstStep);
		const alphaM = f.attentionMemory;
		const fixed = b1.fixedS + b1.communicationS;
		const contextFree = out.constS - fixed;
		out.constS = fixed + comm(batch) + contextFree / t;
		out.computeS0 /= t;
		out.computeSlopeS /= t;
		out.memoryS0 = c0.memoryS0 / t + (out.memoryS0 - c0.memoryS0) * alphaM;
		out.memorySlopeS *= alphaM;
		if (contextFree > 0) {
			// Per-operator inner models price the matrix products in constS: re-price them there.
			out.constS += ((f.linearRatio(batch) - 1) * b1.linearS) / t;
		} else {
			// A whole-step roofline keeps them inside its two lines: re-price each arm by its own ratio.
			out.computeS0 += ((f.linearArms.compute - 1) * f.linearComputeS(batch)) / t;
			out.memoryS0 += ((f.linearArms.memory - 1) * f.linearMemoryS) / t;
		}
	};

	const scratch: StretchCoefficients = { constS: 0, computeS0: 0, computeSlopeS: 0, memoryS0: 0, memorySlopeS: 0 };
	const decodeStretchS = (batch: number, ctx0: number, steps: number): number => {
		if (steps <= 0 || batch <= 0) return 0;
		stretchCoefficients(batch, ctx0, scratch);
		return stretchSum(scratch, steps);
	};

	const prefillS = (pSum: number, pSqSum: number, seqs: number): number =>
		stepTimeS({
			prefillTokens: pSum,
			prefillSeqs: seqs,
			prefillAttnPairs: (pSqSum + pSum) / 2,
			decodeSeqs: 0,
			decodeAttnCtx: 0,
			emitters: seqs,
			kvReadTokens: 0,
			kvWriteTokens: pSum
		});

	const parts = [`TP ${t}`, `${WEIGHT_PRECISIONS[d.weights].label} weights`, `${KV_PRECISIONS[d.kvDtype].label} KV`];
	if (t > 1) parts.push(`ring all-reduce at ${d.link.busBandwidthGBs} GB/s, ${d.link.hopLatencyUs} µs per hop`);
	return {
		kind: inner.kind,
		label: `${inner.label}; ${parts.join(', ')}`,
		stepTimeS,
		stepBreakdown,
		stretchCoefficients,
		decodeStretchS,
		prefillS,
		warnings: f.warnings
	};
}

/**
 * Σ_{k=1..n} constS + max(computeS0 + computeSlopeS·k, memoryS0 + memorySlopeS·k): the contract's closed
 * form (src/lib/sim/perf/stretch.ts holds the engine's copy; this file may import only types from sim).
 */
export function stretchSum(c: StretchCoefficients, n: number): number {
	if (n <= 0) return 0;
	const series = (a: number, b: number, from: number, to: number) => (to < from ? 0 : a * (to - from + 1) + (b * (from + to) * (to - from + 1)) / 2);
	const { computeS0: a1, computeSlopeS: b1, memoryS0: a2, memorySlopeS: b2 } = c;
	let sum: number;
	if (b1 === b2) sum = a1 >= a2 ? series(a1, b1, 1, n) : series(a2, b2, 1, n);
	else {
		const split = Math.min(n, Math.max(0, Math.floor((a2 - a1) / (b1 - b2))));
		sum = b1 < b2 ? series(a1, b1, 1, split) + series(a2, b2, split + 1, n) : series(a2, b2, 1, split) + series(a1, b1, split + 1, n);
	}
	return sum + c.constS * n;
}
