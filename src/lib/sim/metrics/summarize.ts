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
import { giveBack, takeFloat64, takeUint8 } from '../engine/array-pool';
import { cdfAndLogHistogram, cdfPoints, timelineSeries } from './series';
import { addPrefixFigures } from './prefix';
import { itlPercentilesMs, sloAttainmentOf } from './slo';
import { finiteOrNull, percentilesOf } from './stats';

/** Extra facts from the run's preparation that the result should carry. */
export interface SummarizeInfo {
	engineVersion?: string;
	/** Warnings from validation/memory (model barely fits, requests dropped, ...). */
	warnings?: string[];
	/** Tensor-parallel GPUs per replica (default 1): cost and utilization count replicas × TP GPUs. */
	gpusPerReplica?: number;
	/**
	 * The records are not read again after this call (simulate() owns them): the E2E and TTFT columns
	 * are then written over the records' last- and first-token columns, which only the summary's one
	 * pass reads, instead of into two more arrays (16 bytes a request of memory, fresh in a one-off run).
	 */
	consumeRecords?: boolean;
}

/**
 * The one pass over every request (they are millions): counts, token sums and the time span, and for
 * each completed request (served, finished, with at least one output token) its latencies and SLO
 * misses. The latency columns are per-request arrays taken from the run-to-run pool (array-pool.ts)
 * and viewed at the completed count; summarize gives them back when it is done.
 */
interface Scan {
	dropped: number;
	failed: number;
	completed: number;
	dropReasons: Record<string, number>;
	firstArrival: number;
	lastArrival: number;
	lastDone: number;
	outTok: number;
	promptTok: number;
	offeredOut: number;
	/** Completed requests' latencies in request order (views on pooled arrays). */
	e2e: Float64Array;
	ttft: Float64Array;
	queue: Float64Array;
	/** TPOT (ms) of completed requests with ≥ 2 output tokens. */
	tbtMs: Float64Array;
	tbtViol: number;
	e2eViol: number;
	ttftViol: number;
	/** Completed requests meeting every set target. */
	good: number;
	binCounts: Int32Array;
	binMaxPred: Float64Array;
	/** With bins (K > 1): each completed request's bin, in the order of e2e, and completed requests per bin. */
	completedBin: Uint8Array | null;
	completedPerBin: Int32Array;
	/** The pooled arrays behind the views, to give back. */
	pooled: (Float64Array | Uint8Array)[];
}

function scan(workload: Workload, scenario: Scenario, records: RunRecords, consume: boolean): Scan {
	const { arrivalS, promptTokens, outputTokens } = workload;
	const { dropCode, startS, firstTokenS, lastTokenS, bin, predictedOutput } = records;
	const n = arrivalS.length;
	const K = Math.max(1, records.binEdges.length);
	// Completed request c is written after request i ≥ c is read, so writing over the token columns never
	// loses a value the pass still needs.
	const e2e = consume ? lastTokenS : takeFloat64(n);
	const ttft = consume ? firstTokenS : takeFloat64(n);
	const [queue, tbtMs] = [takeFloat64(n), takeFloat64(n)];
	const pooled: (Float64Array | Uint8Array)[] = consume ? [queue, tbtMs] : [e2e, ttft, queue, tbtMs];
	// perBinRows groups completed E2E values by bin from these, without deciding completion again.
	const completedBin = K > 1 ? takeUint8(n) : null;
	if (completedBin) pooled.push(completedBin);
	const completedPerBin = new Int32Array(K);
	const binCounts = new Int32Array(K);
	const binMaxPred = new Float64Array(K);
	// Per reason (the last slot: unknown codes), and the reasons in first-seen order as the result lists them.
	const dropCounts = new Int32Array(DROP_REASONS.length + 1);
	const dropOrder: number[] = [];
	// sloMisses's rules, with the targets read once: an unset target is +Infinity, which nothing exceeds.
	const tpotLimitS = scenario.sla.tbtS;
	const ttftLimitS = scenario.sla.ttftS ?? Infinity;
	const e2eLimitS = scenario.sla.e2eS ?? Infinity;
	let firstArrival = Infinity;
	let lastArrival = -Infinity;
	let lastDone = -Infinity;
	let dropped = 0;
	let failed = 0;
	let outTok = 0;
	let promptTok = 0;
	let offeredOut = 0;
	let tbtViol = 0;
	let e2eViol = 0;
	let ttftViol = 0;
	let good = 0;
	let c = 0;
	let w = 0;
	for (let i = 0; i < n; i++) {
		const a = arrivalS[i];
		if (a < firstArrival) firstArrival = a;
		if (a > lastArrival) lastArrival = a;
		const k = bin[i];
		binCounts[k]++;
		const pred = predictedOutput[i];
		if (pred > binMaxPred[k]) binMaxPred[k] = pred;
		const code = dropCode[i];
		if (code !== 0) {
			dropped++;
			const r = code <= DROP_REASONS.length ? code - 1 : DROP_REASONS.length;
			if (dropCounts[r]++ === 0) dropOrder.push(r);
			continue;
		}
		const out = outputTokens[i];
		offeredOut += out;
		const last = lastTokenS[i];
		if (!(last === last)) continue; // never started (should not happen; warned by the regime)
		if (last > lastDone) lastDone = last;
		promptTok += promptTokens[i];
		if (out === 0) {
			failed++;
			continue;
		}
		outTok += out;
		const first = firstTokenS[i];
		const e = last - a;
		const f = first - a;
		e2e[c] = e;
		ttft[c] = f;
		queue[c] = startS[i] - a;
		if (completedBin) completedBin[c] = k;
		completedPerBin[k]++;
		c++;
		let missTpot = false;
		if (out >= 2) {
			const tpot = (last - first) / (out - 1);
			tbtMs[w++] = tpot * 1000;
			missTpot = tpot > tpotLimitS;
		}
		const missE2e = e > e2eLimitS;
		const missTtft = f > ttftLimitS;
		if (missTpot) tbtViol++;
		if (missE2e) e2eViol++;
		if (missTtft) ttftViol++;
		if (!missTpot && !missE2e && !missTtft) good++;
	}
	const dropReasons: Record<string, number> = {};
	for (const r of dropOrder) dropReasons[DROP_REASONS[r] ?? 'unknown'] = dropCounts[r];
	return {
		dropped,
		failed,
		completed: c,
		dropReasons,
		firstArrival,
		lastArrival,
		lastDone,
		outTok,
		promptTok,
		offeredOut,
		e2e: e2e.subarray(0, c),
		ttft: ttft.subarray(0, c),
		queue: queue.subarray(0, c),
		tbtMs: tbtMs.subarray(0, w),
		tbtViol,
		e2eViol,
		ttftViol,
		good,
		binCounts,
		binMaxPred,
		completedBin: completedBin && completedBin.subarray(0, c),
		completedPerBin,
		pooled
	};
}

/** One perBin row; the last bin's upper edge is +Infinity, reported as the largest prediction in it. */
function binRow(k: number, edges: number[], requests: number, maxPred: number, p95: number | null): SimSeries['perBin'][number] {
	const lowTokens = k === 0 ? 0 : edges[k - 1] + 1;
	const edge = edges[k];
	const highTokens = Number.isFinite(edge) ? edge : Math.max(lowTokens, maxPred);
	return { bin: k, requests, lowTokens, highTokens, e2eP95S: p95 };
}

/**
 * P95 E2E per bin (K > 1): completed E2E values grouped by bin (counting sort over the bins scan
 * recorded), then selected per group. Quantiles by selection are exact order statistics, so grouping
 * order does not change a value.
 */
function perBinRows(records: RunRecords, l: Scan): SimSeries['perBin'] {
	const K = l.binCounts.length;
	const bins = l.completedBin as Uint8Array;
	const out: SimSeries['perBin'] = [];
	const offset = new Int32Array(K + 1);
	for (let k = 0; k < K; k++) offset[k + 1] = offset[k] + l.completedPerBin[k];
	const pooled = takeFloat64(records.dropCode.length);
	const grouped = pooled.subarray(0, l.completed);
	const fillAt = offset.slice(0, K);
	for (let c = 0; c < l.completed; c++) grouped[fillAt[bins[c]]++] = l.e2e[c];
	for (let k = 0; k < K; k++) {
		const [p95] = quantilesBySelect(grouped, [0.95], offset[k], offset[k + 1]);
		out.push(binRow(k, records.binEdges, l.binCounts[k], l.binMaxPred[k], finiteOrNull(p95)));
	}
	giveBack(pooled);
	return out;
}

/** The timeline counts busy replicas; each keeps its TP GPUs busy (bounded series: a few thousand points). */
function busyGpusOfReplicas(tl: SimSeries['timeline'], tp: number): SimSeries['timeline'] {
	return tp === 1 ? tl : { ...tl, busyGpus: tl.busyGpus.map((b) => b * tp) };
}

/** Records -> SimResult (summary, bounded series, drop reasons, warnings). */
export function summarize(workload: Workload, scenario: Scenario, records: RunRecords, info: SummarizeInfo = {}): SimResult {
	const n = workload.arrivalS.length;
	// GPUs = replicas × TP; a busy replica keeps all TP of its GPUs busy (busyS is replica-seconds).
	const tp = info.gpusPerReplica ?? 1;
	const G = scenario.gpus * tp;
	const l = scan(workload, scenario, records, info.consumeRecords === true);
	const t = l;
	const K = l.binCounts.length;
	const perBin = K > 1 ? perBinRows(records, l) : [];

	// Series read the E2E/TTFT values first: below RADIX_SELECT_MIN values, percentilesOf reorders them.
	const { cdf: e2eCdf, histogram: e2eHistogram } = cdfAndLogHistogram(l.e2e);
	const ttftCdf = cdfPoints(l.ttft);
	const served = t.completed + t.failed;
	const makespanS = served > 0 ? Math.max(0, t.lastDone - t.firstArrival) : 0;
	const rate = (x: number): number | null => (makespanS > 0 ? finiteOrNull(x / makespanS) : null);
	// The percentiles' scratch: the same length as perBinRows' (given back by now), so no more memory is kept.
	const scratch = takeFloat64(n);
	const e2eP = percentilesOf(l.e2e, scratch);
	if (K === 1) perBin.push(binRow(0, records.binEdges, l.binCounts[0], l.binMaxPred[0], e2eP.p95));
	const ttftP = percentilesOf(l.ttft, scratch);
	const tbtP = percentilesOf(l.tbtMs, scratch);
	const queueP = percentilesOf(l.queue, scratch);
	giveBack(...l.pooled, scratch);
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
		gpuUtilization: makespanS > 0 ? finiteOrNull((records.busyS * tp) / (G * makespanS)) : null,
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
		timeline: busyGpusOfReplicas(timelineSeries(workload.arrivalS, records, n > 0 ? t.firstArrival : 0, makespanS), tp),
		perBin
	};
	if (records.replicaQueues) series.replicaQueues = records.replicaQueues;

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
