/**
 * Per-request records -> the summary and small chart series, exactly as DESIGN.md "Metrics" defines:
 *   queue = start − arrival; TTFT = first token − arrival; E2E = last token − arrival;
 *   TBT = (last token − first token)/(n − 1) for n ≥ 2 output tokens.
 * Latency statistics are over completed requests (served with ≥ 1 output token); failed rows (0 tokens)
 * cost GPU time but emit nothing, so they count in utilization and total tok/s only.
 * Percentiles interpolate linearly between closest ranks (numpy's default; d3 quantileSorted is the
 * same R-7 rule). Every undefined value is null, never NaN or Infinity.
 */
import { quantileSortedTyped } from './quantile';
import { quantilesBySelect } from './select';
import type { Workload } from '../trace/types';
import { DROP_REASONS, type RunRecords } from './records';
import type { Percentiles, Scenario, SimResult, SimSeries, SimSummary } from './types';

/** Most points a CDF series holds. */
export const METRICS_CDF_POINTS = 500;
/** Timeline samples over the makespan. */
export const METRICS_TIMELINE_POINTS = 1000;
/** Log-spaced E2E histogram bins. */
export const METRICS_HISTOGRAM_BINS = 40;

/** Extra facts from the run's preparation that the result should carry. */
export interface SummarizeInfo {
	engineVersion?: string;
	/** Warnings from validation/memory (model barely fits, requests dropped, ...). */
	warnings?: string[];
}

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
 * P50/P95/P99, mean and max of the values (any order; the array is reordered by selection, O(n)).
 * Nulls when empty.
 */
export function percentilesOf(values: Float64Array): Percentiles {
	if (values.length === 0) return { p50: null, p95: null, p99: null, mean: null, max: null };
	let sum = 0;
	let max = -Infinity;
	for (let i = 0; i < values.length; i++) {
		sum += values[i];
		if (values[i] > max) max = values[i];
	}
	const [p50, p95, p99] = quantilesBySelect(values, [0.5, 0.95, 0.99]);
	return { p50: finiteOrNull(p50), p95: finiteOrNull(p95), p99: finiteOrNull(p99), mean: finiteOrNull(sum / values.length), max: finiteOrNull(max) };
}

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
	let min = Infinity;
	let max = -Infinity;
	let minPos = Infinity;
	for (let i = 0; i < n; i++) {
		const v = values[i];
		if (v < min) min = v;
		if (v > max) max = v;
		if (v > 0 && v < minPos) minPos = v;
	}
	// Non-positive values (a zero queue, say) sit in bucket 0 at x = min; the rest are log-spaced.
	const counts = new Float64Array(CDF_BUCKETS + 1);
	const l0 = Math.log(minPos);
	const span = max > minPos ? Math.log(max) - l0 : 0;
	for (let i = 0; i < n; i++) {
		const v = values[i];
		if (!(v > 0)) counts[0]++;
		else counts[1 + (span > 0 ? Math.min(CDF_BUCKETS - 1, Math.floor(((Math.log(v) - l0) / span) * CDF_BUCKETS)) : 0)]++;
	}
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

/** Histogram on log-spaced bins between the smallest and largest positive value (any order). */
export function logHistogram(values: Float64Array, bins = METRICS_HISTOGRAM_BINS): { edgesS: number[]; counts: number[] } {
	let lo = Infinity;
	let hi = -Infinity;
	for (let i = 0; i < values.length; i++) {
		const v = values[i];
		if (v > 0 && v < lo) lo = v;
		if (v > hi) hi = v;
	}
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
	for (let i = 0; i < arrivalS.length; i++) if (rec.dropCode[i] === 0 && rec.startS[i] > arrivalS[i]) mark(dq, arrivalS[i], rec.startS[i]);
	for (let j = 0; j < rec.busyCount; j++) mark(db, rec.busyStartS[j], rec.busyEndS[j]);
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

/** Served (not dropped), finished, with at least one output token. */
function isCompleted(records: RunRecords, outputTokens: Uint32Array, i: number): boolean {
	return records.dropCode[i] === 0 && outputTokens[i] > 0 && records.lastTokenS[i] === records.lastTokenS[i];
}

/** Records -> SimResult (summary, bounded series, drop reasons, warnings). */
export function summarize(workload: Workload, scenario: Scenario, records: RunRecords, info: SummarizeInfo = {}): SimResult {
	const { arrivalS, promptTokens, outputTokens } = workload;
	const n = arrivalS.length;
	const G = scenario.gpus;
	const tbtTarget = scenario.sla.tbtS;
	const e2eTarget = scenario.sla.e2eS;
	const ttftTarget = scenario.sla.ttftS;

	let dropped = 0;
	let failed = 0;
	let completed = 0;
	let withTbt = 0;
	const dropReasons: Record<string, number> = {};
	let firstArrival = Infinity;
	let lastArrival = -Infinity;
	let lastDone = -Infinity;
	let outTok = 0;
	let promptTok = 0;
	let offeredOut = 0;
	for (let i = 0; i < n; i++) {
		const a = arrivalS[i];
		if (a < firstArrival) firstArrival = a;
		if (a > lastArrival) lastArrival = a;
		const code = records.dropCode[i];
		if (code !== 0) {
			dropped++;
			const reason = DROP_REASONS[code - 1] ?? 'unknown';
			dropReasons[reason] = (dropReasons[reason] ?? 0) + 1;
			continue;
		}
		offeredOut += outputTokens[i];
		const done = records.lastTokenS[i];
		if (!(done === done)) continue; // never started (should not happen; warned by the regime)
		if (done > lastDone) lastDone = done;
		promptTok += promptTokens[i];
		if (outputTokens[i] === 0) {
			failed++;
			continue;
		}
		completed++;
		outTok += outputTokens[i];
		if (outputTokens[i] >= 2) withTbt++;
	}

	const e2e = new Float64Array(completed);
	const ttft = new Float64Array(completed);
	const queue = new Float64Array(completed);
	const tbtMs = new Float64Array(withTbt);
	const K = Math.max(1, records.binEdges.length);
	const binCounts = new Int32Array(K);
	const binMaxPred = new Float64Array(K);
	let tbtViol = 0;
	let e2eViol = 0;
	let ttftViol = 0;
	let good = 0;
	for (let i = 0, c = 0, t = 0; i < n; i++) {
		const k = records.bin[i];
		binCounts[k]++;
		if (records.predictedOutput[i] > binMaxPred[k]) binMaxPred[k] = records.predictedOutput[i];
		if (!isCompleted(records, outputTokens, i)) continue;
		const last = records.lastTokenS[i];
		const a = arrivalS[i];
		const e = last - a;
		const f = records.firstTokenS[i] - a;
		e2e[c] = e;
		ttft[c] = f;
		queue[c] = records.startS[i] - a;
		c++;
		let ok = true;
		if (outputTokens[i] >= 2) {
			const tbt = (last - records.firstTokenS[i]) / (outputTokens[i] - 1);
			tbtMs[t++] = tbt * 1000;
			if (tbt > tbtTarget) {
				tbtViol++;
				ok = false;
			}
		}
		if (e2eTarget !== undefined && e > e2eTarget) {
			e2eViol++;
			ok = false;
		}
		if (ttftTarget !== undefined && f > ttftTarget) {
			ttftViol++;
			ok = false;
		}
		if (ok) good++;
	}

	// perBin P95: group completed E2E values by bin (counting sort), then select within each group.
	const perBin: SimSeries['perBin'] = [];
	if (K > 1) {
		const offset = new Int32Array(K + 1);
		for (let i = 0; i < n; i++) if (isCompleted(records, outputTokens, i)) offset[records.bin[i] + 1]++;
		for (let k = 0; k < K; k++) offset[k + 1] += offset[k];
		const grouped = new Float64Array(completed);
		const fillAt = offset.slice(0, K);
		for (let i = 0, c = 0; i < n; i++) if (isCompleted(records, outputTokens, i)) grouped[fillAt[records.bin[i]]++] = e2e[c++];
		for (let k = 0; k < K; k++) {
			const [p95] = quantilesBySelect(grouped, [0.95], offset[k], offset[k + 1]);
			perBin.push(binRow(k, records.binEdges, binCounts[k], binMaxPred[k], finiteOrNull(p95)));
		}
	}

	// Series read the E2E/TTFT values before percentilesOf reorders them.
	const e2eCdf = cdfPoints(e2e);
	const ttftCdf = cdfPoints(ttft);
	const e2eHistogram = logHistogram(e2e);
	const served = completed + failed;
	const makespanS = served > 0 ? Math.max(0, lastDone - firstArrival) : 0;
	const rate = (x: number): number | null => (makespanS > 0 ? finiteOrNull(x / makespanS) : null);
	const e2eP = percentilesOf(e2e);
	if (K === 1) perBin.push(binRow(0, records.binEdges, binCounts[0], binMaxPred[0], e2eP.p95));
	const ttftP = percentilesOf(ttft);
	const tbtP = percentilesOf(tbtMs);
	const queueP = percentilesOf(queue);
	const outputTokPerS = rate(outTok);
	const arrivalSpan = n > 0 ? lastArrival - firstArrival : 0;

	const summary: SimSummary = {
		requests: n,
		completed,
		dropped,
		failed,
		makespanS,
		outputTokens: outTok,
		promptTokens: promptTok,
		outputTokPerS,
		totalTokPerS: rate(outTok + promptTok),
		requestsPerS: rate(completed),
		e2eP50S: e2eP.p50,
		e2eP95S: e2eP.p95,
		e2eP99S: e2eP.p99,
		ttftP50S: ttftP.p50,
		ttftP95S: ttftP.p95,
		ttftP99S: ttftP.p99,
		tbtP50Ms: tbtP.p50,
		tbtP95Ms: tbtP.p95,
		tbtP99Ms: tbtP.p99,
		queueP50S: queueP.p50,
		queueP95S: queueP.p95,
		queueP99S: queueP.p99,
		e2eMeanS: e2eP.mean,
		slaViolationRate: completed > 0 ? tbtViol / completed : null,
		e2eViolationRate: e2eTarget !== undefined && completed > 0 ? e2eViol / completed : null,
		ttftViolationRate: ttftTarget !== undefined && completed > 0 ? ttftViol / completed : null,
		goodputRps: rate(good),
		gpuUtilization: makespanS > 0 ? finiteOrNull(records.busyS / (G * makespanS)) : null,
		tokPerSPerGpu: outputTokPerS === null ? null : outputTokPerS / G,
		costPerMTokUsd:
			scenario.costPerGpuHour > 0 && outTok > 0 ? finiteOrNull((scenario.costPerGpuHour * G * makespanS) / 3600 / (outTok / 1e6)) : null,
		offeredTokPerS: arrivalSpan > 0 ? finiteOrNull(offeredOut / arrivalSpan) : null,
		meanBatchSize: records.batches > 0 ? records.batchSizeSum / records.batches : null,
		batches: records.batches,
		preemptions: records.preemptions
	};

	const series: SimSeries = {
		e2eCdf,
		ttftCdf,
		e2eHistogram,
		timeline: timelineSeries(arrivalS, records, n > 0 ? firstArrival : 0, makespanS),
		perBin
	};

	return {
		engineVersion: info.engineVersion ?? '',
		summary,
		series,
		dropReasons,
		warnings: [...(info.warnings ?? []), ...records.warnings]
	};
}

/** One perBin row; the last bin's upper edge is +Infinity, reported as the largest prediction in it. */
function binRow(k: number, edges: number[], requests: number, maxPred: number, p95: number | null): SimSeries['perBin'][number] {
	const lowTokens = k === 0 ? 0 : edges[k - 1] + 1;
	const edge = edges[k];
	const highTokens = Number.isFinite(edge) ? edge : Math.max(lowTokens, maxPred);
	return { bin: k, requests, lowTokens, highTokens, e2eP95S: p95 };
}
