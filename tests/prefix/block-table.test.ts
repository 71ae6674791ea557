import { randomLcg } from 'd3-random';
import { describe, expect, it } from 'vitest';
import { createBlockTable, tableDelete, tableGet, tableSet } from '../../src/lib/sim/engine/block-table';

describe('block hash table', () => {
	it('agrees with a Map over random inserts and deletes of large keys', () => {
		const u = randomLcg(4);
		const t = createBlockTable(4);
		const m = new Map<number, number>();
		for (let step = 0; step < 20_000; step++) {
			// Keys as the cache makes them: chain · 2^20 + j, few chains so probe runs collide.
			const key = (1 + Math.floor(u() * 300)) * 1048576 + Math.floor(u() * 64);
			if (m.has(key)) {
				if (u() < 0.6) {
					tableDelete(t, key);
					m.delete(key);
				}
			} else if (u() < 0.7) {
				tableSet(t, key, step);
				m.set(key, step);
			}
			if (step % 2003 === 0) for (const [k, v] of m) expect(tableGet(t, k)).toBe(v);
			expect(t.size).toBe(m.size);
		}
		for (const [k, v] of m) expect(tableGet(t, k)).toBe(v);
		expect(tableGet(t, 2 ** 52 + 5)).toBe(-1);
	});
});
