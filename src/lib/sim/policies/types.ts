/**
 * What a bin-choice policy sees when a replica can take work: per-bin queue lengths and head-of-line
 * arrivals. Both batching regimes fill this view from their queues (sim/engine/queues.ts) and pick
 * with the same BIN_POLICIES entry; policies only read it (O(K) per decision, K ≤ 64).
 */
export interface BinQueueView {
	bins: number;
	/** Requests waiting per bin. */
	length: Int32Array;
	/** Arrival time of each bin's head request (+Infinity when the bin is empty). */
	headArrivalS: Float64Array;
	/** Bin served by the previous decision (−1 before the first). */
	lastBin: number;
	/**
	 * Optional: 1 where the bin's head can be admitted now (continuous batching: its prompt's KV blocks
	 * fit). Bins marked 0 are skipped as if empty; absent = every non-empty bin is eligible.
	 */
	eligible?: Uint8Array;
}

/** Picks the bin to serve next, or −1 when no bin is eligible. Ties go to the lowest bin. */
export type BinChooser = (q: BinQueueView) => number;

/** Whether bin k can be served: non-empty and, when the view says so, eligible. */
export function servable(q: BinQueueView, k: number): boolean {
	return q.length[k] > 0 && (q.eligible === undefined || q.eligible[k] !== 0);
}
