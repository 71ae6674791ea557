/**
 * The performance model's contract: what every step-time model (datasheet roofline, per-operator,
 * fitted latency) gives the engine, the How-it-works page and the CLI. The formula for a step exists
 * once, inside a model; everything else asks the model. Units: seconds, tokens.
 *
 * The engine's speed rests on one property: during a decode-only stretch (the same b sequences, each
 * adding one token per step), step k (1-based) takes
 *     s(k) = constS + max(computeS0 + computeSlopeS·k, memoryS0 + memorySlopeS·k)
 * so the time of k steps is a closed form (see stretch.ts). Every model must express its decode steps
 * this way: costs that do not depend on the context (matrix products, the LM head, per-kernel latency,
 * communication) go into constS; the context-dependent attention term is the max of its two lines.
 */

/**
 * What one forward step does, in aggregate. A step may prefill chunks and decode sequences together.
 * A prefill chunk of p new tokens for a sequence already holding c tokens contributes p to
 * prefillTokens, 1 to prefillSeqs and p·c + p·(p+1)/2 to prefillAttnPairs; a decoding sequence
 * holding c tokens contributes 1 to decodeSeqs and c + 1 to decodeAttnCtx.
 */
export interface StepLoad {
	prefillTokens: number;
	/** Sequences that get a prefill chunk in this step. */
	prefillSeqs: number;
	prefillAttnPairs: number;
	decodeSeqs: number;
	decodeAttnCtx: number;
	/** Sequences that emit a token this step (LM head): decoders plus prefills that finish their prompt. */
	emitters: number;
	/** Context tokens read from the KV cache. */
	kvReadTokens: number;
	/** New tokens written to the KV cache. */
	kvWriteTokens: number;
}

/** One step's time split by operator; the parts add up to totalS. */
export interface StepBreakdown {
	/** Matrix products of the transformer layers (QKV, O, gate/up, down). */
	linearS: number;
	/** Attention over the KV cache (prefill and decode). */
	attentionS: number;
	/** The LM head over the emitting sequences. */
	lmHeadS: number;
	/** Fixed costs: per-layer kernel latency and the per-step overhead. */
	fixedS: number;
	/** Collective communication (tensor parallelism); 0 on one GPU. */
	communicationS: number;
	totalS: number;
}

/** Decode-stretch coefficients: s(k) = constS + max(computeS0 + computeSlopeS·k, memoryS0 + memorySlopeS·k). */
export interface StretchCoefficients {
	constS: number;
	computeS0: number;
	computeSlopeS: number;
	memoryS0: number;
	memorySlopeS: number;
}

/** A step-time model, built once per scenario; plain functions on numbers, hot-path friendly. */
export interface PerfModel {
	/** Registry key: 'roofline' | 'per-op' | 'fitted' ... */
	readonly kind: string;
	/** What a person reads next to a number: e.g. "per-operator, calibrated from measurements (2026-11-30)". */
	readonly label: string;
	/** Wall time of one forward step. */
	stepTimeS(load: StepLoad): number;
	/** The same step split by operator (stepBreakdown(l).totalS === stepTimeS(l)). */
	stepBreakdown(load: StepLoad): StepBreakdown;
	/**
	 * Fills `out` with the coefficients of a decode-only stretch: `batch` sequences holding `ctx0` KV
	 * tokens in total before step 1. Allocates nothing (the engine calls it once per stretch).
	 */
	stretchCoefficients(batch: number, ctx0: number, out: StretchCoefficients): void;
	/** Total time of steps 1..steps of such a stretch: the closed form over stretchCoefficients. */
	decodeStretchS(batch: number, ctx0: number, steps: number): number;
	/** Time of one prefill step for `seqs` prompts starting from an empty KV cache (request-level prefill). */
	prefillS(promptTokensSum: number, promptTokensSqSum: number, seqs: number): number;
}
