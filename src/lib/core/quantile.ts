/**
 * numpy's default (linear, R-7) quantile on an ascending typed array: position (n − 1)·p, linear
 * interpolation between the two closest ranks. Same rule as d3-array's quantileSorted, which is typed
 * for plain arrays only; this one takes typed arrays without a copy.
 */

/** The p-quantile (p in [0, 1]) of an ascending array; NaN when empty. */
export function quantileSortedTyped(sorted: ArrayLike<number>, p: number): number {
	const n = sorted.length;
	if (n === 0) return NaN;
	if (p <= 0 || n === 1) return sorted[0];
	if (p >= 1) return sorted[n - 1];
	const pos = (n - 1) * p;
	const i = Math.floor(pos);
	const lo = sorted[i];
	const hi = sorted[i + 1];
	return lo + (hi - lo) * (pos - i);
}
