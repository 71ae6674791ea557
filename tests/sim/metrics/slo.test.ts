/** SLO attainment, goodput and ITL on hand-made request sets (records written by hand, no engine). */
import { describe, expect, it } from 'vitest';
import { addGaps, createGapHistogram } from '../../../src/lib/sim/gap-histogram';
import { DEFAULT_SLO, describeSlo, meetsSlo, sloTargets, summarize } from '../../../src/lib/sim/metrics';
import { defaultScenario } from '../../../src/lib/sim/presets';
import type { RunRecords } from '../../../src/lib/sim/records';
import type { SlaTargets } from '../../../src/lib/sim/types';
import { workloadOf } from '../helpers';

/** Records for requests given as [start, first token, last token, dropCode]; one GPU busy start..end. */
function recordsOf(rows: [number, number, number, number][], extra: Partial<RunRecords> = {}): RunRecords {
	const n = rows.length;
	return {
		startS: Float64Array.from(rows.map((r) => r[0])),
		firstTokenS: Float64Array.from(rows.map((r) => r[1])),
		lastTokenS: Float64Array.from(rows.map((r) => r[2])),
		dropCode: Uint8Array.from(rows.map((r) => r[3])),
		bin: new Uint8Array(n),
		predictedOutput: new Uint32Array(n),
		binEdges: [Infinity],
		busyStartS: Float64Array.of(0),
		busyEndS: Float64Array.of(10),
		busyCount: 1,
		busyS: 10,
		batches: 1,
		batchSizeSum: n,
		preemptions: 0,
		warnings: [],
		...extra
	};
}

const sla = (t: SlaTargets) => defaultScenario({ sla: t });

describe('per-request SLO', () => {
	it('a request meets it only when every set target holds; unset targets are not checked', () => {
		const r = { ttftS: 1.5, e2eS: 20, tpotS: 0.04 };
		expect(meetsSlo(r, { tbtS: 0.05, ttftS: 2 })).toBe(true);
		expect(meetsSlo(r, { tbtS: 0.03, ttftS: 2 })).toBe(false); // TPOT 40 ms > 30 ms
		expect(meetsSlo(r, { tbtS: 0.05, ttftS: 1 })).toBe(false); // TTFT 1.5 s > 1 s
		expect(meetsSlo(r, { tbtS: 0.05, ttftS: 2, e2eS: 10 })).toBe(false); // E2E 20 s > 10 s
		expect(meetsSlo(r, { tbtS: 0.05 })).toBe(true); // no TTFT target
		// One output token: no TPOT, so the TPOT target cannot be missed.
		expect(meetsSlo({ ttftS: 0.1, e2eS: 0.1, tpotS: null }, { tbtS: 1e-9 })).toBe(true);
	});

	it('defaults: TTFT 2 s, TPOT 50 ms, no E2E, 95% attainment; null removes the TTFT target', () => {
		expect(DEFAULT_SLO).toEqual({ ttftS: 2, tpotS: 0.05, attainment: 0.95 });
		expect(sloTargets()).toEqual({ tbtS: 0.05, ttftS: 2 });
		expect(sloTargets({ tpotS: 0.1, e2eS: 30 })).toEqual({ tbtS: 0.1, ttftS: 2, e2eS: 30 });
		expect(sloTargets({ ttftS: null })).toEqual({ tbtS: 0.05 });
		expect(describeSlo({ tbtS: 0.05, ttftS: 2, e2eS: 30 })).toBe('TTFT ≤ 2 s, TPOT ≤ 50 ms, E2E ≤ 30 s');
	});
});

describe('attainment and goodput over a hand-made run', () => {
	// Five requests arriving at 0..4 s:
	//  0: 11 tokens, TTFT 1 s, TPOT (6 − 1)/10 = 0.5 s           -> misses a 0.1 s TPOT
	//  1: 11 tokens, TTFT 0.5 s, TPOT (2.5 − 1.5)/10 = 0.1 s     -> meets (0.1 ≤ 0.1)
	//  2: 0 tokens (a failed trace row), done at 3 s              -> counted apart
	//  3: dropped (never fits)                                    -> counts against attainment
	//  4: 1 token, TTFT 3 s                                       -> misses TTFT 2 s, no TPOT
	const w = workloadOf([0, 1, 2, 3, 4], [10, 10, 10, 10, 10], [11, 11, 0, 50, 1]);
	const rec = recordsOf([
		[0.5, 1, 6, 0],
		[1.2, 1.5, 2.5, 0],
		[2.5, 3, 3, 0],
		[NaN, NaN, NaN, 1],
		[6, 7, 7, 0]
	]);

	it('attainment = meeting / (completed + dropped), failed rows apart; goodput = meeting / makespan', () => {
		const s = summarize(w, sla({ tbtS: 0.1, ttftS: 2 }), rec).summary;
		expect(s.completed).toBe(3);
		expect(s.dropped).toBe(1);
		expect(s.failed).toBe(1);
		expect(s.sloAttainment).toBe(1 / 4); // only request 1 meets it
		expect(s.makespanS).toBe(7); // first arrival 0, last token 7
		expect(s.goodputReqPerS).toBe(1 / 7);
		expect(s.goodputRps).toBe(s.goodputReqPerS);
		expect(s.ttftViolationRate).toBe(1 / 3);
		expect(s.slaViolationRate).toBe(1 / 3);
	});

	it('looser targets: every completed request meets it, the dropped one still counts against', () => {
		const s = summarize(w, sla({ tbtS: 1, ttftS: 5 }), rec).summary;
		expect(s.sloAttainment).toBe(3 / 4);
		expect(s.goodputReqPerS).toBe(3 / 7);
	});

	it('an E2E target applies to every completed request', () => {
		const s = summarize(w, sla({ tbtS: 1, ttftS: 5, e2eS: 2 }), rec).summary;
		// E2E: 6, 1.5, 3 -> only request 1 (1.5 s) meets 2 s.
		expect(s.sloAttainment).toBe(1 / 4);
		expect(s.e2eViolationRate).toBe(2 / 3);
	});

	it('offered rate: (n − 1) / arrival span', () => {
		const s = summarize(w, sla({ tbtS: 1 }), rec).summary;
		expect(s.offeredReqPerS).toBe(4 / 4);
	});

	it('nothing to judge: attainment, goodput and offered rate are null, never NaN', () => {
		const one = workloadOf([0], [10], [0]);
		const s = summarize(one, sla({ tbtS: 1 }), recordsOf([[0, 1, 1, 0]])).summary;
		expect(s.sloAttainment).toBeNull();
		expect(s.offeredReqPerS).toBeNull();
	});
});

describe('ITL from the run gap histogram', () => {
	it('null without a histogram; P50/P95/P99 in ms from it (within half a bin)', () => {
		const w = workloadOf([0], [10], [5]);
		const base = recordsOf([[0, 1, 2, 0]]);
		expect(summarize(w, sla({ tbtS: 1 }), base).summary.itlP95Ms).toBeNull();
		// 90 gaps of 20 ms and 10 gaps of 200 ms (a chunked prefill landing in decode steps).
		const itl = createGapHistogram();
		addGaps(itl, 0.02, 90);
		addGaps(itl, 0.2, 10);
		const s = summarize(w, sla({ tbtS: 1 }), { ...base, itl } as RunRecords).summary;
		expect(s.itlP50Ms as number).toBeCloseTo(20, 0);
		expect(Math.abs((s.itlP50Ms as number) / 20 - 1)).toBeLessThan(0.006);
		expect(Math.abs((s.itlP95Ms as number) / 200 - 1)).toBeLessThan(0.006);
		expect(s.itlP99Ms).toBe(200); // clamped to the exact max seen
	});
});
