/**
 * Inter-token latency (ITL) distribution: every gap between two consecutive output tokens of a request.
 * A run emits millions of tokens and the engine never steps a decode stretch token by token, so gaps go
 * into a log-spaced histogram (as HdrHistogram does) rather than a list: BINS_PER_DECADE bins per factor
 * of ten, so a percentile read back is within half a bin (±0.58%) of the exact one. Plain data: it
 * crosses worker boundaries inside RunRecords.
 */

/** Bins per decade: 200 gives bins 1.16% wide. */
export const BINS_PER_DECADE = 200;
/** Smallest gap resolved, seconds (1 µs); anything smaller lands in bin 0. */
export const GAP_MIN_S = 1e-6;
/** 1 µs .. 10^6 s. */
const DECADES = 12;

export interface GapHistogram {
	/** counts[i] = gaps in [GAP_MIN_S·10^(i/B), GAP_MIN_S·10^((i+1)/B)), B = BINS_PER_DECADE. */
	counts: Float64Array;
	/** Σ counts. */
	total: number;
	/** Exact extremes seen, so P0/P100 and single-valued distributions read back exactly. */
	minS: number;
	maxS: number;
}

export function createGapHistogram(): GapHistogram {
	return { counts: new Float64Array(DECADES * BINS_PER_DECADE), total: 0, minS: Infinity, maxS: -Infinity };
}

/** Bin index of a gap. */
export function gapBin(gapS: number): number {
	if (!(gapS > GAP_MIN_S)) return 0;
	const i = Math.floor(Math.log10(gapS / GAP_MIN_S) * BINS_PER_DECADE);
	return i >= DECADES * BINS_PER_DECADE ? DECADES * BINS_PER_DECADE - 1 : i;
}

/** Lower edge of bin i, seconds. */
export function gapBinLowS(i: number): number {
	return GAP_MIN_S * Math.pow(10, i / BINS_PER_DECADE);
}

/** Adds `count` gaps of `gapS` seconds each. */
export function addGaps(h: GapHistogram, gapS: number, count: number): void {
	if (count <= 0) return;
	h.counts[gapBin(gapS)] += count;
	h.total += count;
	if (gapS < h.minS) h.minS = gapS;
	if (gapS > h.maxS) h.maxS = gapS;
}

/** Adds every bin of `from` into `into` (per-GPU or per-replica histograms into one). */
export function mergeGaps(into: GapHistogram, from: GapHistogram): void {
	for (let i = 0; i < from.counts.length; i++) into.counts[i] += from.counts[i];
	into.total += from.total;
	if (from.minS < into.minS) into.minS = from.minS;
	if (from.maxS > into.maxS) into.maxS = from.maxS;
}

/**
 * The q-quantile (0..1) of the gaps, seconds; null when there are none. Reads the bin holding the
 * rank and returns its geometric middle, clamped to the exact min and max seen.
 */
export function gapQuantileS(h: GapHistogram, q: number): number | null {
	if (h.total <= 0) return null;
	if (h.minS === h.maxS) return h.minS;
	const rank = q * h.total;
	let seen = 0;
	for (let i = 0; i < h.counts.length; i++) {
		seen += h.counts[i];
		if (seen >= rank && h.counts[i] > 0) {
			const mid = Math.sqrt(gapBinLowS(i) * gapBinLowS(i + 1));
			return Math.min(h.maxS, Math.max(h.minS, mid));
		}
	}
	return h.maxS;
}
