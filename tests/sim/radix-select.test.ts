/**
 * Radix selection (sim/radix-select.ts) must find the very order statistics a sort finds, so the
 * summary's percentiles are bit-identical whichever path computed them: on values spread over many
 * powers of two, values packed into one bucket, negatives, zeros of both signs, ties and a range inside
 * a bigger array.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderStatistics } from '../../src/lib/sim/radix-select';
import { quantilesBySelect, RADIX_SELECT_MIN } from '../../src/lib/sim/select';

/** numpy-linear quantiles read off a sorted copy, with the interpolation quantilesBySelect uses. */
function bySort(a: Float64Array, ps: number[], from = 0, to = a.length): number[] {
	const s = a.slice(from, to).sort();
	const n = s.length;
	return ps.map((p) => {
		const pos = (n - 1) * p;
		const i = Math.floor(pos);
		const v = s[i];
		return v + ((i + 1 < n ? s[i + 1] : v) - v) * (pos - i);
	});
}

/** A deterministic generator of `n` values of one kind (seeded LCG). */
function values(kind: string, n: number, seed: number): Float64Array {
	let x = seed;
	const r = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
	const a = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		const u = r();
		if (kind === 'spread') a[i] = Math.exp(12 * (u - 0.5));
		else if (kind === 'packed') a[i] = 0.05 + 1e-9 * Math.floor(u * 1000); // one top-16-bit bucket, many ties
		else if (kind === 'zeros') a[i] = u < 0.97 ? (i % 2 ? 0 : -0) : u * 10;
		else if (kind === 'signed') a[i] = (u - 0.5) * 1e3 * Math.exp(6 * (r() - 0.5));
		else if (kind === 'ascending') a[i] = i / 7 + u;
		else a[i] = Math.round(u * 40) / 4; // 'ties'
	}
	return a;
}

const PS = [0, 0.5, 0.95, 0.99, 1];

describe('radix selection', () => {
	it.each(['spread', 'packed', 'zeros', 'signed', 'ascending', 'ties'])('gives the quantiles a sort gives, bit for bit (%s)', (kind) => {
		const a = values(kind, 3 * RADIX_SELECT_MIN, 7);
		const before = a.slice();
		const scratch = new Float64Array(a.length);
		const got = quantilesBySelect(a, PS, 0, a.length, scratch);
		bySort(a, PS).forEach((want, j) => expect(Object.is(got[j], want), `p=${PS[j]}: ${got[j]} vs ${want}`).toBe(true));
		// The radix path reads the values and leaves them where they were.
		let moved = 0;
		for (let i = 0; i < a.length; i++) if (!Object.is(a[i], before[i])) moved++;
		expect(moved).toBe(0);
	});

	it('works on a range inside a bigger array (the per-bin groups of a summary)', () => {
		const a = values('spread', 5 * RADIX_SELECT_MIN, 11);
		const from = 12_345;
		const to = from + 2 * RADIX_SELECT_MIN + 17;
		const got = quantilesBySelect(a, PS, from, to, new Float64Array(to - from));
		expect(got).toEqual(bySort(a, PS, from, to));
	});

	it('finds arbitrary ranks, ties and repeats included, as the sorted order has them', () => {
		fc.assert(
			fc.property(
				fc.array(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }), { minLength: 1, maxLength: 400 }),
				fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
				(xs, picks) => {
					// Repeat the values so ties span buckets and groups hold many values.
					const a = Float64Array.from([...xs, ...xs.map((v) => v * 3), ...xs]);
					const ranks = picks.map((p) => p % a.length).sort((x, y) => x - y);
					const sorted = a.slice().sort();
					const got = orderStatistics(a, 0, a.length, ranks, new Float64Array(a.length));
					ranks.forEach((r, j) => expect(Object.is(got[j], sorted[r]), `rank ${r}: ${got[j]} vs ${sorted[r]}`).toBe(true));
				}
			),
			{ numRuns: 200, seed: 5 }
		);
	});

	it('ranks +Infinity and -Infinity where a sort does', () => {
		const a = values('signed', RADIX_SELECT_MIN, 3);
		a[10] = Infinity;
		a[20] = -Infinity;
		const sorted = a.slice().sort();
		const ranks = [0, 1, a.length - 2, a.length - 1];
		expect(orderStatistics(a, 0, a.length, ranks, new Float64Array(a.length))).toEqual(ranks.map((r) => sorted[r]));
	});
});
