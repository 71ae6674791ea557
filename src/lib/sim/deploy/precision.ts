/**
 * Weight and KV-cache precisions: how many bytes each weight or KV element takes, at which tensor
 * rate the matrix products run, and what extra work dequantization costs. Catalog models are BF16;
 * a deployment may serve them quantized (DESIGN.md, "Precision").
 *
 * Rules, per weight precision p:
 *   bytes per weight      β_p: bf16 2, fp8 1, int8 1, int4 0.5
 *   linear FLOP rate      F_p: fp8 → the GPU's dense FP8 rate where it has one (W8A8: activations are
 *                         quantized too, so the tensor cores run FP8), else the BF16 rate (with a
 *                         warning); bf16, int8 and int4 → the BF16 rate (int8 and int4 are weight-only,
 *                         W8A16 / W4A16: weights are widened to 16 bits before the product)
 *   dequantization cost   κ_p: the linear layers' FLOP time is multiplied by κ_p = 1 + δ_p, δ = 0.2 for
 *                         int8 and int4, 0 otherwise (see DEQUANT_OVERHEAD).
 * KV precision: bf16 2 bytes per element, fp8 1 byte. FP8 KV is widened to BF16 inside the attention
 * kernel, so attention FLOPs run at the BF16 rate either way; only bytes and capacity change.
 */
import type { GpuSpec } from '../types';

export type WeightPrecision = 'bf16' | 'fp8' | 'int8' | 'int4';
export type KvPrecision = 'bf16' | 'fp8';

/**
 * Extra time the weight-only kernels spend widening packed weights, as a share of the matrix
 * products' compute time. QServe (Lin et al., "QServe: W4A8KV4 Quantization and System Co-design for
 * Efficient LLM Serving", arXiv:2405.04532, MLSys 2025; abstract) measures 20-90% runtime overhead from
 * dequantizing weights or partial sums on GPUs in large-batch serving; we take the low end, 20%, as
 * the cost of a well-tuned W4A16/W8A16 kernel (Marlin, github.com/IST-DASLab/marlin, reaches close to
 * the ideal 4× memory-bound speedup up to batches of 16-32 tokens, so the overhead is charged on the
 * compute arm only, where it shows). Applied to int8 too: the same widening path, fewer bits to unpack,
 * so 20% is an upper-side figure for it.
 */
export const DEQUANT_OVERHEAD = 0.2;

export interface WeightPrecisionInfo {
	id: WeightPrecision;
	label: string;
	/** One sentence for the page and the CLI help. */
	explanation: string;
	bytesPerWeight: number;
	/** Which tensor rate the linear layers run at. */
	computeRate: 'bf16' | 'fp8';
	/** κ − 1: the dequantization share added to the linear layers' compute time. */
	dequantOverhead: number;
}

export interface KvPrecisionInfo {
	id: KvPrecision;
	label: string;
	explanation: string;
	bytesPerElement: number;
}

export const WEIGHT_PRECISIONS: Readonly<Record<WeightPrecision, WeightPrecisionInfo>> = {
	bf16: {
		id: 'bf16',
		label: 'BF16',
		explanation: 'The catalog default: 2 bytes per weight, matrix products at the GPU’s dense BF16 rate.',
		bytesPerWeight: 2,
		computeRate: 'bf16',
		dequantOverhead: 0
	},
	fp8: {
		id: 'fp8',
		label: 'FP8 (W8A8)',
		explanation:
			'Weights and activations in FP8: half the weight bytes, and matrix products at the GPU’s FP8 rate where it has one (BF16 rate otherwise).',
		bytesPerWeight: 1,
		computeRate: 'fp8',
		dequantOverhead: 0
	},
	int8: {
		id: 'int8',
		label: 'INT8 (weight-only, W8A16)',
		explanation:
			'8-bit weights widened to 16 bits in the kernel: half the weight bytes, matrix products at the BF16 rate plus a 20% dequantization cost.',
		bytesPerWeight: 1,
		computeRate: 'bf16',
		dequantOverhead: DEQUANT_OVERHEAD
	},
	int4: {
		id: 'int4',
		label: 'INT4 (weight-only, W4A16)',
		explanation:
			'4-bit weights (AWQ/GPTQ-style) widened to 16 bits in the kernel: a quarter of the weight bytes, matrix products at the BF16 rate plus a 20% dequantization cost.',
		bytesPerWeight: 0.5,
		computeRate: 'bf16',
		dequantOverhead: DEQUANT_OVERHEAD
	}
};

export const KV_PRECISIONS: Readonly<Record<KvPrecision, KvPrecisionInfo>> = {
	bf16: { id: 'bf16', label: 'BF16', explanation: 'The default KV cache: 2 bytes per key or value element.', bytesPerElement: 2 },
	fp8: {
		id: 'fp8',
		label: 'FP8',
		explanation: 'An FP8 KV cache: 1 byte per element, so twice the tokens fit and attention reads half the bytes; attention math stays BF16.',
		bytesPerElement: 1
	}
};

export const WEIGHT_PRECISION_IDS = Object.keys(WEIGHT_PRECISIONS) as WeightPrecision[];
export const KV_PRECISION_IDS = Object.keys(KV_PRECISIONS) as KvPrecision[];

export function isWeightPrecision(s: string): s is WeightPrecision {
	return Object.hasOwn(WEIGHT_PRECISIONS, s);
}
export function isKvPrecision(s: string): s is KvPrecision {
	return Object.hasOwn(KV_PRECISIONS, s);
}

/** The linear layers' dense FLOP rate for a weight precision, TFLOP/s, and a warning when FP8 falls back. */
export function linearTflops(gpu: GpuSpec, p: WeightPrecision): { tflops: number; warning: string | null } {
	if (WEIGHT_PRECISIONS[p].computeRate === 'fp8') {
		const fp8 = gpu.fp8DenseTflops;
		if (typeof fp8 === 'number' && fp8 > 0) return { tflops: fp8, warning: null };
		return {
			tflops: gpu.bf16DenseTflops,
			warning:
				`${gpu.name} has no FP8 tensor cores: FP8 weights still halve the weight bytes, but their matrix products ` +
				`are priced at the BF16 rate (${gpu.bf16DenseTflops} TFLOP/s), as a server would run them after widening.`
		};
	}
	return { tflops: gpu.bf16DenseTflops, warning: null };
}

/**
 * How much longer the linear layers take at precision p than at BF16 on each roofline arm:
 *   compute arm: (F_bf16 / F_p) · κ_p;   memory arm: β_p / 2.
 */
export function linearArmRatios(gpu: GpuSpec, p: WeightPrecision): { compute: number; memory: number } {
	const info = WEIGHT_PRECISIONS[p];
	return {
		compute: (gpu.bf16DenseTflops / linearTflops(gpu, p).tflops) * (1 + info.dequantOverhead),
		memory: info.bytesPerWeight / 2
	};
}
