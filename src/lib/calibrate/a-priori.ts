/**
 * Per-operator parameters before any measurement: textbook values for a Hopper-class GPU running
 * plain PyTorch kernels. They start the calibration and pull on parameters the measurements cannot
 * see (a weak prior). They are NOT the defaults for GPUs without a profile: those are the fractions
 * the H200 calibration learned (sim/perf/profiles).
 */
import type { PerOpParams } from '../sim/perf/per-op-profile';

/** A-priori parameters (see DESIGN.md, "The per-operator model", for each one's meaning). */
export const A_PRIORI_PARAMS: PerOpParams = {
	matmulEff: 0.7, // cuBLAS on a large bf16 GEMM reaches ~70-80% of the dense peak
	matmulHalfTiles: 50, // about a third of a wave on a 132-SM GPU
	memEff: 0.85, // a streaming read reaches ~85% of datasheet HBM bandwidth
	attnEff: 0.4, // FlashAttention-2 on Hopper: ~35-45% of the dense peak
	ctxMaskWaste: 0.5, // unknown a priori: halfway between a masked kernel (1) and offset-causal FlashAttention (0)
	attnBlocksPerKvHead: 1, // one thread block per (sequence, KV head) without split-KV
	actPasses: 8, // norms, RoPE, SiLU·mul and residual adds each read and write the activations
	layerLatencyS: 40e-6, // ~20 kernels per layer at ~2 µs each inside a CUDA graph
	stepLatencyS: 200e-6 // embedding, final norm, LM head launch, sampling
};
