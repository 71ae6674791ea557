import { describe, expect, it } from 'vitest';
import { leastOutstanding } from '../../src/lib/sim/deploy/routing/pick';
import { leastOutstandingPolicy } from '../../src/lib/sim/deploy/routing/least-outstanding';
import { MinTree } from '../../src/lib/sim/engine/min-tree';

/** The scan the routing policies do: smallest key, lowest index among equals. */
function scanMin(keys: ArrayLike<number>): number {
	let best = 0;
	for (let i = 1; i < keys.length; i++) if (keys[i] < keys[best]) best = i;
	return best;
}

/** A small deterministic generator (no dependency on the engine's RNG). */
function lcg(seed: number): () => number {
	let s = seed >>> 0;
	return () => {
		s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
		return s / 2 ** 32;
	};
}

describe('MinTree (indexed minimum, ties to the lowest index)', () => {
	it('gives the scan answer after every random change, for sizes that are and are not powers of two', () => {
		for (const n of [1, 2, 3, 5, 16, 17, 32, 33, 100, 130]) {
			const rand = lcg(n);
			const tree = new MinTree(n, 0);
			const keys = new Float64Array(n);
			for (let step = 0; step < 3000; step++) {
				const g = Math.floor(rand() * n);
				// Small integer keys make ties frequent (outstanding counts); Infinity as next-end times do.
				const v = rand() < 0.1 ? Infinity : Math.floor(rand() * 4);
				keys[g] = v;
				tree.set(g, v);
				expect(tree.argmin()).toBe(scanMin(keys));
				expect(tree.min()).toBe(keys[scanMin(keys)]);
			}
		}
	});

	it('starts at the initial key with slot 0 the answer', () => {
		const tree = new MinTree(7, Infinity);
		expect(tree.argmin()).toBe(0);
		expect(tree.min()).toBe(Infinity);
		tree.set(4, 2.5);
		expect(tree.argmin()).toBe(4);
		tree.set(4, Infinity);
		expect(tree.argmin()).toBe(0);
	});

	it('refuses an empty tree with a message', () => {
		expect(() => new MinTree(0)).toThrow(/at least one slot/);
	});
});

describe('least-outstanding through the engine probe', () => {
	it('returns what the probe says, and the scan without one', () => {
		const loads = [{ outstanding: 3, kvUsedTokens: 0 }, { outstanding: 1, kvUsedTokens: 0 }, { outstanding: 1, kvUsedTokens: 0 }];
		expect(leastOutstanding(loads)).toBe(1);
		expect(leastOutstandingPolicy.route({ id: 0 }, loads, null)).toBe(1);
		expect(leastOutstandingPolicy.route({ id: 0 }, loads, null, { leastOutstanding: () => 2 })).toBe(2);
	});
});
