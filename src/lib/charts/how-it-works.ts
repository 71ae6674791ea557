/**
 * Series for the "How it works" page (HowItWorks.svelte) and its charts, every number from the engine's
 * own code (modelCosts, createPerfModel, memoryBudget): decode step time and tokens/s against batch
 * size with the memory-bound → compute-bound crossover, and prefill time against prompt length.
 * Roofline (DESIGN.md): time = max(FLOPs / (F·mfu), bytes / (BW·eta)) + overhead.
 */
import { memoryBudget } from '../sim/memory';
import { createPerfModel, rooflineArms as engineRooflineArms, type StepLoad } from '../sim/perf/index';
import type { Efficiency, GpuSpec, ModelSpec } from '../sim/types';

/** What the charts explain: a model on a GPU at some efficiencies. */
export interface HowItWorksInput {
	model: ModelSpec;
	gpu: GpuSpec;
	efficiency: Efficiency;
}

/**
 * Batch sizes the page's decode charts plot (one dot each): powers of two and the halfway points,
 * 1..1024, so the dots sit evenly on a log axis.
 */
export const DECODE_BATCHES: readonly number[] = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024];

/** Prompt lengths (tokens) the page's prefill chart plots: powers of two 16..32,768 (1,024 is quoted in its formula). */
export const PREFILL_PROMPTS: readonly number[] = [16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768];

/** Largest batch decodeComputeBoundFrom looks at by default: beyond it no GPU holds the KV cache anyway. */
export const MAX_CROSSOVER_BATCH = 1 << 16;

/** Log-spaced integers from 1 to max (inclusive, unique), about `perDecade` per decade. */
export function logSpacedInts(max: number, perDecade = 12): number[] {
	const out = new Set<number>([1]);
	const n = Math.ceil(Math.log10(Math.max(1, max)) * perDecade);
	for (let i = 1; i <= n; i++) out.add(Math.min(max, Math.round(10 ** (i / perDecade))));
	out.add(Math.max(1, Math.floor(max)));
	return [...out].sort((a, b) => a - b);
}

/** One decode step of `b` sequences that each hold `ctx` tokens: the engine's StepLoad for it. */
export function decodeLoad(b: number, ctx: number): StepLoad {
	return {
		prefillTokens: 0,
		prefillSeqs: 0,
		prefillAttnPairs: 0,
		decodeSeqs: b,
		decodeAttnCtx: b * (ctx + 1),
		emitters: b,
		kvReadTokens: b * ctx,
		kvWriteTokens: b
	};
}

/**
 * Compute-only and memory-only seconds of a step (the two roofline arms, without overhead): FLOPs /
 * (F·mfu) and bytes / (BW·eta). The engine's roofline step time is max of the two plus the overhead.
 */
export function rooflineArms(inp: HowItWorksInput, load: StepLoad): { computeS: number; memoryS: number } {
	return engineRooflineArms(inp, load);
}

/**
 * Batch size at which a decode step turns compute-bound, for sequences of `ctx` tokens: both arms are
 * linear in b, so b* = (W / BW') / (A / F' − B / BW'). null when compute never catches up (attention
 * and KV reads grow as fast as FLOPs, e.g. very long contexts on a low-bandwidth GPU).
 */
export function decodeCrossoverBatch(inp: HowItWorksInput, ctx: number): number | null {
	const one = rooflineArms(inp, decodeLoad(1, ctx));
	const zero = rooflineArms(inp, decodeLoad(0, ctx)); // weights only
	const perSeqCompute = one.computeS - zero.computeS;
	const perSeqMemory = one.memoryS - zero.memoryS;
	const gap = perSeqCompute - perSeqMemory;
	if (!(gap > 0)) return null;
	return zero.memoryS / gap;
}

/**
 * Smallest whole batch at which a decode step of `ctx`-token sequences is compute-bound (compute time ≥
 * memory time): ⌈decodeCrossoverBatch⌉, at least 1, checked against the arms so rounding in b* never
 * puts it one off. null when compute never catches up, or only past `maxBatch`.
 */
export function decodeComputeBoundFrom(inp: HowItWorksInput, ctx: number, maxBatch = MAX_CROSSOVER_BATCH): number | null {
	const real = decodeCrossoverBatch(inp, ctx);
	if (real === null || !Number.isFinite(real)) return null;
	const computeBound = (b: number) => {
		const x = rooflineArms(inp, decodeLoad(b, ctx));
		return x.computeS >= x.memoryS;
	};
	let b = Math.max(1, Math.ceil(real));
	// Both arms are linear in b (so "compute-bound" is monotone): a step either way fixes a rounding slip in `real`.
	while (b > 1 && computeBound(b - 1)) b--;
	while (b <= maxBatch && !computeBound(b)) b++;
	return b <= maxBatch ? b : null;
}

/** Decode charts' data: step time (total and both arms) and tokens/s against batch size. */
export interface DecodeRoofline {
	batches: number[];
	stepMs: number[];
	computeMs: number[];
	memoryMs: number[];
	tokPerS: number[];
	crossoverBatch: number | null;
	/** Smallest whole batch that is compute-bound (decodeComputeBoundFrom); null if none up to MAX_CROSSOVER_BATCH. */
	computeBoundFrom: number | null;
	/** Largest batch whose KV (ctx + 1 tokens each) fits on one GPU; null when the model does not fit. */
	kvMaxBatch: number | null;
}

/**
 * Decode roofline for sequences holding `ctx` tokens, at the given batch sizes, or at log-spaced batch
 * sizes 1..N when `batches` is a number N. N defaults to the largest batch whose KV fits (so the curves
 * end where the GPU does), within [64, 8192].
 */
export function decodeRoofline(inp: HowItWorksInput, ctx = 1024, batches?: number | readonly number[]): DecodeRoofline {
	const perf = createPerfModel({ ...inp, perf: { kind: 'roofline' } });
	const mem = memoryBudget(inp.model, inp.gpu, inp.efficiency);
	const kvMax = mem.ok ? Math.floor(mem.budget.kvCapacityTokens / (ctx + 1)) : null;
	const bs = typeof batches === 'object' ? [...batches] : logSpacedInts(batches ?? Math.min(8192, Math.max(64, kvMax ?? 512)));
	const stepS = bs.map((b) => perf.stepTimeS(decodeLoad(b, ctx)));
	const a = bs.map((b) => rooflineArms(inp, decodeLoad(b, ctx)));
	return {
		batches: bs,
		stepMs: stepS.map((s) => s * 1e3),
		computeMs: a.map((x) => x.computeS * 1e3),
		memoryMs: a.map((x) => x.memoryS * 1e3),
		tokPerS: bs.map((b, i) => b / stepS[i]),
		crossoverBatch: decodeCrossoverBatch(inp, ctx),
		computeBoundFrom: decodeComputeBoundFrom(inp, ctx),
		kvMaxBatch: kvMax
	};
}

/** Prefill chart's data: one sequence's prefill time against prompt length, and its crossover. */
export interface PrefillCurve {
	promptTokens: number[];
	prefillMs: number[];
	/** Smallest prompt length at which prefill is compute-bound; null if never within the range. */
	crossoverTokens: number | null;
}

/**
 * Prefill time of a single prompt (request-level prefill from an empty cache) at the given prompt
 * lengths, or at log-spaced lengths 1..N when `prompts` is a number N. The crossover is searched in
 * 1..(longest length).
 */
export function prefillCurve(inp: HowItWorksInput, prompts: number | readonly number[] = 8192): PrefillCurve {
	const perf = createPerfModel({ ...inp, perf: { kind: 'roofline' } });
	const lengths = typeof prompts === 'number' ? logSpacedInts(prompts) : [...prompts];
	const maxPrompt = Math.max(1, ...lengths);
	const load = (p: number): StepLoad => ({
		prefillTokens: p,
		prefillSeqs: 1,
		prefillAttnPairs: (p * (p + 1)) / 2,
		decodeSeqs: 0,
		decodeAttnCtx: 0,
		emitters: 1,
		kvReadTokens: 0,
		kvWriteTokens: p
	});
	const computeBound = (p: number) => {
		const x = rooflineArms(inp, load(p));
		return x.computeS >= x.memoryS;
	};
	// FLOPs grow faster in p than bytes do, so "compute-bound" is monotone: bisect for the first p.
	let crossoverTokens: number | null = null;
	if (computeBound(maxPrompt)) {
		let lo = 1;
		let hi = maxPrompt;
		if (computeBound(1)) hi = 1;
		while (lo < hi) {
			const mid = Math.floor((lo + hi) / 2);
			if (computeBound(mid)) hi = mid;
			else lo = mid + 1;
		}
		crossoverTokens = hi;
	}
	return { promptTokens: lengths, prefillMs: lengths.map((p) => perf.prefillS(p, p * p, 1) * 1e3), crossoverTokens };
}
