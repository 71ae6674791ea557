/**
 * The one records recorder both regimes write to: per-request times, busy intervals, step counters,
 * the inter-token-latency histogram and warnings; finish() turns it into RunRecords for metrics.ts.
 * Typed arrays only, grown by doubling, so the hot path allocates nothing.
 */
import type { EngineContext } from '../context';
import { createGapHistogram, type GapHistogram } from '../gap-histogram';
import { giveBack, takeFloat64, takeUint16 } from './array-pool';
import type { ReplicaQueueSeries } from '../types';
import type { PrefixRecords, RunRecords } from '../records';
import type { RequestTable } from './request-table';

export interface RunRecorder {
	startS: Float64Array;
	firstTokenS: Float64Array;
	lastTokenS: Float64Array;
	busyStartS: Float64Array;
	busyEndS: Float64Array;
	busyGpu: Uint16Array;
	busyCount: number;
	busyS: number;
	/** Batches formed (request-level) or forward steps run (iteration-level). */
	batches: number;
	batchSizeSum: number;
	preemptions: number;
	itl: GapHistogram;
	warnings: string[];
	/** Set by the scheduler at the end of the run (engine/queue-series.ts). */
	replicaQueues?: ReplicaQueueSeries;
	/** Set by a scheduler that ran a prefix cache. */
	prefix?: PrefixRecords;
	/** The busy arrays, when reserveBusy took them from the pool (releaseRecords gives them back). */
	pooledBusy?: [Float64Array, Float64Array, Uint16Array];
}

/** A recorder for n requests; its per-request columns come from the run-to-run pool (array-pool.ts), NaN-filled. */
export function createRecorder(n: number): RunRecorder {
	return {
		startS: takeFloat64(n).fill(NaN),
		firstTokenS: takeFloat64(n).fill(NaN),
		lastTokenS: takeFloat64(n).fill(NaN),
		busyStartS: new Float64Array(1024),
		busyEndS: new Float64Array(1024),
		busyGpu: new Uint16Array(1024),
		busyCount: 0,
		busyS: 0,
		batches: 0,
		batchSizeSum: 0,
		preemptions: 0,
		itl: createGapHistogram(),
		warnings: []
	};
}

/** Replica `gpu` was busy from startS to endS. */
export function recordBusy(r: RunRecorder, gpu: number, startS: number, endS: number): void {
	if (r.busyCount === r.busyStartS.length) grow(r);
	const i = r.busyCount++;
	r.busyStartS[i] = startS;
	r.busyEndS[i] = endS;
	r.busyGpu[i] = gpu;
	r.busyS += endS - startS;
}

/**
 * Makes room for `capacity` busy intervals at once (a scheduler that knows its bound avoids regrowing).
 * On a fresh recorder the arrays come from the run-to-run pool: with many replicas nearly every request
 * is its own batch, and first writes to 18 bytes × requests of fresh memory took ~40 ms of a 1M run.
 */
export function reserveBusy(r: RunRecorder, capacity: number): void {
	if (capacity <= r.busyStartS.length) return;
	if (r.busyCount > 0) return resize(r, capacity);
	r.busyStartS = takeFloat64(capacity);
	r.busyEndS = takeFloat64(capacity);
	r.busyGpu = takeUint16(capacity);
	r.pooledBusy = [r.busyStartS, r.busyEndS, r.busyGpu];
}

function grow(r: RunRecorder): void {
	resize(r, r.busyCount * 2);
}

function resize(r: RunRecorder, m: number): void {
	const s = new Float64Array(m);
	const e = new Float64Array(m);
	const g = new Uint16Array(m);
	s.set(r.busyStartS);
	e.set(r.busyEndS);
	g.set(r.busyGpu);
	r.busyStartS = s;
	r.busyEndS = e;
	r.busyGpu = g;
}

/** The finished run as RunRecords (busy arrays trimmed to what was filled). */
export function finishRecords(r: RunRecorder, table: RequestTable, ctx: EngineContext, queueIntegralS?: number): RunRecords {
	const pooled = r.pooledBusy !== undefined && r.busyStartS === r.pooledBusy[0];
	const records: RunRecords = {
		startS: r.startS,
		firstTokenS: r.firstTokenS,
		lastTokenS: r.lastTokenS,
		dropCode: table.dropCode,
		bin: ctx.bin,
		predictedOutput: ctx.predicted,
		binEdges: ctx.binEdges,
		busyStartS: trim(r.busyStartS, r.busyCount, pooled),
		busyEndS: trim(r.busyEndS, r.busyCount, pooled),
		busyCount: r.busyCount,
		busyS: r.busyS,
		batches: r.batches,
		batchSizeSum: r.batchSizeSum,
		preemptions: r.preemptions,
		warnings: r.warnings,
		busyGpu: trim(r.busyGpu, r.busyCount, pooled),
		itl: r.itl
	};
	if (queueIntegralS !== undefined) records.queueIntegralS = queueIntegralS;
	if (r.replicaQueues) records.replicaQueues = r.replicaQueues;
	if (r.prefix) records.prefix = r.prefix;
	if (pooled) records.pooledColumns = r.pooledBusy;
	return records;
}

/**
 * Hands the records' per-request columns back to the pool once nothing reads them any more (simulate()
 * after summarize). Only the owner of the records may call this: the arrays are reused by the next run.
 */
export function releaseRecords(records: RunRecords): void {
	giveBack(records.startS, records.firstTokenS, records.lastTokenS, ...(records.pooledColumns ?? []));
}

/**
 * The first `count` entries: a view when they fill most of the buffer or the buffer is pooled (it goes
 * back to the pool after the summary, so a copy would only be fresh memory to fault in), else a compact
 * copy, so records kept by a caller do not hold a mostly empty buffer.
 */
function trim<T extends Float64Array | Uint16Array>(a: T, count: number, pooled: boolean): T {
	return (pooled || count * 2 >= a.length ? a.subarray(0, count) : a.slice(0, count)) as T;
}
