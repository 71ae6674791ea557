/**
 * Quantiles without a full sort: percentiles of a million latencies in O(n) instead of the O(n log n)
 * of sorting (the summary is otherwise the slowest part of a run), by radix (radix-select.ts) when the
 * caller lends a scratch array, else by Floyd–Rivest selection in place (floyd-rivest.ts).
 */
import { quantileSortedTyped } from './quantile';
import { selectInPlace } from './floyd-rivest';
import { LITTLE_ENDIAN, orderStatistics } from './radix-select';

export { selectInPlace };

/** From this many values on, quantilesBySelect with a scratch array reads ranks by radix (radix-select.ts). */
export const RADIX_SELECT_MIN = 32768;

/**
 * numpy-linear quantiles of a[from..to) for ascending ps. Small ranges are sorted (faster and exact
 * either way). Large ones: with a `scratch` of at least to − from doubles, the two ranks each quantile
 * interpolates between are read by radix (orderStatistics; `a` is left as it is); without one, by
 * selection in place (that range is reordered). The same values either way. NaN for an empty range.
 */
export function quantilesBySelect(a: Float64Array, ps: readonly number[], from = 0, to = a.length, scratch?: Float64Array): number[] {
	const n = to - from;
	if (n <= 0) return ps.map(() => NaN);
	if (n <= 2048) {
		const s = a.subarray(from, to).sort();
		return ps.map((p) => quantileSortedTyped(s, p));
	}
	const positions = ps.map((p) => (n - 1) * Math.min(1, Math.max(0, p)));
	if (scratch && LITTLE_ENDIAN && n >= RADIX_SELECT_MIN && scratch.length >= n) {
		// Rank i and the next one (the smallest value right of i, as the selection below reads it).
		const ranks = positions.flatMap((pos) => [Math.floor(pos), Math.min(n - 1, Math.floor(pos) + 1)]);
		const v = orderStatistics(a, from, to, ranks, scratch);
		return positions.map((pos, j) => v[2 * j] + (v[2 * j + 1] - v[2 * j]) * (pos - Math.floor(pos)));
	}
	const out: number[] = [];
	let lo = from;
	for (const pos of positions) {
		const i = from + Math.floor(pos);
		// Elements left of lo are already ≤ everything from lo on, so select within [lo, to).
		selectInPlace(a, i, Math.max(lo, from), to - 1);
		const v = a[i];
		let next = v;
		if (i + 1 < to) {
			next = Infinity;
			for (let j = i + 1; j < to; j++) if (a[j] < next) next = a[j];
		}
		out.push(v + (next - v) * (pos - Math.floor(pos)));
		lo = i;
	}
	return out;
}

