/**
 * Per-model constants a step cost needs, from the architecture alone (DESIGN.md, "The performance
 * model"). Every performance model and the memory budget read these; units: parameters, bytes, FLOPs.
 */
import type { ModelSpec } from '../types';

export interface ModelCosts {
	/** Non-embedding parameters: L × (Q + K + V + O + 3-matrix MLP). */
	paramsNonEmbedding: number;
	/** Weights resident in GPU memory (embedding counted once when tied), bytes. */
	weightBytes: number;
	/** Bytes every forward step reads: non-embedding weights + the LM head (V·d). */
	weightBytesPerStep: number;
	/** KV bytes per token: 2·L·h_kv·d_h·s (Qwen3-1.7B: 114,688). */
	kvBytesPerToken: number;
	/** Attention FLOPs per (query token, context token) pair: 4·L·h·d_h. */
	attnFlopsPerPair: number;
	/** LM-head FLOPs per emitted token: 2·V·d. */
	lmHeadFlops: number;
}

/** Architecture-derived costs of a model. */
export function modelCosts(m: ModelSpec): ModelCosts {
	const d = m.hiddenSize;
	const perLayer =
		d * m.heads * m.headDim + // Q
		2 * d * m.kvHeads * m.headDim + // K, V
		m.heads * m.headDim * d + // O
		3 * d * m.intermediateSize; // SwiGLU MLP
	const paramsNonEmbedding = m.layers * perLayer;
	const embedding = m.vocabSize * d;
	return {
		paramsNonEmbedding,
		weightBytes: (paramsNonEmbedding + embedding * (m.tiedEmbeddings ? 1 : 2)) * m.dtypeBytes,
		weightBytesPerStep: (paramsNonEmbedding + embedding) * m.dtypeBytes,
		kvBytesPerToken: 2 * m.layers * m.kvHeads * m.headDim * m.dtypeBytes,
		attnFlopsPerPair: 4 * m.layers * m.heads * m.headDim,
		lmHeadFlops: 2 * m.vocabSize * d
	};
}
