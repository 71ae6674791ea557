import { describe, expect, it } from 'vitest';
import { headroomProbes, headroomSearch, isNonMonotone, MAX_DOWNWARD_CHECKS, replicaSearch, runSearch } from '../../src/lib/plan/search';

/** Runs the replica search on a curve, counting evaluations. */
function search(lb: number, max: number, meets: (n: number) => boolean) {
	const asked: number[] = [];
	const out = runSearch(replicaSearch(lb, max), (n) => {
		asked.push(n);
		return meets(n);
	});
	return { ...out, asked };
}

describe('replica search on hand-made attainment curves', () => {
	it('finds the smallest meeting count of a monotone curve from a low bound, verifying the count below', () => {
		for (const answer of [1, 2, 3, 7, 13, 16, 17, 40, 64]) {
			const r = search(1, 64, (n) => n >= answer);
			expect(r.replicas, `answer ${answer}`).toBe(answer);
			expect(r.nonMonotone).toBe(false);
			if (answer > 1) expect(r.asked).toContain(answer - 1);
			expect(r.asked).toContain(answer);
			// Exponential + bisection: about 2·log2(answer) + 2 runs, far from a full grid.
			expect(r.asked.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(answer + 1)) + 3);
		}
	});

	it('starts at the bound: an exact bound costs three runs (the answer and the counts on either side)', () => {
		const r = search(9, 64, (n) => n >= 9);
		expect(r.replicas).toBe(9);
		expect(r.asked).toEqual([9, 8, 10]);
	});

	it('walks down from a bound that was too high and still verifies the count below', () => {
		for (const [lb, answer] of [
			[10, 9],
			[10, 3],
			[40, 1],
			[12, 7]
		]) {
			const r = search(lb, 64, (n) => n >= answer);
			expect(r.replicas, `lb ${lb} answer ${answer}`).toBe(answer);
			if (answer > 1) expect(r.asked).toContain(answer - 1);
		}
	});

	it('answers null when nothing up to the fleet limit meets, having tried the limit', () => {
		const r = search(3, 20, () => false);
		expect(r.replicas).toBeNull();
		expect(r.asked).toContain(20);
		expect(Math.max(...r.asked)).toBe(20);
		expect(search(1, 0, () => true).replicas).toBeNull();
	});

	it('runs the count above the answer and flags a curve that dips there', () => {
		// Meets at 5, misses at 6 (greedy dispatch forming smaller batches), meets from 7 on.
		const curve = (n: number) => n === 5 || n >= 7;
		const r = search(5, 64, curve);
		expect(r.replicas).toBe(5);
		expect(r.asked.slice(0, 3)).toEqual([5, 4, 6]);
		expect(r.nonMonotone).toBe(true);
		// A monotone curve is not flagged, and its count above the answer was run too.
		const m = search(5, 64, (n) => n >= 5);
		expect(m.nonMonotone).toBe(false);
		expect(m.asked).toContain(6);
	});

	it('on a dip, looks a few counts below for a cheaper size that meets, and verifies it', () => {
		// Meets at 3 and 5, misses at 1, 2, 4 and 6, meets from 7 on.
		const curve = (n: number) => n === 3 || n === 5 || n >= 7;
		const r = search(5, 64, curve);
		expect(r.replicas).toBe(3);
		expect(r.nonMonotone).toBe(true);
		expect(r.asked).toContain(2); // the count below the new answer
		expect(r.asked.length).toBeLessThanOrEqual(4 + MAX_DOWNWARD_CHECKS);
	});

	it('a dip the search never visits is not claimed (bisection samples a few counts only)', () => {
		const curve = (n: number) => n === 3 || n === 4 || n >= 8;
		const r = search(6, 64, curve);
		expect(r.replicas).toBe(8);
		expect(r.nonMonotone).toBe(false);
		expect(r.asked).not.toContain(3);
	});

	it('isNonMonotone reads the evaluated points', () => {
		expect(isNonMonotone(new Map([[1, false], [2, true], [4, true]]))).toBe(false);
		expect(isNonMonotone(new Map([[4, false], [2, true], [8, true]]))).toBe(true);
	});
});

describe('headroom search', () => {
	it('brackets the highest meeting rate exponent to one grid step', () => {
		for (const capK of [3, 16, 17, 40, 95]) {
			const out = runSearch(headroomSearch(4), (k) => k <= capK);
			expect(out.metK, `cap ${capK}`).toBe(capK);
			expect(out.missK).toBe(capK + 1);
		}
	});

	it('says when every rate tried met (capacity at least the last)', () => {
		const out = runSearch(headroomSearch(4, [16], 2), () => true);
		expect(out).toEqual({ metK: 32, missK: null });
	});

	it('probes one step up first for an answer of several replicas, then just above replicas / (replicas - 1)', () => {
		expect(headroomProbes(1)).toEqual([16]);
		expect(headroomProbes(2)).toEqual([1, 16]);
		expect(headroomProbes(4)).toEqual([1, 8]); // log2(4/3)·16 = 6.6 → 7, + 1
		expect(headroomProbes(40)).toEqual([1, 2]);
		const count = (capK: number, probes: number[]) => {
			const asked: number[] = [];
			const out = runSearch(headroomSearch(4, probes), (k) => {
				asked.push(k);
				return k <= capK;
			});
			return { out, asked };
		};
		// At the edge: one run settles it.
		expect(count(0, headroomProbes(13))).toEqual({ out: { metK: 0, missK: 1 }, asked: [1] });
		// Just above: a short bracket.
		const r = count(2, headroomProbes(4));
		expect(r.out).toEqual({ metK: 2, missK: 3 });
		expect(r.asked.length).toBeLessThanOrEqual(5);
		// Above every probe: doubling takes over.
		expect(count(40, headroomProbes(4)).out).toEqual({ metK: 40, missK: 41 });
	});
});
