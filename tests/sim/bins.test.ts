/** Predictors, equal-mass bins and bin-choice policies. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assignBins, binOf, DEFAULT_OUTPUT_PER_PROMPT, equalMassEdges, fitOutputPerPrompt, predictOutputs, sortedPredictions } from '../../src/lib/sim/bins';
import { BIN_POLICIES, type BinQueueView } from '../../src/lib/sim/policies/index';
import { randomWorkload, workloadOf } from './helpers';

describe('predictors', () => {
	const w = randomWorkload(2000, 9);
	it('oracle returns the truth', () => expect(Array.from(predictOutputs(w, { kind: 'oracle' }, 1))).toEqual(Array.from(w.outputTokens)));
	it('noisy is seeded, deterministic and lognormal around the truth', () => {
		const a = predictOutputs(w, { kind: 'noisy', sigma: 0.5 }, 3);
		const b = predictOutputs(w, { kind: 'noisy', sigma: 0.5 }, 3);
		const c = predictOutputs(w, { kind: 'noisy', sigma: 0.5 }, 4);
		expect(Array.from(a)).toEqual(Array.from(b));
		expect(Array.from(a)).not.toEqual(Array.from(c));
		let sumLog = 0;
		let sumSq = 0;
		let m = 0;
		for (let i = 0; i < w.outputTokens.length; i++) {
			if (w.outputTokens[i] < 50) continue; // rounding dominates tiny lengths
			const r = Math.log(a[i] / w.outputTokens[i]);
			sumLog += r;
			sumSq += r * r;
			m++;
		}
		expect(Math.abs(sumLog / m)).toBeLessThan(0.06);
		expect(Math.sqrt(sumSq / m)).toBeGreaterThan(0.42);
		expect(Math.sqrt(sumSq / m)).toBeLessThan(0.58);
		expect(Array.from(predictOutputs(w, { kind: 'noisy', sigma: 0 }, 3))).toEqual(Array.from(w.outputTokens));
	});
	it('prompt-based uses Σ output / Σ prompt fitted on the workload', () => {
		const small = workloadOf([0, 1, 2], [100, 300, 50], [50, 150, 0]);
		expect(fitOutputPerPrompt(small)).toBeCloseTo(200 / 400, 12); // failed row (0 output) ignored
		expect(Array.from(predictOutputs(small, { kind: 'prompt' }, 1))).toEqual([50, 150, 25]);
		expect(fitOutputPerPrompt(workloadOf([0], [100], [0]))).toBe(DEFAULT_OUTPUT_PER_PROMPT);
	});
});

describe('equal-mass bins', () => {
	it.each([
		// predictions, K, edges
		[[1, 2, 3, 4, 5, 6, 7, 8], 1, [Infinity]],
		[[1, 2, 3, 4, 5, 6, 7, 8], 2, [4, Infinity]], // median 4.5 floored: (.., 4] and (4, ..)
		[[1, 2, 3, 4, 5, 6, 7, 8], 4, [2, 4, 6, Infinity]],
		[[10, 10, 10, 10], 2, [10, Infinity]]
	])('%j into %d bins -> %j', (pred, k, edges) => expect(equalMassEdges(Uint32Array.from(pred), k)).toEqual(edges));

	it('gives each bin about the same number of requests', () => {
		const pred = predictOutputs(randomWorkload(10_000, 2), { kind: 'oracle' }, 1);
		const edges = equalMassEdges(pred, 4);
		const bins = assignBins(pred, edges);
		const counts = [0, 0, 0, 0];
		for (const b of bins) counts[b]++;
		// Integer predictions tie, so bins are equal only up to the size of a tied run.
		for (const c of counts) expect(Math.abs(c - 2500)).toBeLessThan(300);
	});

	it('ignores excluded (dropped) requests when a mask is given', () => {
		expect(equalMassEdges(Uint32Array.from([1, 2, 1000, 1000]), 2, Uint8Array.from([1, 1, 0, 0]))).toEqual([1, Infinity]);
	});

	it('sorted predictions are the sort of the included ones, whichever way they are sorted', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 30_000 }),
				fc.constantFrom(50, 5_000, 2_000_000, 0xffffffff),
				fc.integer({ min: 1, max: 1e9 }),
				fc.boolean(),
				(n, top, seed, masked) => {
					let x = seed;
					const r = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
					const pred = Uint32Array.from({ length: n }, () => Math.floor(r() * r() * top));
					const include = masked ? Uint8Array.from({ length: n }, () => (r() < 0.8 ? 1 : 0)) : undefined;
					const want = Uint32Array.from(pred.filter((_, i) => !include || include[i] === 1)).sort();
					expect(sortedPredictions(pred, include)).toEqual(want);
				}
			),
			{ numRuns: 40, seed: 7 }
		);
	});

	it.each([
		[0, 0],
		[2, 0],
		[3, 1],
		[4, 1],
		[5, 2],
		[1e9, 2]
	])('binOf(%d) with edges [2, 4, ∞] = %d', (p, k) => expect(binOf(p, [2, 4, Infinity])).toBe(k));
});

describe('bin-choice policies', () => {
	const view = (length: number[], head: number[], lastBin = -1): BinQueueView => ({
		bins: length.length,
		length: Int32Array.from(length),
		headArrivalS: Float64Array.from(head.map((h, i) => (length[i] > 0 ? h : Infinity))),
		lastBin
	});
	it.each([
		['oldest', view([2, 1, 5], [3, 1, 2]), 1],
		['oldest', view([2, 0, 5], [3, 0, 3]), 0], // tie on head arrival -> lowest bin
		['longest', view([2, 1, 5], [3, 1, 2]), 2],
		['longest', view([5, 1, 5], [3, 1, 2]), 0],
		['round-robin', view([2, 1, 5], [3, 1, 2], 0), 1],
		['round-robin', view([2, 0, 5], [3, 1, 2], 2), 0],
		['round-robin', view([0, 0, 5], [3, 1, 2], 2), 2],
		['oldest', view([0, 0], [0, 0]), -1],
		['longest', view([0, 0], [0, 0]), -1],
		['round-robin', view([0, 0], [0, 0]), -1]
	] as const)('%s picks the right bin (case %#)', (name, v, want) => expect(BIN_POLICIES[name](v)).toBe(want));
});
