/**
 * Decode-stretch timing without allocation. A stretch of decode-only steps with b sequences holding
 * ctx0 tokens has per-step time s(k) = max(ac + bc·k, am + bm·k) + o (compute line, memory line,
 * step overhead), so the time of its first k steps is T(k) = Σ_{j≤k} s(j), a closed form.
 *
 * perf.decodeStretchS computes exactly this, but rebuilds the lines on every call; the engine asks for
 * T(k) many times per stretch (to find the step boundary at which a GPU next looks at the queue), so it
 * takes the lines once per stretch here. For the roofline model the lines are those of perf-model.ts
 * with the same arithmetic, so the results are bit-identical to perf.decodeStretchS (a test checks it);
 * for the fitted model the step is constant: T(k) = k · T(1).
 */
import { modelCosts, type PerfModel } from '../perf-model';
import type { Efficiency, GpuSpec, ModelSpec } from '../types';

/** The two lines of a stretch: fills out[0..4] = ac, bc, am, bm, o. */
export type StretchLines = (batch: number, ctx0: number, out: Float64Array) => void;

/** Builds the line maker for a scenario's performance model. */
export function createStretchLines(perf: PerfModel, s: { model: ModelSpec; gpu: GpuSpec; efficiency: Efficiency }): StretchLines {
	if (perf.kind !== 'roofline') {
		// Context-free constant step (fitted model): both lines flat at T(1), no separate overhead.
		return (batch, _ctx0, out) => {
			const step = perf.decodeStretchS(batch, 0, 1);
			out[0] = step;
			out[1] = 0;
			out[2] = step;
			out[3] = 0;
			out[4] = 0;
		};
	}
	const c = modelCosts(s.model);
	const flopsPerS = s.gpu.bf16DenseTflops * 1e12 * s.efficiency.mfu;
	const bytesPerS = s.gpu.memoryBandwidthGBs * 1e9 * s.efficiency.eta;
	const linearFlops = 2 * c.paramsNonEmbedding;
	const kv = c.kvBytesPerToken;
	const o = s.efficiency.stepOverheadS;
	// Same expressions, same order as perf-model.ts's decodeStretchS.
	return (b, ctx0, out) => {
		out[0] = (b * (linearFlops + c.lmHeadFlops) + c.attnFlopsPerPair * ctx0) / flopsPerS;
		out[1] = (c.attnFlopsPerPair * b) / flopsPerS;
		out[2] = (c.weightBytesPerStep + kv * ctx0) / bytesPerS;
		out[3] = (kv * b) / bytesPerS;
		out[4] = o;
	};
}

function series(a: number, b: number, from: number, to: number): number {
	return to < from ? 0 : a * (to - from + 1) + (b * (from + to) * (to - from + 1)) / 2;
}

/**
 * T(n) = Σ_{k=1..n} max(a1 + b1·k, a2 + b2·k) + o·n: perf-model.ts's sumMaxLinear, arithmetic kept
 * identical, without its per-call allocations.
 */
export function stretchTimeS(a1: number, b1: number, a2: number, b2: number, o: number, n: number): number {
	if (n <= 0) return 0;
	let sum: number;
	if (b1 === b2) sum = a1 >= a2 ? series(a1, b1, 1, n) : series(a2, b2, 1, n);
	else {
		const kStar = (a2 - a1) / (b1 - b2);
		const split = Math.min(n, Math.max(0, Math.floor(kStar)));
		sum = b1 < b2 ? series(a1, b1, 1, split) + series(a2, b2, split + 1, n) : series(a2, b2, 1, split) + series(a1, b1, split + 1, n);
	}
	return sum + o * n;
}

/**
 * The smallest k ≥ 1 with T(k) ≥ x. Per-step times never shrink, so k ≤ ceil(x / T(1)) and
 * T(k) ≤ k·s(hi) for k ≤ hi bracket it; a bisection closes the (usually one-wide) bracket.
 */
export function firstStepReaching(a1: number, b1: number, a2: number, b2: number, o: number, x: number): number {
	const s1 = stretchTimeS(a1, b1, a2, b2, o, 1);
	if (!(x > s1)) return 1;
	let hi = Math.ceil(x / s1);
	let tHi = stretchTimeS(a1, b1, a2, b2, o, hi);
	// Rounding can leave T(hi) a hair below x; step up until it is not.
	while (tHi < x) tHi = stretchTimeS(a1, b1, a2, b2, o, ++hi);
	const sHi = tHi - stretchTimeS(a1, b1, a2, b2, o, hi - 1);
	let lo = Math.max(1, Math.ceil(x / sHi) - 1);
	if (lo >= hi) return hi;
	if (stretchTimeS(a1, b1, a2, b2, o, lo) >= x) {
		lo = 1;
		if (s1 >= x) return 1;
	}
	// Invariant: T(lo) < x ≤ T(hi).
	while (hi - lo > 1) {
		const mid = Math.floor((lo + hi) / 2);
		if (stretchTimeS(a1, b1, a2, b2, o, mid) >= x) hi = mid;
		else lo = mid;
	}
	return hi;
}
