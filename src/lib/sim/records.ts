/**
 * What a batching regime hands to metrics: per-request times and per-run counters, in typed arrays.
 * Both regimes (request-level, iteration-level) fill one of these; metrics.ts turns it into a SimResult.
 * Times are absolute simulated seconds (the workload's clock). NaN marks "never happened" (dropped).
 */

import type { GapHistogram } from './gap-histogram';
import type { PrefixCacheSeries, ReplicaQueueSeries } from './types';

/** Why a request could not be served at all. */
export const DROP_REASONS = ['exceeds-kv-capacity', 'exceeds-context'] as const;
export type DropReason = (typeof DROP_REASONS)[number];

export interface RunRecords {
	/** When the request's first prefill began (queue = start − arrival). */
	startS: Float64Array;
	/** When its first output token came out (end of its prefill). */
	firstTokenS: Float64Array;
	/** When its last output token came out (= firstTokenS for 1 token, = prefill end for 0 tokens). */
	lastTokenS: Float64Array;
	/** 0 = served; 1 + index into DROP_REASONS = dropped for that reason. */
	dropCode: Uint8Array;
	/** Bin each request was queued in (0 when bins = 1). */
	bin: Uint8Array;
	/** Predicted output tokens used for binning (the oracle's are the true lengths). */
	predictedOutput: Uint32Array;
	/** Bin boundaries in predicted output tokens: bin k holds predictions in (edges[k-1], edges[k]]. */
	binEdges: number[];
	/** GPU busy intervals, one per batch (request-level) or per busy stretch (iteration-level). */
	busyStartS: Float64Array;
	busyEndS: Float64Array;
	/** How many busy intervals are filled in busyStartS/busyEndS. */
	busyCount: number;
	/** Total GPU-seconds busy, summed over GPUs. */
	busyS: number;
	/** Batches formed (request-level) or forward steps run (iteration-level). */
	batches: number;
	/** Σ batch size over batches (or running sequences over steps), for the mean batch size. */
	batchSizeSum: number;
	preemptions: number;
	warnings: string[];
	/**
	 * Optional (additive): GPU index of each busy interval, so tests can check that a GPU runs one
	 * batch at a time. Same length as busyStartS. Both regimes fill it.
	 */
	busyGpu?: Uint16Array;
	/**
	 * Optional (additive): ∫ (requests waiting in queues) dt over the run, accumulated by the engine from
	 * its own queue state. Little's law over the whole run says it equals Σ (start − arrival).
	 */
	queueIntegralS?: number;
	/**
	 * Inter-token latency: every gap between two consecutive output tokens of every request, as a
	 * log-binned histogram (gap-histogram.ts). The engine always fills it; optional only so that records
	 * built by hand (tests) stay valid. A recomputed request's gap spans its preemption.
	 */
	itl?: GapHistogram;
	/**
	 * Whole arrays behind views in these records that came from the run-to-run pool (engine/array-pool.ts),
	 * for releaseRecords to give back once nothing reads the records.
	 */
	pooledColumns?: (Float64Array | Uint16Array)[];
	/** Waiting requests per replica over time (engine/queue-series.ts), when the scheduler keeps it. */
	replicaQueues?: ReplicaQueueSeries;
	/** Prefix-cache counters (iteration-level runs with Scenario.prefixCache on and block identities). */
	prefix?: PrefixRecords;
}

/** What the prefix cache did over a run (sim/engine/prefix-cache.ts). */
export interface PrefixRecords {
	/** Engine block size in tokens (hits come in whole blocks). */
	blockSize: number;
	/** Prompt tokens of every request at its first admission (the hit rate's denominator). */
	promptTokens: number;
	/** Prompt tokens found cached at first admission (not recomputed). */
	hitTokens: number;
	/**
	 * Blocks a request wanted right after its hit that running requests were still computing (they
	 * would have hit a moment later): the gap between the hit rate and the unlimited-cache bound that no
	 * cache size closes.
	 */
	inFlightBlocks: number;
	/** Cached blocks evicted (least recently used first) to make room. */
	evictions: number;
	/** Tokens found cached when a preempted request was recomputed (not in hitTokens). */
	recomputeHitTokens: number;
	/** Per request: blocks hit at its first admission. */
	hitBlocks: Uint32Array;
	/** Bounded time series (≤ 1,024 points): unowned cached blocks over all replicas, evictions so far. */
	series: PrefixCacheSeries;
}
