/**
 * Order statistics without a full sort (Floyd–Rivest selection, as in d3-array's quickselect, on a
 * Float64Array with numeric comparison). Percentiles of a million latencies in O(n) instead of the
 * O(n log n) of sorting — the summary is otherwise the slowest part of a run.
 */
import { quantileSortedTyped } from './quantile';

/**
 * Rearranges a[left..right] so that a[k] is the value that would be there after sorting, everything
 * left of k is ≤ it and everything right is ≥ it.
 */
export function selectInPlace(a: Float64Array, k: number, left = 0, right = a.length - 1): void {
	while (right > left) {
		if (right - left > 600) {
			const n = right - left + 1;
			const m = k - left + 1;
			const z = Math.log(n);
			const s = 0.5 * Math.exp((2 * z) / 3);
			const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * (m - n / 2 < 0 ? -1 : 1);
			const newLeft = Math.max(left, Math.floor(k - (m * s) / n + sd));
			const newRight = Math.min(right, Math.floor(k + ((n - m) * s) / n + sd));
			selectInPlace(a, k, newLeft, newRight);
		}
		const t = a[k];
		let i = left;
		let j = right;
		swap(a, left, k);
		if (a[right] > t) swap(a, left, right);
		while (i < j) {
			swap(a, i, j);
			i++;
			j--;
			while (a[i] < t) i++;
			while (a[j] > t) j--;
		}
		if (a[left] === t) swap(a, left, j);
		else {
			j++;
			swap(a, j, right);
		}
		if (j <= k) left = j + 1;
		if (k <= j) right = j - 1;
	}
}

function swap(a: Float64Array, i: number, j: number): void {
	const t = a[i];
	a[i] = a[j];
	a[j] = t;
}

/**
 * numpy-linear quantiles of a[from..to) for ascending ps, by selection; reorders that range.
 * Small ranges are sorted instead (faster and exact either way). NaN for an empty range.
 */
export function quantilesBySelect(a: Float64Array, ps: readonly number[], from = 0, to = a.length): number[] {
	const n = to - from;
	if (n <= 0) return ps.map(() => NaN);
	if (n <= 2048) {
		const s = a.subarray(from, to).sort();
		return ps.map((p) => quantileSortedTyped(s, p));
	}
	const out: number[] = [];
	let lo = from;
	for (const p of ps) {
		const pos = (n - 1) * Math.min(1, Math.max(0, p));
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
