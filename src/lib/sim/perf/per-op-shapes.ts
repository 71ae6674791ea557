/**
 * The shapes the per-operator model prices, from the architecture alone: each layer's four matrix
 * products (fused QKV, O, fused gate/up, down) as K×N weight matrices, the LM head, and the
 * attention and KV-cache constants. Units: elements, FLOPs, bytes.
 */
import type { ModelSpec } from '../types';

/** One weight matrix of a matrix product: the activations (M×K) times the weights (K×N). */
export interface MatShape {
	k: number;
	n: number;
}

/** Everything per-op.ts needs about a model, computed once per scenario. */
export interface PerOpShapes {
	layers: number;
	/** Bytes per weight, activation and KV element. */
	dtypeBytes: number;
	/** Per layer: fused QKV (d × (h + 2·h_kv)·d_h), O (h·d_h × d), fused gate/up (d × 2·d_ff), down (d_ff × d). */
	qkv: MatShape;
	o: MatShape;
	gateUp: MatShape;
	down: MatShape;
	/** The LM head: d × V, applied to the tokens that emit. */
	lmHead: MatShape;
	/** Elements an element-wise pass touches per token per layer: hidden + MLP size. */
	actElemsPerTokenLayer: number;
	/** Attention FLOPs per (query token, context token) pair over all layers: 4·L·h·d_h. */
	attnFlopsPerPair: number;
	/** KV-cache bytes per token over all layers: 2·L·h_kv·d_h·s. */
	kvBytesPerToken: number;
	heads: number;
	kvHeads: number;
}

/** The per-operator shapes of a catalog model. */
export function perOpShapes(m: ModelSpec): PerOpShapes {
	const d = m.hiddenSize;
	return {
		layers: m.layers,
		dtypeBytes: m.dtypeBytes,
		qkv: { k: d, n: (m.heads + 2 * m.kvHeads) * m.headDim },
		o: { k: m.heads * m.headDim, n: d },
		gateUp: { k: d, n: 2 * m.intermediateSize },
		down: { k: m.intermediateSize, n: d },
		lmHead: { k: d, n: m.vocabSize },
		actElemsPerTokenLayer: d + m.intermediateSize,
		attnFlopsPerPair: 4 * m.layers * m.heads * m.headDim,
		kvBytesPerToken: 2 * m.layers * m.kvHeads * m.headDim * m.dtypeBytes,
		heads: m.heads,
		kvHeads: m.kvHeads
	};
}
