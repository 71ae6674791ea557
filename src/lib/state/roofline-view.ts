/**
 * The roofline numbers of the "How it works" page, from the engine's own code: decode step time and
 * tokens/s against batch size (each sequence holding `ctx` tokens), the memory→compute crossover,
 * and prefill time against prompt length.
 */
import { createPerfModel, modelCosts } from '../sim/perf-model';
import type { Efficiency, GpuSpec, ModelSpec } from '../sim/types';

/** Batch sizes the roofline chart evaluates (powers of two and between). */
export const BATCHES = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024];

/** Decode step at batch b: compute-only and memory-only times (s), and the step time the engine uses. */
export function decodeParts(model: ModelSpec, gpu: GpuSpec, eff: Efficiency, b: number, ctx: number) {
	const c = modelCosts(model);
	const flops = b * (2 * c.paramsNonEmbedding + c.lmHeadFlops) + c.attnFlopsPerPair * b * (ctx + 1);
	const bytes = c.weightBytesPerStep + c.kvBytesPerToken * b * (ctx + 1);
	const computeS = flops / (gpu.bf16DenseTflops * 1e12 * eff.mfu);
	const memoryS = bytes / (gpu.memoryBandwidthGBs * 1e9 * eff.eta);
	const perf = createPerfModel({ model, gpu, efficiency: eff, perf: { kind: 'roofline' } });
	const stepS = perf.stepTimeS({
		prefillTokens: 0,
		prefillAttnPairs: 0,
		decodeSeqs: b,
		decodeAttnCtx: b * (ctx + 1),
		emitters: b,
		kvReadTokens: b * ctx,
		kvWriteTokens: b
	});
	return { computeS, memoryS, stepS, tokPerS: b / stepS, flops, bytes };
}

/** Smallest batch (by bisection over reals, then rounded up) at which compute time reaches memory time; null if never below maxB. */
export function crossoverBatch(model: ModelSpec, gpu: GpuSpec, eff: Efficiency, ctx: number, maxB = 1 << 16): number | null {
	const gap = (b: number) => {
		const p = decodeParts(model, gpu, eff, b, ctx);
		return p.computeS - p.memoryS;
	};
	if (gap(1) >= 0) return 1;
	if (gap(maxB) < 0) return null;
	let lo = 1;
	let hi = maxB;
	for (let i = 0; i < 60; i++) {
		const mid = (lo + hi) / 2;
		if (gap(mid) < 0) lo = mid;
		else hi = mid;
	}
	return Math.ceil(hi);
}
