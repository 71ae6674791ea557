/**
 * Inter-token latency (ITL) distribution: every gap between two consecutive output tokens of a request.
 * A run emits millions of tokens and the engine never steps a decode stretch token by token, so gaps go
 * into a log-spaced histogram (as HdrHistogram does) rather than a list: BINS_PER_DECADE bins per factor
 * of ten, so a percentile read back is within half a bin (±0.58%) of the exact one. Plain data: it
 * crosses worker boundaries inside RunRecords.
 */
import { stepS } from './perf/stretch';
import type { StretchCoefficients } from './perf/types';

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

/** Index of the last bin, which takes every gap at or above its lower edge. */
export const GAP_TOP_BIN = DECADES * BINS_PER_DECADE - 1;

/** 10^(1/B) for B = 200, as a literal: every JavaScript engine parses it to the same double. */
const BIN_RATIO = 1.0115794542598986;
/** GAP_MIN_S·10^d for d = 0..DECADES, as literals (exact decimal parsing, no Math.pow). */
const DECADE_STARTS = [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6];

/**
 * Lower edges of every bin and the top edge, computed once: EDGES[i] ≈ GAP_MIN_S·10^(i/B). Built from
 * decimal literals, multiplications and one division only, never Math.pow: those are exactly rounded
 * in IEEE 754, so Node and every browser build the same table and bin (and report) every gap alike.
 * (Math.pow may differ in the last bit between V8 versions, which once made the browser's ITL
 * percentiles differ from the CLI's.) Each decade starts at an exact power of ten; within it the
 * ratio is applied repeatedly. Exported (read, never written) for callers that bin many gaps at once
 * (batching/batch-gaps.ts) and must compare against the very same edges as gapBin.
 */
export const GAP_EDGES = buildEdges();

function buildEdges(): Float64Array {
	const edges = new Float64Array(DECADES * BINS_PER_DECADE + 1);
	const within = new Float64Array(BINS_PER_DECADE);
	within[0] = 1;
	for (let j = 1; j < BINS_PER_DECADE; j++) within[j] = within[j - 1] * BIN_RATIO;
	for (let d = 0; d <= DECADES; d++) {
		for (let j = 0; j < BINS_PER_DECADE && d * BINS_PER_DECADE + j < edges.length; j++) edges[d * BINS_PER_DECADE + j] = DECADE_STARTS[d] * within[j];
	}
	return edges;
}
const EDGES = GAP_EDGES;

/**
 * The bin lookup without a logarithm (gapBin runs once per batch or stretch, millions of times a run):
 * a gap's double is read as bits, and its exponent with the top BUCKET_BITS bits of its mantissa index a
 * table of the bin holding the smallest double of that bucket. A bucket is 2^-8 ≈ 0.39% wide, under a
 * bin's 1.16%, so at most one bin edge lies inside it and one comparison with the edge table finishes.
 */
const BUCKET_BITS = 8;
/** High 32-bit word of a double shifted so that exponent and top mantissa bits remain. */
const BUCKET_SHIFT = 20 - BUCKET_BITS;
const bitsF64 = new Float64Array(1);
const bitsU32 = new Uint32Array(bitsF64.buffer);
/** Index of the double's high word in bitsU32 (1 on little-endian machines). */
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

function bucketOf(x: number): number {
	bitsF64[0] = x;
	return bitsU32[HIGH_WORD] >>> BUCKET_SHIFT;
}

const FIRST_BUCKET = bucketOf(GAP_MIN_S);
/** BUCKET_BIN[b − FIRST_BUCKET] = bin of the smallest double of bucket b (every bucket up to the top edge). */
const BUCKET_BIN = ((): Int16Array => {
	const top = DECADES * BINS_PER_DECADE - 1;
	const last = bucketOf(EDGES[top]);
	const table = new Int16Array(last - FIRST_BUCKET + 1);
	let bin = 0;
	for (let b = FIRST_BUCKET; b <= last; b++) {
		bitsU32[HIGH_WORD] = b << BUCKET_SHIFT;
		bitsU32[1 - HIGH_WORD] = 0;
		const low = bitsF64[0];
		while (bin < top && low >= EDGES[bin + 1]) bin++;
		table[b - FIRST_BUCKET] = bin;
	}
	return table;
})();

/**
 * Bin index of a gap: the i with EDGES[i] ≤ gap < EDGES[i + 1] (clamped to the first and last bins).
 * The bucket table gives the bin of the bucket's smallest double (≤ the answer); comparisons against
 * the edge table make the answer exact, so binning by edges (binRunEnd, batch-gaps.ts) and by this
 * function always agree.
 */
export function gapBin(gapS: number): number {
	if (!(gapS > GAP_MIN_S)) return 0;
	const top = DECADES * BINS_PER_DECADE - 1;
	if (gapS >= EDGES[top]) return top;
	bitsF64[0] = gapS;
	let i = BUCKET_BIN[(bitsU32[HIGH_WORD] >>> BUCKET_SHIFT) - FIRST_BUCKET];
	while (gapS >= EDGES[i + 1]) i++;
	return i;
}

/** Lower edge of bin i, seconds. */
export function gapBinLowS(i: number): number {
	// Out of the table only by a caller's mistake: clamp rather than compute an edge the table lacks.
	return EDGES[Math.max(0, Math.min(EDGES.length - 1, i))];
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

/**
 * The last step of the run that starts at step k of a decode stretch and whose step times s(j)
 * (perf/stretch.ts stepS) all fall in histogram bin `bin` (= gapBin(s(k))); at most kEnd. s is
 * monotone non-decreasing, so the run ends where s reaches the bin's upper edge: found from the two
 * lines analytically, then corrected a step either way against the edge itself (rounding), so the
 * answer always agrees with binning every step one by one.
 */
export function binRunEnd(c: StretchCoefficients, k: number, kEnd: number, bin: number): number {
	if (bin >= DECADES * BINS_PER_DECADE - 1) {
		runNextS = Infinity;
		return kEnd; // the top bin takes everything above it
	}
	const edge = EDGES[bin + 1];
	const y = edge - c.constS;
	// s(j) < edge iff both lines are below y: the first guess is the smaller of their last j below y.
	let hi = kEnd;
	if (c.computeSlopeS > 0) {
		const j = Math.ceil((y - c.computeS0) / c.computeSlopeS) - 1;
		if (j < hi) hi = j;
	} else if (!(c.computeS0 < y)) hi = k;
	if (c.memorySlopeS > 0) {
		const j = Math.ceil((y - c.memoryS0) / c.memorySlopeS) - 1;
		if (j < hi) hi = j;
	} else if (!(c.memoryS0 < y)) hi = k;
	if (!(hi >= k)) hi = k;
	let next = hi < kEnd ? stepS(c, hi + 1) : Infinity;
	if (next < edge) {
		do {
			hi++;
			next = hi < kEnd ? stepS(c, hi + 1) : Infinity;
		} while (next < edge);
	} else {
		while (hi > k) {
			const sHi = stepS(c, hi);
			if (sHi < edge) break;
			next = sHi;
			hi--;
		}
	}
	runNextS = next;
	return hi;
}

/** s(hi + 1) of the run binRunEnd last returned (+Infinity at the stretch's end). */
let runNextS = Infinity;

/** The step time that follows the run binRunEnd last returned: the next run's first step, already computed. */
export function nextRunStepS(): number {
	return runNextS;
}

/** Whether a gap of sS (≥ the lower edge of bin `bin`) falls in that bin: one comparison, no logarithm. */
export function sameBin(bin: number, sS: number): boolean {
	return bin >= DECADES * BINS_PER_DECADE - 1 || sS < EDGES[bin + 1];
}

/**
 * The bin of step time `s` known to be at or above bin `prev`'s upper edge: almost always the next bin
 * (step times grow by far less than a bin per step), checked against the edge table before falling
 * back to the logarithm.
 */
export function binAfter(prev: number, s: number): number {
	const next = prev + 1;
	return next < DECADES * BINS_PER_DECADE - 1 && s < EDGES[next + 1] ? next : gapBin(s);
}

/**
 * Adds steps k1..k2 of a decode stretch with coefficients c, each `weight` times (the sequences that
 * emitted a token at every one of those steps), without visiting the steps one by one: one bin update
 * per histogram bin the step times cross (usually one).
 */
export function addStretchGaps(h: GapHistogram, c: StretchCoefficients, k1: number, k2: number, weight: number): void {
	if (k2 < k1 || weight <= 0) return;
	const sLo = stepS(c, k1);
	const sHi = stepS(c, k2);
	const bLo = gapBin(sLo);
	if (sameBin(bLo, sHi)) h.counts[bLo] += weight * (k2 - k1 + 1);
	else {
		let b = bLo;
		for (let k = k1; ; ) {
			const hi = binRunEnd(c, k, k2, b);
			h.counts[b] += weight * (hi - k + 1);
			k = hi + 1;
			if (k > k2) break;
			b = binAfter(b, runNextS);
		}
	}
	h.total += weight * (k2 - k1 + 1);
	if (sLo < h.minS) h.minS = sLo;
	if (sHi > h.maxS) h.maxS = sHi;
}
