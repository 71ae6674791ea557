/**
 * The closed forms over a decode stretch's coefficients (types.ts): step k of a stretch takes
 *     s(k) = constS + max(computeS0 + computeSlopeS·k, memoryS0 + memorySlopeS·k),
 * so the first n steps take T(n) = Σ_{k≤n} s(k), two arithmetic series around the lines' crossing.
 * Every performance model's decodeStretchS and the engine's stretch clock use these functions, so the
 * formula exists once. Nothing here allocates: the engine calls them millions of times.
 */
import type { StretchCoefficients } from './types';

/** Σ_{k=from..to} (a + b·k): an arithmetic series (0 when empty). */
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
	return b1 < b2
		? arithmeticSeries(a1, b1, 1, split) + arithmeticSeries(a2, b2, split + 1, n)
		: arithmeticSeries(a2, b2, 1, split) + arithmeticSeries(a1, b1, split + 1, n);
}

/** T(n): the time of steps 1..n of a stretch (0 for n ≤ 0). */
export function stretchTimeS(c: StretchCoefficients, n: number): number {
	if (n <= 0) return 0;
	return sumMaxLinear(c.computeS0, c.computeSlopeS, c.memoryS0, c.memorySlopeS, n) + c.constS * n;
}

/** s(k): the time of step k alone (for the inter-token gaps; T(k) − T(k−1) up to rounding). */
export function stepS(c: StretchCoefficients, k: number): number {
	const a = c.computeS0 + c.computeSlopeS * k;
	const b = c.memoryS0 + c.memorySlopeS * k;
	return c.constS + (a > b ? a : b);
}

/**
 * The smallest k ≥ 1 with T(k) ≥ x. Per-step times never shrink, so k ≤ ceil(x / T(1)) and
 * T(k) ≤ k·s(hi) for k ≤ hi bracket it; a bisection closes the (usually one-wide) bracket.
 */
export function firstStepReaching(c: StretchCoefficients, x: number): number {
	const s1 = stretchTimeS(c, 1);
	if (!(x > s1)) return 1;
	let hi = Math.ceil(x / s1);
	let tHi = stretchTimeS(c, hi);
	// Rounding can leave T(hi) a hair below x; step up until it is not.
	while (tHi < x) tHi = stretchTimeS(c, ++hi);
	const sHi = tHi - stretchTimeS(c, hi - 1);
	let lo = Math.max(1, Math.ceil(x / sHi) - 1);
	if (lo >= hi) return hi;
	if (stretchTimeS(c, lo) >= x) {
		lo = 1;
		if (s1 >= x) return 1;
	}
	// Invariant: T(lo) < x ≤ T(hi).
	while (hi - lo > 1) {
		const mid = Math.floor((lo + hi) / 2);
		if (stretchTimeS(c, mid) >= x) hi = mid;
		else lo = mid;
	}
	return hi;
}

/** A zeroed coefficients object (one per replica or per call site; filled by stretchCoefficients). */
export function createStretchCoefficients(): StretchCoefficients {
	return { constS: 0, computeS0: 0, computeSlopeS: 0, memoryS0: 0, memorySlopeS: 0 };
}
