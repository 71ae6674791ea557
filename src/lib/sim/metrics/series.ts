/**
 * Bounded chart series from per-request values: CDF points, a log-spaced histogram and the queue /
 * busy-GPU timeline. Each is O(n) and at most a few thousand points whatever the workload size.
 */
import { quantileSortedTyped } from '../quantile';
import type { RunRecords } from '../records';
import type { SimSeries } from '../types';

/** Most points a CDF series holds. */
export const METRICS_CDF_POINTS = 500;
/** Timeline samples over the makespan. */
export const METRICS_TIMELINE_POINTS = 1000;
/** Log-spaced E2E histogram bins. */
export const METRICS_HISTOGRAM_BINS = 40;

/** Up to this many values the CDF is exact (a sorted copy); above it, read off a fine histogram. */
export const EXACT_CDF_MAX = 65536;
/** Log-spaced buckets of the approximate CDF (relative bucket width ≈ ln(max/min)/8192). */
const CDF_BUCKETS = 8192;

/**
 * CDF points (x ascending, y cumulative share), at most `points` of them whatever the input size.
 * Exact for up to EXACT_CDF_MAX values; above that x is read from 8,192 log-spaced buckets (linear
 * inside a bucket), which is far finer than a chart can show and keeps this O(n).
 * The input is not modified.
 */
export function cdfPoints(values: Float64Array, points = METRICS_CDF_POINTS): { x: number[]; y: number[] } {
	const n = values.length;
	const x: number[] = [];
	const y: number[] = [];
	if (n === 0) return { x, y };
	if (n <= EXACT_CDF_MAX) {
		const sorted = Float64Array.from(values).sort();
		if (n <= points) {
			for (let i = 0; i < n; i++) {
				x.push(sorted[i]);
				y.push((i + 1) / n);
			}
			return { x, y };
		}
		for (let j = 0; j < points; j++) {
			const p = j / (points - 1);
			x.push(quantileSortedTyped(sorted, p));
			y.push(p);
		}
		return { x, y };
	}
	const { min, max, minPos } = valueRange(values);
	// Non-positive values (a zero queue, say) sit in bucket 0 at x = min; the rest are log-spaced.
	const counts = new Float64Array(CDF_BUCKETS + 1);
	const l0 = Math.log(minPos);
	const span = max > minPos ? Math.log(max) - l0 : 0;
	for (let i = 0; i < n; i++) {
		const v = values[i];
		if (!(v > 0)) counts[0]++;
		else counts[1 + (span > 0 ? Math.min(CDF_BUCKETS - 1, Math.floor(((Math.log(v) - l0) / span) * CDF_BUCKETS)) : 0)]++;
	}
	return cdfFromBuckets(counts, n, min, max, minPos, l0, span, points);
}

/** CDF points read off CDF_BUCKETS log-spaced bucket counts (cdfPoints's approximate branch). */
function cdfFromBuckets(
	counts: Float64Array,
	n: number,
	min: number,
	max: number,
	minPos: number,
	l0: number,
	span: number,
	points: number
): { x: number[]; y: number[] } {
	const x: number[] = [];
	const y: number[] = [];
	const edge = (k: number) => (span > 0 ? Math.exp(l0 + (span * k) / CDF_BUCKETS) : minPos);
	let b = 0;
	let below = 0; // values in buckets before b
	for (let j = 0; j < points; j++) {
		const p = j / (points - 1);
		const rank = p * (n - 1); // 0-based rank, as in the exact quantile
		while (b < CDF_BUCKETS && below + counts[b] <= rank) below += counts[b++];
		let v: number;
		if (j === 0) v = min;
		else if (j === points - 1) v = max;
		else if (b === 0) v = min;
		else {
			const lo = edge(b - 1);
			const hi = edge(b);
			v = lo + ((hi - lo) * (rank - below + 0.5)) / Math.max(1, counts[b]);
		}
		x.push(Math.min(max, Math.max(min, v)));
		y.push(p);
	}
	// Interpolation inside buckets can never go backwards across buckets, but keep x monotone anyway.
	for (let j = 1; j < x.length; j++) if (x[j] < x[j - 1]) x[j] = x[j - 1];
	return { x, y };
}

/** The smallest, largest and smallest positive value (NaN ignored; ±Infinity / Infinity when there is none). */
function valueRange(values: Float64Array): { min: number; max: number; minPos: number } {
	let min = Infinity;
	let max = -Infinity;
	let minPos = Infinity;
	for (let i = 0; i < values.length; i++) {
		const v = values[i];
		if (v < min) min = v;
		if (v > max) max = v;
		if (v > 0 && v < minPos) minPos = v;
	}
	return { min, max, minPos };
}

/** Histogram on log-spaced bins between the smallest and largest positive value (any order). */
export function logHistogram(values: Float64Array, bins = METRICS_HISTOGRAM_BINS): { edgesS: number[]; counts: number[] } {
	const { max: hi, minPos: lo } = valueRange(values);
	if (lo === Infinity) return { edgesS: [], counts: [] };
	let positives = 0;
	for (let i = 0; i < values.length; i++) if (values[i] > 0) positives++;
	if (!(hi > lo)) return { edgesS: [lo, hi], counts: [positives] };
	const l0 = Math.log(lo);
	const span = Math.log(hi) - l0;
	const edgesS: number[] = [];
	for (let k = 0; k <= bins; k++) edgesS.push(k === 0 ? lo : k === bins ? hi : Math.exp(l0 + (span * k) / bins));
	const counts = new Array<number>(bins).fill(0);
	for (let i = 0; i < values.length; i++) {
		const v = values[i];
		if (!(v > 0)) continue;
		counts[Math.min(bins - 1, Math.floor(((Math.log(v) - l0) / span) * bins))]++;
	}
	return { edgesS, counts };
}

/**
 * cdfPoints(values) and logHistogram(values) together, bit for bit: above EXACT_CDF_MAX values both
 * are log-spaced over the same range (smallest positive value .. largest), so one pass computes each
 * value's logarithm once and drops it in both bucket sets (the summary's largest column, E2E, needs
 * both). Smaller or degenerate inputs take the two functions as they are.
 */
export function cdfAndLogHistogram(
	values: Float64Array,
	points = METRICS_CDF_POINTS,
	bins = METRICS_HISTOGRAM_BINS
): { cdf: { x: number[]; y: number[] }; histogram: { edgesS: number[]; counts: number[] } } {
	const n = values.length;
	const { min, max, minPos } = valueRange(values);
	const l0 = Math.log(minPos);
	const span = Math.log(max) - l0;
	if (n <= EXACT_CDF_MAX || !(max > minPos) || !(span > 0)) return { cdf: cdfPoints(values, points), histogram: logHistogram(values, bins) };
	const cdfCounts = new Float64Array(CDF_BUCKETS + 1);
	const histCounts = new Array<number>(bins).fill(0);
	for (let i = 0; i < n; i++) {
		const v = values[i];
		if (!(v > 0)) {
			cdfCounts[0]++;
			continue;
		}
		// The very expression both functions evaluate, so the buckets are the same to the bit.
		const r = (Math.log(v) - l0) / span;
		cdfCounts[1 + Math.min(CDF_BUCKETS - 1, Math.floor(r * CDF_BUCKETS))]++;
		histCounts[Math.min(bins - 1, Math.floor(r * bins))]++;
	}
	const edgesS: number[] = [];
	for (let k = 0; k <= bins; k++) edgesS.push(k === 0 ? minPos : k === bins ? max : Math.exp(l0 + (span * k) / bins));
	return { cdf: cdfFromBuckets(cdfCounts, n, min, max, minPos, l0, span, points), histogram: { edgesS, counts: histCounts } };
}

/**
 * Queue length and busy GPUs sampled at `points` instants evenly spread over [t0, t0 + spanS], from the
 * records alone: a request waits in [arrival, start), a GPU is busy in [busyStart, busyEnd). Difference
 * arrays over the grid make this O(n + points) with no sort.
 */
export function timelineSeries(
	arrivalS: Float64Array,
	rec: Pick<RunRecords, 'startS' | 'dropCode' | 'busyStartS' | 'busyEndS' | 'busyCount'>,
	t0: number,
	spanS: number,
	points = METRICS_TIMELINE_POINTS
): SimSeries['timeline'] {
	if (!(spanS > 0)) return { tS: [t0], queueLength: [0], busyGpus: [0] };
	const m = points;
	const dt = spanS / (m - 1);
	const dq = new Float64Array(m + 1);
	const db = new Float64Array(m + 1);
	const mark = (d: Float64Array, a: number, b: number) => {
		const j0 = Math.max(0, Math.ceil((a - t0) / dt));
		const j1 = Math.min(m, Math.ceil((b - t0) / dt));
		if (j0 < j1) {
			d[j0]++;
			d[j1]--;
		}
	};
	// Columns in locals: this loop runs once per request.
	const { startS, dropCode, busyStartS, busyEndS, busyCount } = rec;
	for (let i = 0; i < arrivalS.length; i++) {
		const a = arrivalS[i];
		const s = startS[i];
		if (dropCode[i] === 0 && s > a) mark(dq, a, s);
	}
	for (let j = 0; j < busyCount; j++) mark(db, busyStartS[j], busyEndS[j]);
	const tS: number[] = [];
	const queueLength: number[] = [];
	const busyGpus: number[] = [];
	let q = 0;
	let b = 0;
	for (let j = 0; j < m; j++) {
		q += dq[j];
		b += db[j];
		tS.push(t0 + j * dt);
		queueLength.push(q);
		busyGpus.push(b);
	}
	return { tS, queueLength, busyGpus };
}
