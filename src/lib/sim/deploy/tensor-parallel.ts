/**
 * Tensor parallelism (Megatron-style, as vLLM and SGLang shard a dense decoder): a replica spans
 * TP = t GPUs of one node, and every GPU holds 1/t of each layer.
 *
 *   Q, O, gate/up, down projections   split across t GPUs (column- then row-parallel)
 *   K, V projections and the KV cache  split by KV head: each GPU holds h_kv / t heads. When t > h_kv
 *                                      the heads are replicated r = t / h_kv times, so each GPU holds
 *                                      one head and each token's KV is stored r times in the replica.
 *   embedding and LM head              vocabulary-parallel: V / t rows each (tied: one shared matrix)
 *
 * Per-GPU memory, with β the weight precision's bytes and s the KV precision's bytes:
 *   weights_gpu = β·L·(2·d·h·d_h + 3·d·I)/t + β·L·2·d·d_h·(h_kv·r/t) + 2·V·d·(tied ? 1 : 2)/t
 *   kv_gpu per token = 2·L·(h_kv·r/t)·d_h·s
 *   KV capacity of the replica (tokens) = floor((memoryGB·2^30·memUtil − weights_gpu) / kv_gpu)
 * Every GPU of a replica holds the same tokens (its heads' share of each), so the replica's capacity
 * is one GPU's. Embedding and LM head stay BF16 (2 bytes) whatever the weight precision: quantized
 * checkpoints (AWQ, GPTQ, FP8 compressed-tensors) keep them unquantized. Norm weights are ignored, as
 * in the single-GPU rule (src/lib/sim/memory.ts), which this reduces to at t = 1, BF16.
 */
import { GIB, MIN_KV_RESERVE_TOKENS } from '../memory';
import type { Efficiency, GpuSpec, ModelSpec } from '../types';
import { KV_PRECISIONS, WEIGHT_PRECISIONS, type KvPrecision, type WeightPrecision } from './precision';

/** TP sizes a replica may use (powers of two, as the KV-head and head counts of catalog models need). */
export const TP_SIZES = [1, 2, 4, 8] as const;

/**
 * A KV cache worth serving with: room for 16 concurrent 2,048-token requests (32,768 tokens), or the
 * model's whole context when that is smaller. Below it a replica fits but serves a handful of requests
 * at once, so the default TP is the smallest that reaches it.
 */
export const USEFUL_KV_REQUESTS = 16;
export const USEFUL_KV_REQUEST_TOKENS = 2048;
export function usefulKvTokens(model: ModelSpec): number {
	return Math.min(USEFUL_KV_REQUESTS * USEFUL_KV_REQUEST_TOKENS, model.maxContext);
}

/** Error shape of src/lib/trace/types.ts's UserError (structural, so this file stays import-free). */
export interface DeployError {
	code: string;
	message: string;
	field?: string;
}

export interface TpLayout {
	tp: number;
	/** How many times each KV head is stored in the replica: t / h_kv when t > h_kv, else 1. */
	kvReplication: number;
	/** KV heads each GPU holds: h_kv·r / t. */
	kvHeadsPerGpu: number;
	weightBytesPerGpu: number;
	kvBytesPerTokenPerGpu: number;
	/** KV bytes per token summed over the replica's GPUs (r × the unreplicated size). */
	kvBytesPerTokenPerReplica: number;
	/** Extra KV memory replication costs the replica per token: (r − 1) × the unreplicated size. */
	kvReplicationExtraBytesPerToken: number;
	/** memoryGB·2^30·memUtil of one GPU. */
	usableBytesPerGpu: number;
	/** floor((usable − weights_gpu) / kv_gpu); may be negative when the weights alone overflow. */
	kvCapacityTokens: number;
	/** A sentence on what replication costs, or null when heads are not replicated. */
	replicationNote: string | null;
}

/** Why a TP size cannot shard this model (head counts not divisible), or null when it can. */
export function tpShapeError(model: ModelSpec, tp: number): string | null {
	if (!Number.isInteger(tp) || tp < 1) return `TP must be a whole number ≥ 1 (got ${tp}).`;
	if (model.heads % tp !== 0) return `${model.name} has ${model.heads} attention heads, which TP ${tp} does not divide.`;
	const h = model.kvHeads;
	if (tp <= h ? h % tp !== 0 : tp % h !== 0)
		return `${model.name} has ${h} KV heads: TP ${tp} must divide them, or be a multiple of them (then heads are replicated).`;
	return null;
}

/** Per-GPU memory and the replica's KV capacity at TP t, weight precision w and KV precision kv. */
export function tpLayout(model: ModelSpec, gpu: GpuSpec, eff: Efficiency, tp: number, w: WeightPrecision, kv: KvPrecision): TpLayout {
	const shapeError = tpShapeError(model, tp);
	if (shapeError) throw new Error(shapeError);
	const { layers: L, hiddenSize: d, heads: h, kvHeads: hkv, headDim: dh, intermediateSize: I, vocabSize: V } = model;
	const beta = WEIGHT_PRECISIONS[w].bytesPerWeight;
	const s = KV_PRECISIONS[kv].bytesPerElement;
	const r = tp > hkv ? tp / hkv : 1;
	const kvHeadsPerGpu = (hkv * r) / tp;
	const splitLinear = (L * (2 * d * h * dh + 3 * d * I)) / tp;
	const kvProj = L * 2 * d * dh * kvHeadsPerGpu;
	const vocab = (V * d * (model.tiedEmbeddings ? 1 : 2)) / tp;
	const weightBytesPerGpu = beta * (splitLinear + kvProj) + 2 * vocab;
	const kvBytesPerTokenPerGpu = 2 * L * kvHeadsPerGpu * dh * s;
	const unreplicated = 2 * L * hkv * dh * s;
	const usableBytesPerGpu = gpu.memoryGB * GIB * eff.memUtil;
	const kvCapacityTokens = Math.floor((usableBytesPerGpu - weightBytesPerGpu) / kvBytesPerTokenPerGpu);
	const replicationNote =
		r > 1
			? `TP ${tp} exceeds ${model.name}'s ${hkv} KV heads, so each head is stored on ${r} GPUs: every token's KV takes ` +
				`${r}× the memory it would unreplicated (${(((r - 1) * unreplicated) / 1024).toFixed(0)} KiB extra per token), ` +
				`and the KV capacity is what one head's share of each GPU holds.`
			: null;
	return {
		tp,
		kvReplication: r,
		kvHeadsPerGpu,
		weightBytesPerGpu,
		kvBytesPerTokenPerGpu,
		kvBytesPerTokenPerReplica: kvBytesPerTokenPerGpu * tp,
		kvReplicationExtraBytesPerToken: (r - 1) * unreplicated,
		usableBytesPerGpu,
		kvCapacityTokens,
		replicationNote
	};
}

const gib = (b: number) => `${(b / GIB).toFixed(1)} GiB`;

export interface TpChoice {
	tp: number;
	layout: TpLayout;
	/** Set when no TP reaches a useful KV cache and the answer is only the smallest that fits. */
	warning: string | null;
}

/**
 * The default TP: the smallest size (≤ GPUs per node) at which the model fits with a useful KV cache;
 * when none reaches that, the smallest that fits at all (with a warning); when none fits, an error
 * naming the sizes tried.
 */
export function defaultTp(
	model: ModelSpec,
	gpu: GpuSpec,
	eff: Efficiency,
	w: WeightPrecision,
	kv: KvPrecision,
	gpusPerNode: number
): { ok: true; choice: TpChoice } | { ok: false; error: DeployError } {
	const useful = usefulKvTokens(model);
	const layouts = TP_SIZES.filter((t) => t <= gpusPerNode && tpShapeError(model, t) === null).map((t) => tpLayout(model, gpu, eff, t, w, kv));
	const good = layouts.find((l) => l.kvCapacityTokens >= useful);
	if (good) return { ok: true, choice: { tp: good.tp, layout: good, warning: null } };
	const fits = layouts.find((l) => l.kvCapacityTokens >= MIN_KV_RESERVE_TOKENS);
	if (fits)
		return {
			ok: true,
			choice: {
				tp: fits.tp,
				layout: fits,
				warning:
					`${model.name} on ${gpu.name} reaches only ${fits.kvCapacityTokens.toLocaleString('en-US')} KV tokens per replica at TP ${fits.tp} ` +
					`(${useful.toLocaleString('en-US')} would hold ${USEFUL_KV_REQUESTS} requests of ${USEFUL_KV_REQUEST_TOKENS} tokens), and larger TP sizes do not fit in a ${gpusPerNode}-GPU node.`
			}
		};
	const largest = layouts[layouts.length - 1];
	return {
		ok: false,
		error: {
			code: 'model-does-not-fit',
			field: 'model',
			message:
				`${model.name} (${WEIGHT_PRECISIONS[w].label} weights) fits on no ${gpu.name} replica of up to ${largest ? largest.tp : 1} GPUs: ` +
				(largest ? `even at TP ${largest.tp} each GPU needs ${gib(largest.weightBytesPerGpu)} of weights of ${gib(largest.usableBytesPerGpu)} usable. ` : '') +
				`Pick a GPU with more memory, lower-precision weights (--weights fp8 or int4) or a smaller model.`
		}
	};
}

/**
 * Checks a chosen TP: the replica must hold its weights plus MIN_KV_RESERVE_TOKENS of KV. A model that
 * does not fit is refused with the smallest TP that would fit named, so the message says what to do.
 */
export function checkTpFit(
	model: ModelSpec,
	gpu: GpuSpec,
	eff: Efficiency,
	tp: number,
	w: WeightPrecision,
	kv: KvPrecision,
	gpusPerNode: number
): { ok: true; layout: TpLayout } | { ok: false; error: DeployError } {
	const shape = tpShapeError(model, tp);
	if (shape) return { ok: false, error: { code: 'tp-invalid', field: 'tp', message: `${shape} Pick one of ${validTps(model, gpusPerNode).join(', ')}.` } };
	if (tp > gpusPerNode)
		return {
			ok: false,
			error: { code: 'tp-invalid', field: 'tp', message: `TP ${tp} exceeds the ${gpusPerNode} GPUs of a ${gpu.name} node; tensor parallelism stays inside one node.` }
		};
	const layout = tpLayout(model, gpu, eff, tp, w, kv);
	if (layout.kvCapacityTokens >= MIN_KV_RESERVE_TOKENS) return { ok: true, layout };
	const smallest = validTps(model, gpusPerNode)
		.filter((t) => t > tp)
		.find((t) => tpLayout(model, gpu, eff, t, w, kv).kvCapacityTokens >= MIN_KV_RESERVE_TOKENS);
	const need = layout.weightBytesPerGpu + MIN_KV_RESERVE_TOKENS * layout.kvBytesPerTokenPerGpu;
	const where = tp === 1 ? `one ${gpu.name}` : `${tp} × ${gpu.name} at TP ${tp}`;
	return {
		ok: false,
		error: {
			code: 'model-does-not-fit',
			field: 'tp',
			message:
				`${model.name} (${WEIGHT_PRECISIONS[w].label} weights) does not fit on ${where}: each GPU needs ${gib(layout.weightBytesPerGpu)} of weights ` +
				`plus ${gib(need - layout.weightBytesPerGpu)} for ${MIN_KV_RESERVE_TOKENS} tokens of KV, and ${gib(layout.usableBytesPerGpu)} is usable ` +
				`(${gpu.memoryGB} GB × memUtil ${eff.memUtil}). ` +
				(smallest
					? `The smallest tensor-parallel size that fits is TP ${smallest} (--tp ${smallest}).`
					: `No TP up to ${gpusPerNode} fits; pick a GPU with more memory, lower-precision weights or a smaller model.`)
		}
	};
}

/** TP sizes this model can be sharded to within a node. */
export function validTps(model: ModelSpec, gpusPerNode: number): number[] {
	return TP_SIZES.filter((t) => t <= gpusPerNode && tpShapeError(model, t) === null);
}
