/**
 * A request-level batch's inter-token gaps added at once (batching/batch-gaps.ts) equal binning every
 * decode step one by one, weighted by the members still decoding: same counts in every bin, same
 * total and extremes, on random coefficients, batch sizes and output lengths, and on stretches whose
 * steps land exactly on bin edges.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addBatchGaps, createGapScratch } from '../../src/lib/sim/batching/batch-gaps';
import { addGaps, BINS_PER_DECADE, createGapHistogram, GAP_MIN_S, gapBin, gapBinLowS, type GapHistogram } from '../../src/lib/sim/gap-histogram';
import { stepS } from '../../src/lib/sim/perf/stretch';
import type { StretchCoefficients } from '../../src/lib/sim/perf/types';
import { expectSameHistogram } from './helpers';

function brute(h: GapHistogram, c: StretchCoefficients, outs: number[]): void {
	const steps = Math.max(...outs) - 1;
	for (let k = 1; k <= steps; k++) addGaps(h, stepS(c, k), outs.filter((o) => o - 1 >= k).length);
}

function fast(h: GapHistogram, c: StretchCoefficients, outs: number[], scratch = createGapScratch()): void {
	const outputTokens = Uint32Array.from(outs);
	// Members in a larger id list, at an offset, as the scheduler passes them.
	const members = Int32Array.from([0, ...outs.map((_, i) => i), 0]);
	const gaps = outs.reduce((a, o) => a + Math.max(0, o - 1), 0);
	const steps = Math.max(...outs) - 1;
	if (gaps > 0) addBatchGaps(h, c, members, 1, 1 + outs.length, outputTokens, steps, gaps, scratch);
}

const coefArb = fc.record({
	constS: fc.double({ min: 0, max: 2e-3, noNaN: true }),
	computeS0: fc.double({ min: 0, max: 2e-2, noNaN: true }),
	computeSlopeS: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e-4, noNaN: true }), fc.double({ min: 0, max: 1e-1, noNaN: true })),
	memoryS0: fc.double({ min: 0, max: 2e-2, noNaN: true }),
	memorySlopeS: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e-4, noNaN: true }), fc.double({ min: 0, max: 1e-1, noNaN: true }))
});

describe('addBatchGaps: a request-level batch at once equals its steps one by one', () => {
	it('matches brute force on random coefficients and members (small and large batches)', () => {
		const scratch = createGapScratch();
		fc.assert(
			fc.property(coefArb, fc.array(fc.integer({ min: 0, max: 2500 }), { minLength: 1, maxLength: 80 }), (c, outs) => {
				const a = createGapHistogram();
				const b = createGapHistogram();
				fast(a, c, outs, scratch);
				brute(b, c, outs);
				expectSameHistogram(a, b);
			}),
			{ numRuns: 300 }
		);
	});

	it('matches brute force when step times land exactly on bin edges, and across the top bin', () => {
		const e = gapBinLowS(1500);
		const width = gapBinLowS(1501) - e;
		for (const c of [
			{ constS: 0, computeS0: e, computeSlopeS: width / 4, memoryS0: 0, memorySlopeS: 0 },
			{ constS: 0, computeS0: 0, computeSlopeS: 0, memoryS0: e - width, memorySlopeS: width / 3 },
			{ constS: 1e-4, computeS0: e, computeSlopeS: width, memoryS0: e * 0.9, memorySlopeS: width * 1.5 },
			{ constS: 0, computeS0: gapBinLowS(2398), computeSlopeS: gapBinLowS(2398) / 50, memoryS0: 0, memorySlopeS: 0 }
		]) {
			const outs = [3, 40, 41, 17, 200, 1, 0, 120];
			const a = createGapHistogram();
			const b = createGapHistogram();
			fast(a, c, outs);
			brute(b, c, outs);
			expectSameHistogram(a, b);
		}
	});

	it("matches brute force when a line's slope is an exact fraction of a bin (the guesses overshoot by rounding)", () => {
		// Bin 1400 (10 s) with slopes width/q: some q make the reciprocal-slope guess one step too high.
		const e = gapBinLowS(1400);
		const width = gapBinLowS(1401) - e;
		const outs = [3, 40, 41, 17, 200, 1, 0, 120, 1000];
		for (let q = 1; q <= 40; q++) {
			for (const constS of [0, 1e-4, 3.3e-5]) {
				for (const c of [
					{ constS, computeS0: e - constS, computeSlopeS: width / q, memoryS0: 0, memorySlopeS: 0 },
					{ constS, computeS0: 0, computeSlopeS: 0, memoryS0: e - constS, memorySlopeS: width / q }
				]) {
					const a = createGapHistogram();
					const b = createGapHistogram();
					fast(a, c, outs);
					brute(b, c, outs);
					expectSameHistogram(a, b);
				}
			}
		}
	});
});

describe('gapBin: the bucket table gives the bin by definition', () => {
	/** The definition: the i with lowS(i) ≤ g < lowS(i + 1), clamped to the first and last bins (bisection). */
	function byEdges(g: number): number {
		const top = 12 * BINS_PER_DECADE - 1;
		if (!(g >= gapBinLowS(1))) return 0;
		if (g >= gapBinLowS(top)) return top;
		let lo = 0;
		let hi = top; // lowS(lo) ≤ g < lowS(hi)
		while (hi - lo > 1) {
			const mid = (lo + hi) >> 1;
			if (g >= gapBinLowS(mid)) lo = mid;
			else hi = mid;
		}
		return lo;
	}

	it('agrees at every bin edge, one ulp either side, and on random gaps over the whole range', () => {
		const probes: number[] = [0, -1, 1e-7, GAP_MIN_S, 1e7, Infinity, NaN];
		for (let i = 0; i <= 12 * BINS_PER_DECADE; i++) {
			const e = gapBinLowS(i);
			probes.push(e, e * (1 + Number.EPSILON), e * (1 - Number.EPSILON / 2), e * (1 + 0.002), e * (1 - 0.002));
		}
		const rng = fc.sample(fc.double({ min: -7, max: 7, noNaN: true }), 20000);
		for (const x of rng) probes.push(10 ** x);
		const wrong = probes.filter((g) => gapBin(g) !== byEdges(g)).map((g) => `${g}: ${gapBin(g)} != ${byEdges(g)}`);
		expect(wrong).toEqual([]);
	});
});
