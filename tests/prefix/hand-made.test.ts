import { describe, expect, it } from 'vitest';
import { prepareContext } from '../../src/lib/sim/index';
import { cacheScenario, handWorkload, runWith } from './run';

// Requests arrive 100 s apart, so each finishes before the next: the cache state at each arrival is
// exactly what the earlier requests left. Block ids cover 16 tokens, the engine's block size.
const BS = 16;

describe('prefix cache on hand-made traces', () => {
	it('hits the longest cached prefix, never the last token, and only with the cache on', () => {
		const w = handWorkload(
			[
				[0, 64, 4, [1, 2, 3, 4]],
				[100, 64, 4, [1, 2, 9, 10]], // shares 2 blocks
				[200, 64, 4, [1, 2, 3, 4]], // all 4 cached, but the last token is recomputed: 3 blocks
				[300, 70, 4, [1, 2, 3, 4, 5]], // 4 full blocks hit, the partial fifth never
				[400, 64, 4, [7, 2, 3, 4]] // a different first block: nothing
			],
			BS
		);
		const on = runWith(w, cacheScenario(true));
		expect(Array.from(on.records.prefix!.hitBlocks)).toEqual([0, 2, 3, 4, 0]);
		expect(on.result.summary.prefixHitRate).toBeCloseTo(((2 + 3 + 4) * BS) / (64 * 4 + 70), 12);
		expect(on.records.prefix!.evictions).toBe(0);
		const off = runWith(w, cacheScenario(false));
		expect(off.records.prefix).toBeUndefined();
		expect(off.result.summary.prefixHitRate).toBeUndefined();
	});

	it('evicts unowned blocks least recently used first, a request s last block before its first', () => {
		// 8 blocks of room (ids name the blocks). After A, B, C the LRU list is [2, 1, 4, 3, 8, 7, 6, 5]:
		// each request frees its last block first. D hits 1, 2 (taking them out of the list) and needs one
		// new block: 4 goes. E hits 3 only (4 is gone) and needs two: 8 and 7 go. F then hits 5, 6 only.
		const w = handWorkload(
			[
				[0, 32, 1, [1, 2]],
				[100, 32, 1, [3, 4]],
				[200, 64, 1, [5, 6, 7, 8]],
				[300, 48, 1, [1, 2, 11]],
				[400, 48, 1, [3, 4, 12]],
				[500, 80, 1, [5, 6, 7, 8, 13]]
			],
			BS
		);
		const r = runWith(w, cacheScenario(true), 8 * BS);
		expect(Array.from(r.records.prefix!.hitBlocks)).toEqual([0, 0, 0, 2, 1, 2]);
		// Before F the list is [6, 5, 11, 2, 1, 12, 4', 3] (E's new blocks after it); F revives 5, 6 and
		// its 3 new blocks evict 11, 2, 1.
		expect(r.records.prefix!.evictions).toBe(1 + 2 + 3);
		expect(r.records.preemptions).toBe(0);
	});

	it('counts blocks a request wanted while an earlier one was still computing them, then shares them', () => {
		// A and B arrive together with the same 2 full blocks and are admitted in one step: B cannot hit
		// A's blocks (not computed yet) and computes its own copies, which merge into A's once cached.
		const w = handWorkload(
			[
				[0, 40, 3, [1, 2, 3]],
				[0, 40, 3, [1, 2, 3]],
				[100, 40, 3, [1, 2, 3]]
			],
			BS
		);
		const r = runWith(w, cacheScenario(true));
		const p = r.records.prefix!;
		expect(Array.from(p.hitBlocks)).toEqual([0, 0, 2]);
		expect(p.inFlightBlocks).toBe(2);
		expect(r.result.warnings.filter((x) => x.startsWith('internal'))).toEqual([]);
	});

	it('prices a partial hit as a prefill of the uncached tokens whose attention spans the whole context', () => {
		const w = handWorkload(
			[
				[0, 200, 2, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]],
				[100, 300, 2, [1, 2, 3, 4, 5, 6, 7, 8, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30]]
			],
			BS
		);
		const s = cacheScenario(true, { tokenBudget: 8192 });
		const r = runWith(w, s);
		expect(Array.from(r.records.prefix!.hitBlocks)).toEqual([0, 8]);
		const { ctx } = prepareContext(w, s);
		const c = 8 * BS;
		const q = 300 - c;
		const expected = ctx.perf.stepTimeS({
			prefillTokens: q,
			prefillSeqs: 1,
			prefillAttnPairs: q * c + (q * (q + 1)) / 2,
			decodeSeqs: 0,
			decodeAttnCtx: 0,
			emitters: 1,
			kvReadTokens: c,
			kvWriteTokens: q
		});
		expect(r.records.firstTokenS[1] - 100).toBeCloseTo(expected, 12);
		// Without the cache the same request prefills all 300 tokens: slower.
		const off = runWith(w, cacheScenario(false, { tokenBudget: 8192 }));
		expect(off.records.firstTokenS[1] - 100).toBeGreaterThan(expected);
	});
});
