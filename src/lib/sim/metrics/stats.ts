/**
 * Small statistics every summary field uses: finite-or-null, numpy-linear quantiles and P50/P95/P99.
 * Percentiles interpolate linearly between closest ranks (numpy's default; d3 quantileSorted is the
 * same R-7 rule). Every undefined value is null, never NaN or Infinity.
 */
import { quantileSortedTyped } from '../quantile';
import { quantilesBySelect } from '../select';
import type { Percentiles } from '../types';

/** A finite number or null. */
export function finiteOrNull(x: number): number | null {
	return Number.isFinite(x) ? x : null;
}

/** numpy-linear quantile of an ascending array; null when empty. */
export function quantileOf(sorted: Float64Array, p: number): number | null {
	if (sorted.length === 0) return null;
	return finiteOrNull(quantileSortedTyped(sorted, p));
}

/**
 * P50/P95/P99, mean and max of the values (any order), by selection in O(n): with a `scratch` array of
 * at least values.length doubles, by radix and the values are left as they are; without, the array is
 * reordered. Nulls when empty.
 */
export function percentilesOf(values: Float64Array, scratch?: Float64Array): Percentiles {
	if (values.length === 0) return { p50: null, p95: null, p99: null, mean: null, max: null };
	let sum = 0;
	let max = -Infinity;
	for (let i = 0; i < values.length; i++) {
		sum += values[i];
		if (values[i] > max) max = values[i];
	}
	const [p50, p95, p99] = quantilesBySelect(values, [0.5, 0.95, 0.99], 0, values.length, scratch);
	return { p50: finiteOrNull(p50), p95: finiteOrNull(p95), p99: finiteOrNull(p99), mean: finiteOrNull(sum / values.length), max: finiteOrNull(max) };
}
