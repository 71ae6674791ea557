/**
 * Inter-token gaps of one request-level batch, added to the run's ITL histogram (gap-histogram.ts)
 * without visiting the decode steps one by one. Decode step k (1..steps) of the batch's stretch takes
 * s(k) = constS + max(computeS0 + computeSlopeS·k, memoryS0 + memorySlopeS·k) (perf/stretch.ts stepS)
 * and emits one token for every member with more than k output tokens.
 *
 * This is the engine's hottest loop after the queues (one call per batch, about ten histogram bins per
 * batch on a BurstGPT-like trace), so it is written for speed, with results bit-identical to binning
 * every step with gapBin (tests/sim/itl.test.ts checks against that brute force):
 * - s(k) is evaluated inline with exactly stepS's arithmetic, so the same doubles come out;
 * - when s(1) and s(steps) share a bin (a stretch whose step time changes by less than a bin's 1.16%),
 *   all gaps go in with one addition;
 * - otherwise the bins are walked upwards: for each bin's upper edge E the first step f with s(f) ≥ E is
 *   guessed from the two lines with precomputed reciprocals (a multiplication, no division, no
 *   logarithm) and then verified against E itself, s(f − 1) < E ≤ s(f), so rounding never moves a step
 *   to another bin. The next bin is the one above unless s(f) is already past its edge (then gapBin).
 * With the members' last decode steps sorted, the tokens of steps 1..x are W(x) = Σ min(last, x), so
 * the bin whose steps are [k, f − 1] holds W(f − 1) − W(k − 1): one pass over the sorted steps.
 */
import { GAP_EDGES, GAP_TOP_BIN, gapBin, type GapHistogram } from '../gap-histogram';
import type { StretchCoefficients } from '../perf/types';

/** Batches larger than this sort their members' last steps natively instead of by insertion. */
const INSERTION_MAX = 32;

/** Scratch for the members' last decode steps, grown on demand and reused across batches. */
export interface GapScratch {
	lasts: Int32Array;
}

export function createGapScratch(): GapScratch {
	return { lasts: new Int32Array(64) };
}

/**
 * Adds the gaps of the batch members[from .. to) (request ids into outputTokens) whose stretch has
 * coefficients c and runs `steps` decode steps; `gaps` = Σ max(0, output − 1) over the members.
 */
export function addBatchGaps(
	h: GapHistogram,
	c: StretchCoefficients,
	members: Int32Array,
	from: number,
	to: number,
	outputTokens: Uint32Array,
	steps: number,
	gaps: number,
	scratch: GapScratch
): void {
	const cs = c.constS;
	const a0 = c.computeS0;
	const a1 = c.computeSlopeS;
	const b0 = c.memoryS0;
	const b1 = c.memorySlopeS;
	let x = a0 + a1 * 1;
	let z = b0 + b1 * 1;
	const sLo = cs + (x > z ? x : z);
	x = a0 + a1 * steps;
	z = b0 + b1 * steps;
	const sHi = cs + (x > z ? x : z);
	let bin = gapBin(sLo);
	const counts = h.counts;
	// Imported bindings hoisted into locals: the loop below reads them at every bin.
	const edges = GAP_EDGES;
	const top = GAP_TOP_BIN;
	if (bin >= top || sHi < edges[bin + 1]) counts[bin] += gaps;
	else {
		const m = sortedLasts(members, from, to, outputTokens, scratch);
		const lasts = scratch.lasts;
		// Reciprocal slopes for the guesses only (0: the line never rises, it gives no guess).
		const ia = a1 > 0 ? 1 / a1 : 0;
		const ib = b1 > 0 ? 1 / b1 : 0;
		let p = 0;
		let below = 0; // Σ lasts[0 .. p): the members done before the current step
		let wPrev = 0;
		let k = 1; // first step of the current bin; s(k) < edges[bin + 1]
		for (;;) {
			let f = steps + 1; // first step at or above the bin's upper edge (steps + 1: none)
			let sf = Infinity;
			if (bin < top) {
				const edge = edges[bin + 1];
				const y = edge - cs;
				if (ia > 0) {
					const g = Math.ceil((y - a0) * ia);
					if (g < f) f = g;
				}
				if (ib > 0) {
					const g = Math.ceil((y - b0) * ib);
					if (g < f) f = g;
				}
				if (!(f > k)) f = k + 1;
				// Verify against the edge: up while s(f) < edge, then down while s(f − 1) ≥ edge.
				while (f <= steps) {
					x = a0 + a1 * f;
					z = b0 + b1 * f;
					sf = cs + (x > z ? x : z);
					if (sf >= edge) break;
					f++;
				}
				if (f > steps) sf = Infinity;
				while (f - 1 > k) {
					x = a0 + a1 * (f - 1);
					z = b0 + b1 * (f - 1);
					const s = cs + (x > z ? x : z);
					if (s < edge) break;
					sf = s;
					f--;
				}
			}
			const hi = f - 1;
			while (p < m && lasts[p] < hi) below += lasts[p++];
			const w = below + hi * (m - p);
			counts[bin] += w - wPrev;
			wPrev = w;
			if (f > steps) break;
			k = f;
			bin++;
			if (bin < top && !(sf < edges[bin + 1])) bin = gapBin(sf);
		}
	}
	h.total += gaps;
	if (sLo < h.minS) h.minS = sLo;
	if (sHi > h.maxS) h.maxS = sHi;
}

/** The members' last decode steps (output − 1, for outputs ≥ 2) into scratch.lasts, ascending; returns how many. */
function sortedLasts(members: Int32Array, from: number, to: number, outputTokens: Uint32Array, scratch: GapScratch): number {
	if (scratch.lasts.length < to - from) scratch.lasts = new Int32Array(Math.max(to - from, 2 * scratch.lasts.length));
	const lasts = scratch.lasts;
	let m = 0;
	if (to - from > INSERTION_MAX) {
		for (let j = from; j < to; j++) {
			const out = outputTokens[members[j]];
			if (out >= 2) lasts[m++] = out - 1;
		}
		lasts.subarray(0, m).sort();
		return m;
	}
	// Insertion as they are read: the usual batch is a handful of members.
	for (let j = from; j < to; j++) {
		const out = outputTokens[members[j]];
		if (out < 2) continue;
		const v = out - 1;
		let i = m - 1;
		while (i >= 0 && lasts[i] > v) {
			lasts[i + 1] = lasts[i];
			i--;
		}
		lasts[i + 1] = v;
		m++;
	}
	return m;
}
