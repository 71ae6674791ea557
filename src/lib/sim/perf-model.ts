/**
 * Step-time models. The roofline model (default) prices a forward step from its FLOPs and bytes;
 * the fitted model uses T(b, L) = alpha + beta·L·(1 + gamma·(b−1)/b) fitted from a user's latency grid.
 * Formulas: shared DESIGN.md, "The performance model". Units: seconds, FLOPs, bytes.
 */
import type { Efficiency, GpuSpec, ModelSpec, PerfModelSpec } from './types';
import { createPerOpModel } from './perf/per-op';

/** Per-model constants the step cost needs, from the architecture alone. */
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

/**
 * What one forward step does, in aggregate. A step may prefill chunks and decode sequences together.
 * A prefill chunk of p new tokens for a sequence already holding c tokens contributes
 * p to prefillTokens and p·c + p·(p+1)/2 to prefillAttnPairs; a decoding sequence holding c tokens
 * contributes 1 to decodeSeqs and c + 1 to decodeAttnCtx.
 */
export interface StepLoad {
	prefillTokens: number;
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

/** A step-time model. Built once per scenario; plain functions on numbers, hot-path friendly. */
export interface PerfModel {
	readonly kind: PerfModelSpec['kind'];
	/** Wall time of one forward step. */
	stepTimeS(load: StepLoad): number;
	/**
	 * Total time of steps 1..steps of a decode-only stretch: `batch` sequences that hold `ctx0` KV tokens
	 * in total before step 1 and each add one token per step. Closed form, O(1), never a loop.
	 */
	decodeStretchS(batch: number, ctx0: number, steps: number): number;
	/** Time of one prefill step for prompts starting from an empty KV cache (request-level prefill). */
	prefillS(promptTokensSum: number, promptTokensSqSum: number, seqs: number): number;
}

/** Σ_{k=from..to} (a + b·k): an arithmetic series (0 when empty). Module-level so the hot path allocates nothing. */
function arithmeticSeries(a: number, b: number, from: number, to: number): number {
	return to < from ? 0 : a * (to - from + 1) + (b * (from + to) * (to - from + 1)) / 2;
}

/** Σ_{k=1..n} max(a1 + b1·k, a2 + b2·k) in closed form (two arithmetic series around the crossing). */
export function sumMaxLinear(a1: number, b1: number, a2: number, b2: number, n: number): number {
	if (n <= 0) return 0;
	if (b1 === b2) return a1 >= a2 ? arithmeticSeries(a1, b1, 1, n) : arithmeticSeries(a2, b2, 1, n);
	// f(k) - g(k) = (a1 - a2) + (b1 - b2)·k changes sign once, at k* = (a2 - a1)/(b1 - b2).
	const kStar = (a2 - a1) / (b1 - b2);
	// For k <= split the line with the smaller slope dominates (it is larger before the crossing).
	const split = Math.min(n, Math.max(0, Math.floor(kStar)));
	// Plain branches instead of a destructured tuple: this runs once per request in the engine.
	return b1 < b2
		? arithmeticSeries(a1, b1, 1, split) + arithmeticSeries(a2, b2, split + 1, n)
		: arithmeticSeries(a2, b2, 1, split) + arithmeticSeries(a1, b1, split + 1, n);
}

/** Roofline: time = max(FLOPs / (F·mfu), bytes / (BW·eta)) + overhead. */
function rooflineModel(model: ModelSpec, gpu: GpuSpec, eff: Efficiency): PerfModel {
	const c = modelCosts(model);
	const flopsPerS = gpu.bf16DenseTflops * 1e12 * eff.mfu;
	const bytesPerS = gpu.memoryBandwidthGBs * 1e9 * eff.eta;
	const o = eff.stepOverheadS;
	const linearFlops = 2 * c.paramsNonEmbedding;
	const kv = c.kvBytesPerToken;

	const stepTimeS = (s: StepLoad): number => {
		const flops =
			linearFlops * (s.prefillTokens + s.decodeSeqs) +
			c.attnFlopsPerPair * (s.prefillAttnPairs + s.decodeAttnCtx) +
			c.lmHeadFlops * s.emitters;
		const bytes = c.weightBytesPerStep + kv * (s.kvReadTokens + s.kvWriteTokens);
		return Math.max(flops / flopsPerS, bytes / bytesPerS) + o;
	};

	// Decode step k (1-based) with b sequences holding ctx0 before step 1: every sequence holds
	// c_i + k − 1 tokens, reads them and writes one, so both FLOPs and bytes are linear in k:
	//   FLOPs_k = b·(2·P_ne + 2·V·d) + attn·(ctx0 + b·k);   bytes_k = W + kv·(ctx0 + b·k).
	const decodeStretchS = (b: number, ctx0: number, steps: number): number => {
		if (steps <= 0 || b <= 0) return 0;
		const ac = (b * (linearFlops + c.lmHeadFlops) + c.attnFlopsPerPair * ctx0) / flopsPerS;
		const bc = (c.attnFlopsPerPair * b) / flopsPerS;
		const am = (c.weightBytesPerStep + kv * ctx0) / bytesPerS;
		const bm = (kv * b) / bytesPerS;
		return sumMaxLinear(ac, bc, am, bm, steps) + o * steps;
	};

	const prefillS = (pSum: number, pSqSum: number, seqs: number): number =>
		stepTimeS({
			prefillTokens: pSum,
			prefillAttnPairs: (pSqSum + pSum) / 2, // Σ p(p+1)/2
			decodeSeqs: 0,
			decodeAttnCtx: 0,
			emitters: seqs, // the first output token comes out of prefill
			kvReadTokens: 0,
			kvWriteTokens: pSum
		});

	return { kind: 'roofline', stepTimeS, decodeStretchS, prefillS };
}

/** Fitted: prefill = alpha, decode step = beta·(1 + gamma·(b−1)/b), independent of context. */
function fittedModel(spec: Extract<PerfModelSpec, { kind: 'fitted' }>): PerfModel {
	const decodeStep = (b: number) => spec.betaS * (1 + (spec.gamma * (b - 1)) / b);
	return {
		kind: 'fitted',
		stepTimeS: (s) => (s.prefillTokens > 0 ? spec.alphaS : 0) + (s.decodeSeqs > 0 ? decodeStep(s.decodeSeqs) : 0),
		decodeStretchS: (b, _ctx0, steps) => (steps > 0 && b > 0 ? decodeStep(b) * steps : 0),
		prefillS: (pSum) => (pSum > 0 ? spec.alphaS : 0)
	};
}

/** The step-time model a scenario asks for. */
export function createPerfModel(s: { model: ModelSpec; gpu: GpuSpec; efficiency: Efficiency; perf: PerfModelSpec }): PerfModel {
	// Per-operator model (sim/perf/per-op.ts); it implements the richer perf/types.ts contract.
	// Its kind is typed `string` there; this file's older interface wants the union (the engine's
	// registry move removes the difference).
	if (s.perf.kind === 'per-op') return { ...createPerOpModel(s.model, s.gpu, s.perf.profile), kind: 'per-op' };
	return s.perf.kind === 'fitted' ? fittedModel(s.perf) : rooflineModel(s.model, s.gpu, s.efficiency);
}
