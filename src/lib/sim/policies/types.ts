/**
 * What a bin-choice policy sees when a GPU frees: per-bin queue lengths and head-of-line arrivals.
 * The engine keeps these arrays up to date; policies only read them (O(K) per decision, K ≤ 64).
 */
export interface BinQueueView {
	bins: number;
	/** Requests waiting per bin. */
	length: Int32Array;
	/** Arrival time of each bin's head request (+Infinity when the bin is empty). */
	headArrivalS: Float64Array;
	/** Bin served by the previous decision (−1 before the first). */
	lastBin: number;
}

/** Picks the bin to serve next, or −1 when every bin is empty. Ties go to the lowest bin. */
export type BinChooser = (q: BinQueueView) => number;
