/**
 * What index.ts prepares once per run and hands to a batching regime: the step-time model, the KV
 * capacity, predictions and bins, and which requests can never be served. Regimes read this and
 * fill RunRecords; they never re-derive any of it, so both regimes see the same inputs.
 */
import type { PerfModel } from './perf/types';
import type { ProgressFn } from './types';

export interface EngineContext {
	perf: PerfModel;
	/** KV capacity of one replica in tokens (memory.ts at TP 1 BF16; deploy/tensor-parallel.ts's layout otherwise). */
	kvCapacityTokens: number;
	/** Predicted output tokens per request (bins.ts predictor; the oracle returns the truth). */
	predicted: Uint32Array;
	/** Bin of each request, 0 .. bins−1, from equal-mass boundaries over `predicted`. */
	bin: Uint8Array;
	/** Bin upper edges in predicted tokens (length bins; last is +Infinity as a number). */
	binEdges: number[];
	/**
	 * Pre-filled drop codes (records.ts): requests whose prompt + output can never fit in one replica's KV
	 * capacity or the model's context. Regimes skip them; they never wait in a queue.
	 */
	dropCode: Uint8Array;
	/** Reports requests finished so far; regimes call it at most every few thousand requests. */
	onProgress?: ProgressFn;
}
