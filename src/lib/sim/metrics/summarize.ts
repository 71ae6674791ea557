/**
 * Records -> SimResult, exactly as DESIGN.md "Metrics" defines:
 *   queue = start − arrival; TTFT = first token − arrival; E2E = last token − arrival;
 *   TPOT (alias TBT) = (last token − first token)/(n − 1) for n ≥ 2 output tokens.
 * Latency statistics are over completed requests (served with ≥ 1 output token); failed rows (0 tokens)
 * cost GPU time but emit nothing, so they count in utilization and total tok/s only. The SLO fields
 * follow slo.ts. Every undefined value is null, never NaN or Infinity.
 */
import type { GapHistogram } from '../gap-histogram';
import { quantilesBySelect } from '../select';
import type { Workload } from '../../trace/types';
import { DROP_REASONS, type RunRecords } from '../records';
import type { Scenario, SimResult, SimSeries, SimSummary } from '../types';
import { addPrefixFigures } from './prefix';
import { cdfPoints, logHistogram, timelineSeries } from './series';
import { itlPercentilesMs, sloAttainmentOf } from './slo';
import { finiteOrNull, percentilesOf } from './stats';

/** Extra facts from the run's preparation that the result should carry. */
export interface SummarizeInfo {
	engineVersion?: string;
	/** Warnings from validation/memory (model barely fits, requests dropped, ...). */
	warnings?: string[];
}

/** Served (not dropped), finished, with at least one output token. */
function isCompleted(records: RunRecords, outputTokens: Uint32Array, i: number): boolean {
	return records.dropCode[i] === 0 && outputTokens[i] > 0 && records.lastTokenS[i] === records.lastTokenS[i];
}

/** First pass: counts, token sums and the time span, before any per-request array is sized. */
interface Tally {
	dropped: number;
	failed: number;
	completed: number;
	withTbt: number;
	dropReasons: Record<string, number>;
	firstArrival: number;
	lastArrival: number;
	lastDone: number;
	outTok: number;
	promptTok: number;
	offeredOut: number;
}

function tally(workload: Workload, records: RunRecords): Tally {
	const { arrivalS, promptTokens, outputTokens } = workload;
	const t: Tally = { dropped: 0, failed: 0, completed: 0, withTbt: 0, dropReasons: {}, firstArrival: Infinity, lastArrival: -Infinity, lastDone: -Infinity, outTok: 0, promptTok: 0, offeredOut: 0 };
	for (let i = 0; i < arrivalS.length; i++) {
		const a = arrivalS[i];
		if (a < t.firstArrival) t.firstArrival = a;
		if (a > t.lastArrival) t.lastArrival = a;
		const code = records.dropCode[i];
		if (code !== 0) {
			t.dropped++;
			const reason = DROP_REASONS[code - 1] ?? 'unknown';
			t.dropReasons[reason] = (t.dropReasons[reason] ?? 0) + 1;
			continue;
		}
		t.offeredOut += outputTokens[i];
		const done = records.lastTokenS[i];
		if (!(done === done)) continue; // never started (should not happen; warned by the regime)
		if (done > t.lastDone) t.lastDone = done;
		t.promptTok += promptTokens[i];
		if (outputTokens[i] === 0) {
			t.failed++;
			continue;
		}
		t.completed++;
		t.outTok += outputTokens[i];
		if (outputTokens[i] >= 2) t.withTbt++;
	}
	return t;
}

/** Second pass: per completed request latencies, SLO misses, and per-bin counts. */
interface Latencies {
	e2e: Float64Array;
	ttft: Float64Array;
	queue: Float64Array;
	tbtMs: Float64Array;
	tbtViol: number;
	e2eViol: number;
	ttftViol: number;
	/** Completed requests meeting every set target. */
	good: number;
	binCounts: Int32Array;
	binMaxPred: Float64Array;
}

function latencies(workload: Workload, scenario: Scenario, records: RunRecords, t: Tally): Latencies {
	const { arrivalS, outputTokens } = workload;
	const K = Math.max(1, records.binEdges.length);
	const l: Latencies = {
		e2e: new Float64Array(t.completed),
		ttft: new Float64Array(t.completed),
		queue: new Float64Array(t.completed),
		tbtMs: new Float64Array(t.withTbt),
		tbtViol: 0,
		e2eViol: 0,
		ttftViol: 0,
		good: 0,
		binCounts: new Int32Array(K),
		binMaxPred: new Float64Array(K)
	};
	// sloMisses's rules, with the targets read once: this loop runs once per request of a run (millions),
	// so it allocates nothing per request. An unset target is +Infinity, which nothing exceeds.
	const tpotLimitS = scenario.sla.tbtS;
	const ttftLimitS = scenario.sla.ttftS ?? Infinity;
	const e2eLimitS = scenario.sla.e2eS ?? Infinity;
	for (let i = 0, c = 0, w = 0; i < arrivalS.length; i++) {
		const k = records.bin[i];
		l.binCounts[k]++;
		if (records.predictedOutput[i] > l.binMaxPred[k]) l.binMaxPred[k] = records.predictedOutput[i];
		if (!isCompleted(records, outputTokens, i)) continue;
		const last = records.lastTokenS[i];
		const a = arrivalS[i];
		const e = last - a;
		const f = records.firstTokenS[i] - a;
		l.e2e[c] = e;
		l.ttft[c] = f;
		l.queue[c] = records.startS[i] - a;
		c++;
		let missTpot = false;
		if (outputTokens[i] >= 2) {
			const tpot = (last - records.firstTokenS[i]) / (outputTokens[i] - 1);
			l.tbtMs[w++] = tpot * 1000;
			missTpot = tpot > tpotLimitS;
		}
		const missE2e = e > e2eLimitS;
		const missTtft = f > ttftLimitS;
		if (missTpot) l.tbtViol++;
		if (missE2e) l.e2eViol++;
		if (missTtft) l.ttftViol++;
		if (!missTpot && !missE2e && !missTtft) l.good++;
	}
	return l;
}

/** One perBin row; the last bin's upper edge is +Infinity, reported as the largest prediction in it. */
function binRow(k: number, edges: number[], requests: number, maxPred: number, p95: number | null): SimSeries['perBin'][number] {
	const lowTokens = k === 0 ? 0 : edges[k - 1] + 1;
	const edge = edges[k];
	const highTokens = Number.isFinite(edge) ? edge : Math.max(lowTokens, maxPred);
	return { bin: k, requests, lowTokens, highTokens, e2eP95S: p95 };
}

/** P95 E2E per bin (K > 1): completed E2E values grouped by bin (counting sort), then selected per group. */
function perBinRows(workload: Workload, records: RunRecords, l: Latencies, completed: number): SimSeries['perBin'] {
	const K = l.binCounts.length;
	const n = workload.arrivalS.length;
	const out: SimSeries['perBin'] = [];
	const offset = new Int32Array(K + 1);
	for (let i = 0; i < n; i++) if (isCompleted(records, workload.outputTokens, i)) offset[records.bin[i] + 1]++;
	for (let k = 0; k < K; k++) offset[k + 1] += offset[k];
	const grouped = new Float64Array(completed);
	const fillAt = offset.slice(0, K);
	for (let i = 0, c = 0; i < n; i++) if (isCompleted(records, workload.outputTokens, i)) grouped[fillAt[records.bin[i]]++] = l.e2e[c++];
	for (let k = 0; k < K; k++) {
		const [p95] = quantilesBySelect(grouped, [0.95], offset[k], offset[k + 1]);
		out.push(binRow(k, records.binEdges, l.binCounts[k], l.binMaxPred[k], finiteOrNull(p95)));
	}
	return out;
}

/** Records -> SimResult (summary, bounded series, drop reasons, warnings). */
export function summarize(workload: Workload, scenario: Scenario, records: RunRecords, info: SummarizeInfo = {}): SimResult {
	const n = workload.arrivalS.length;
	const G = scenario.gpus;
	const t = tally(workload, records);
	const l = latencies(workload, scenario, records, t);
	const K = l.binCounts.length;
	const perBin = K > 1 ? perBinRows(workload, records, l, t.completed) : [];

	// Series read the E2E/TTFT values before percentilesOf reorders them.
	const e2eCdf = cdfPoints(l.e2e);
	const ttftCdf = cdfPoints(l.ttft);
	const e2eHistogram = logHistogram(l.e2e);
	const served = t.completed + t.failed;
	const makespanS = served > 0 ? Math.max(0, t.lastDone - t.firstArrival) : 0;
	const rate = (x: number): number | null => (makespanS > 0 ? finiteOrNull(x / makespanS) : null);
	const e2eP = percentilesOf(l.e2e);
	if (K === 1) perBin.push(binRow(0, records.binEdges, l.binCounts[0], l.binMaxPred[0], e2eP.p95));
	const ttftP = percentilesOf(l.ttft);
	const tbtP = percentilesOf(l.tbtMs);
	const queueP = percentilesOf(l.queue);
	// The engine fills records.itl once its regimes record gaps; until then ITL reads as null.
	const itlP = itlPercentilesMs((records as RunRecords & { itl?: GapHistogram }).itl);
	const outputTokPerS = rate(t.outTok);
	const arrivalSpan = n > 0 ? t.lastArrival - t.firstArrival : 0;
	const { completed, dropped } = t;

	const summary: SimSummary = {
		requests: n,
		completed,
		dropped,
		failed: t.failed,
		makespanS,
		outputTokens: t.outTok,
		promptTokens: t.promptTok,
		outputTokPerS,
		totalTokPerS: rate(t.outTok + t.promptTok),
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
		slaViolationRate: completed > 0 ? l.tbtViol / completed : null,
		e2eViolationRate: scenario.sla.e2eS !== undefined && completed > 0 ? l.e2eViol / completed : null,
		ttftViolationRate: scenario.sla.ttftS !== undefined && completed > 0 ? l.ttftViol / completed : null,
		goodputRps: rate(l.good),
		gpuUtilization: makespanS > 0 ? finiteOrNull(records.busyS / (G * makespanS)) : null,
		tokPerSPerGpu: outputTokPerS === null ? null : outputTokPerS / G,
		costPerMTokUsd:
			scenario.costPerGpuHour > 0 && t.outTok > 0 ? finiteOrNull((scenario.costPerGpuHour * G * makespanS) / 3600 / (t.outTok / 1e6)) : null,
		offeredTokPerS: arrivalSpan > 0 ? finiteOrNull(t.offeredOut / arrivalSpan) : null,
		meanBatchSize: records.batches > 0 ? records.batchSizeSum / records.batches : null,
		batches: records.batches,
		preemptions: records.preemptions,
		sloAttainment: sloAttainmentOf(l.good, completed, dropped),
		goodputReqPerS: rate(l.good),
		itlP50Ms: itlP.p50,
		itlP95Ms: itlP.p95,
		itlP99Ms: itlP.p99,
		// Mean arrival rate: n requests over their span is (n − 1) gaps, so a workload re-timed to R req/s reads R.
		offeredReqPerS: arrivalSpan > 0 ? finiteOrNull((n - 1) / arrivalSpan) : null
	};

	const series: SimSeries = {
		e2eCdf,
		ttftCdf,
		e2eHistogram,
		timeline: timelineSeries(workload.arrivalS, records, n > 0 ? t.firstArrival : 0, makespanS),
		perBin
	};

	const result: SimResult = {
		engineVersion: info.engineVersion ?? '',
		summary,
		series,
		dropReasons: t.dropReasons,
		warnings: [...(info.warnings ?? []), ...records.warnings]
	};
	addPrefixFigures(result, workload, scenario, records);
	return result;
}
