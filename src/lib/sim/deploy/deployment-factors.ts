/**
 * The multipliers the deployment model (deployment-perf.ts) applies to a single-GPU BF16 price, and
 * the architecture's own roofline arms per operator, from which they are taken. Formulas: DESIGN.md,
 * "Tensor parallelism: step time".
 */
import type { StepLoad } from '../perf/types';
import type { Efficiency, GpuSpec, ModelSpec } from '../types';
import type { LinkSpec } from './allreduce';
import { KV_PRECISIONS, linearArmRatios, linearTflops, type KvPrecision, type WeightPrecision } from './precision';
import { tpShapeError } from './tensor-parallel';

export interface DeploymentSpec {
	model: ModelSpec;
	gpu: GpuSpec;
	efficiency: Efficiency;
	tp: number;
	weights: WeightPrecision;
	kvDtype: KvPrecision;
	/** The GPU's interconnect (catalog/interconnect.ts's findInterconnect). Ignored at TP 1. */
	link: LinkSpec;
}

/** One step's operators on one GPU at BF16, on each roofline arm (seconds, without overheads). */
export interface OperatorArms {
	linearCompute: number;
	lmHeadCompute: number;
	attentionCompute: number;
	linearMemory: number;
	lmHeadMemory: number;
	attentionMemory: number;
}

export interface DeploymentFactors {
	tp: number;
	/** How many GPUs hold each KV head: t / h_kv when t > h_kv, else 1. */
	kvReplication: number;
	/** The linear layers' precision ratio on each arm: compute (F/F_w)·κ_w, memory β_w/2. */
	linearArms: { compute: number; memory: number };
	/** ρ_w(n): the linear layers' own roofline at precision w over the same at BF16, n tokens. */
	linearRatio: (n: number) => number;
	/** Attention's factor on the memory arm: (s_kv/2)/(t/r), the KV bytes each GPU reads. */
	attentionMemory: number;
	/** Attention's factor on the compute arm: 1/t, the query heads each GPU computes. */
	attentionCompute: number;
	/** Whether attention alone is compute-bound for a load (prefill) or memory-bound (decode). */
	attentionComputeBound: (load: StepLoad) => boolean;
	/** The architecture's datasheet-roofline arms of a step, per operator, on one GPU at BF16. */
	operatorArms: (load: StepLoad) => OperatorArms;
	warnings: string[];
}

export function deploymentFactors(d: DeploymentSpec): DeploymentFactors {
	const shape = tpShapeError(d.model, d.tp);
	if (shape) throw new Error(shape);
	const m = d.model;
	const t = d.tp;
	const r = t > m.kvHeads ? t / m.kvHeads : 1;
	const F = d.gpu.bf16DenseTflops * 1e12 * d.efficiency.mfu;
	const B = d.gpu.memoryBandwidthGBs * 1e9 * d.efficiency.eta;
	const P = m.layers * (2 * m.hiddenSize * m.heads * m.headDim + 2 * m.hiddenSize * m.kvHeads * m.headDim + 3 * m.hiddenSize * m.intermediateSize);
	const lmFlops = 2 * m.vocabSize * m.hiddenSize;
	const lmBytes = 2 * m.vocabSize * m.hiddenSize;
	const attnFlopsPerPair = 4 * m.layers * m.heads * m.headDim;
	const kvBytesPerToken = 2 * m.layers * m.kvHeads * m.headDim * 2;
	const arms = linearArmRatios(d.gpu, d.weights);
	const linearMemory = (2 * P) / B;
	const operatorArms = (s: StepLoad): OperatorArms => ({
		linearCompute: (2 * P * (s.prefillTokens + s.decodeSeqs)) / F,
		lmHeadCompute: (lmFlops * s.emitters) / F,
		attentionCompute: (attnFlopsPerPair * (s.prefillAttnPairs + s.decodeAttnCtx)) / F,
		linearMemory,
		lmHeadMemory: lmBytes / B,
		attentionMemory: (kvBytesPerToken * (s.kvReadTokens + s.kvWriteTokens)) / B
	});
	const linearRatio = (n: number): number => {
		const c = (2 * P * n) / F;
		return Math.max(c * arms.compute, linearMemory * arms.memory) / Math.max(c, linearMemory);
	};
	const attentionComputeBound = (s: StepLoad): boolean =>
		(attnFlopsPerPair * (s.prefillAttnPairs + s.decodeAttnCtx)) / F >= (kvBytesPerToken * (s.kvReadTokens + s.kvWriteTokens)) / B;
	const warnings: string[] = [];
	const fp8 = d.weights === 'fp8' ? linearTflops(d.gpu, 'fp8').warning : null;
	if (fp8) warnings.push(fp8);
	return {
		tp: t,
		kvReplication: r,
		linearArms: arms,
		linearRatio,
		attentionMemory: KV_PRECISIONS[d.kvDtype].bytesPerElement / 2 / (t / r),
		attentionCompute: 1 / t,
		attentionComputeBound,
		operatorArms,
		warnings
	};
}
