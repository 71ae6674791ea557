/**
 * Tensor-parallel communication. Each transformer layer ends its attention block and its MLP block
 * with a row-parallel matrix product whose partial sums the t GPUs add up: two all-reduces per layer
 * of the step's activations (Megatron-LM; vLLM's RowParallelLinear).
 *
 * Ring all-reduce of S bytes over t GPUs (the cost model NCCL itself uses for rings, src/graph/tuning.cc:
 * 2(t−1) steps, each moving S/t bytes and paying one hop's latency):
 *     T_ar(S) = 2(t−1)/t · S / B  +  2(t−1) · λ
 * B the per-GPU bus bandwidth in one direction, λ the per-hop latency (src/lib/catalog/interconnect.json).
 * A step carrying n tokens (prefill chunk tokens + decoding sequences) all-reduces S = n·d·a bytes,
 * a = 2 (activations stay BF16 whatever the weight precision), twice per layer:
 *     T_comm(n) = 2·L·T_ar(n·d·a)
 * Within a decode stretch n = b is fixed, so T_comm is a constant of the stretch (StretchCoefficients.constS).
 * Not charged: NCCL's per-call base latency, the LM head's logit gather, and any overlap of
 * communication with compute (vLLM does not overlap them in decode).
 */
import type { ModelSpec } from '../types';

/** Bytes per activation element on the wire: BF16. */
export const ACTIVATION_BYTES = 2;

/** A link as the all-reduce sees it. */
export interface LinkSpec {
	/** Per-GPU bandwidth in one direction, GB/s (10^9 bytes/s). */
	busBandwidthGBs: number;
	/** Latency of one ring step, microseconds. */
	hopLatencyUs: number;
}

/** Ring all-reduce time of `bytes` over `tp` GPUs, seconds (0 on one GPU). */
export function ringAllReduceS(bytes: number, tp: number, link: LinkSpec): number {
	if (tp <= 1) return 0;
	return ((2 * (tp - 1)) / tp) * (bytes / (link.busBandwidthGBs * 1e9)) + 2 * (tp - 1) * link.hopLatencyUs * 1e-6;
}

/** Per-step communication of a forward pass over `tokens` tokens: two all-reduces per layer. */
export function stepCommunicationS(model: ModelSpec, tokens: number, tp: number, link: LinkSpec): number {
	if (tp <= 1 || tokens <= 0) return 0;
	return 2 * model.layers * ringAllReduceS(tokens * model.hiddenSize * ACTIVATION_BYTES, tp, link);
}

/** The closed form's pieces: T_comm(n) = fixedS + perTokenS·n, for the page and for tests. */
export function communicationCoefficients(model: ModelSpec, tp: number, link: LinkSpec): { fixedS: number; perTokenS: number } {
	if (tp <= 1) return { fixedS: 0, perTokenS: 0 };
	return {
		fixedS: 2 * model.layers * 2 * (tp - 1) * link.hopLatencyUs * 1e-6,
		perTokenS: (2 * model.layers * ((2 * (tp - 1)) / tp) * model.hiddenSize * ACTIVATION_BYTES) / (link.busBandwidthGBs * 1e9)
	};
}
