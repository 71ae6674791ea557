/**
 * The per-operator model's parameters: plain data (it crosses workers, IndexedDB and URLs), every
 * field a physical quantity a person can read and edit. docs/DESIGN.md, "The per-operator model",
 * gives each one's meaning; the calibration (src/lib/calibrate) fits them from measured steps.
 */

/** The fitted, editable parameters. Fractions are of the GPU's datasheet peak; times in seconds. */
export interface PerOpParams {
	/** Share of peak dense FLOP/s a large matrix product reaches (the 8192³ ceiling). */
	matmulEff: number;
	/**
	 * Output tiles (128×128) at which a matrix product reaches half of matmulEff: a product with few
	 * tiles cannot keep 132 SMs busy without splitting K or shrinking tiles, both of which cost.
	 */
	matmulHalfTiles: number;
	/** Share of peak memory bandwidth a streaming read (weights, KV cache at full occupancy) reaches. */
	memEff: number;
	/** Share of peak FLOP/s prefill attention reaches once its query tiles fill the SMs. */
	attnEff: number;
	/**
	 * Share of the causally masked (future) pairs an attention kernel still computes when a prefill
	 * chunk attends to a cached context: 1 for a kernel that takes an explicit mask (it cannot skip
	 * masked tiles), 0 for FlashAttention's offset-causal varlen kernels.
	 */
	ctxMaskWaste: number;
	/** Thread blocks a decode-attention kernel runs per (sequence, KV head): with batch·kvHeads·this < SMs, SMs idle. */
	attnBlocksPerKvHead: number;
	/** Bytes moved by element-wise kernels (norms, RoPE, SiLU·mul, residual adds) per token per layer, in units of dtypeBytes·(hidden + MLP size). */
	actPasses: number;
	/** Fixed latency of one transformer layer's kernels (launch + ramp), seconds, added per layer per step. */
	layerLatencyS: number;
	/** Fixed cost of one forward step outside the layers (embedding, final norm, LM-head launch, sampling), seconds. */
	stepLatencyS: number;
}

/** The parameter names, in a fixed order (the calibration's vector order). */
export const PER_OP_PARAM_NAMES = [
	'matmulEff',
	'matmulHalfTiles',
	'memEff',
	'attnEff',
	'ctxMaskWaste',
	'attnBlocksPerKvHead',
	'actPasses',
	'layerLatencyS',
	'stepLatencyS'
] as const satisfies readonly (keyof PerOpParams)[];

/** How well a profile predicted the steps it was fitted to (fractions, e.g. 0.05 = 5%). */
export interface ProfileFit {
	rows: number;
	medianAbsErr: number;
	p90AbsErr: number;
	maxAbsErr: number;
	/** Models whose measured steps went into the fit. */
	models: string[];
}

/** A per-operator profile: parameters plus where they came from. */
export interface PerOpProfile {
	/** What a person reads next to a number, e.g. "calibrated from measurements (2026-11-30)". */
	label: string;
	/** 'calibrated': fitted to measured steps on `gpu`; 'defaults': fractions learned elsewhere, applied to this GPU's datasheet. */
	source: 'calibrated' | 'defaults';
	/** Catalog GPU id the profile was calibrated on (absent for defaults). */
	gpu?: string;
	params: PerOpParams;
	fit?: ProfileFit;
}
