import { describe, expect, it } from 'vitest';
import {
	arrivalBound,
	binEffect,
	efficiencyTable,
	nearest,
	pickBest,
	recommend,
	scalingAnalysis,
	selectOptimized,
	summarizeWorkloads
} from '../../src/lib/study/analyze';
import type { Step1Row } from '../../src/lib/study/types';
import { row, summary } from './fixtures';

/** P95 per GPU count at 2 bins for one size; the curve has a knee at 4 GPUs (4 -> 8 gains 5%). */
function curve(size: number, p95ByGpus: [number, number | null][], bins = 2): Step1Row[] {
	return p95ByGpus.map(([g, p]) => row(size, g, bins, { e2eP95S: p }));
}

describe('scalingAnalysis: the knee', () => {
	const cases: { name: string; p95: [number, number | null][]; threshold: number; knee: number | null }[] = [
		{ name: 'classic knee', p95: [[1, 10], [2, 5], [4, 2], [8, 1.9], [16, 1.85]], threshold: 0.1, knee: 4 },
		{ name: 'flat from the start', p95: [[1, 1], [2, 0.99], [4, 0.98]], threshold: 0.1, knee: 1 },
		{ name: 'every step helps', p95: [[1, 100], [2, 50], [4, 25]], threshold: 0.1, knee: 4 },
		{ name: 'exactly the threshold is not marginal', p95: [[1, 10], [2, 9], [4, 8.9]], threshold: 0.1, knee: 2 },
		{ name: 'worse then better: first marginal step wins', p95: [[1, 10], [2, 11], [4, 2]], threshold: 0.1, knee: 1 },
		{ name: 'null P95 points are skipped', p95: [[1, 10], [2, null], [4, 5], [8, 4.9]], threshold: 0.1, knee: 4 },
		{ name: 'single point', p95: [[8, 3]], threshold: 0.1, knee: 8 },
		{ name: 'no data', p95: [[1, null]], threshold: 0.1, knee: null },
		{ name: 'threshold 0.5', p95: [[1, 10], [2, 6], [4, 2], [8, 1.9]], threshold: 0.5, knee: 1 }
	];
	for (const c of cases) {
		it(c.name, () => {
			const a = scalingAnalysis(curve(1000, c.p95), 1000, 2, c.threshold);
			expect(a.recommendedGpus).toBe(c.knee);
			expect(a.note.length).toBeGreaterThan(0);
		});
	}

	it('reductions vs first and vs previous', () => {
		const a = scalingAnalysis(curve(1000, [[1, 10], [2, 5], [4, 4]]), 1000, 2, 0.1);
		expect(a.points.map((p) => p.reductionVsFirst)).toEqual([0, 0.5, 0.6]);
		expect(a.points.map((p) => p.reductionVsPrev)).toEqual([null, 0.5, 0.2]);
	});

	it('reads only the requested bin count and size', () => {
		const rows = [...curve(1000, [[1, 10], [2, 9.5]]), ...curve(1000, [[1, 10], [2, 1]], 4), ...curve(10, [[1, 10], [2, 1]])];
		expect(scalingAnalysis(rows, 1000, 2, 0.1).recommendedGpus).toBe(1);
		expect(scalingAnalysis(rows, 1000, 4, 0.1).recommendedGpus).toBe(2);
	});
});

describe('best configurations and ties', () => {
	it('ties go to fewer GPUs, then fewer bins', () => {
		const rows = [row(1, 4, 1, { e2eP95S: 1 }), row(1, 2, 8, { e2eP95S: 1 }), row(1, 2, 2, { e2eP95S: 1 }), row(1, 8, 1, { e2eP95S: 3 })];
		expect(pickBest(rows, 'e2eP95S', 'min')).toMatchObject({ gpus: 2, bins: 2, value: 1 });
	});
	it('a difference in the last bits is a tie', () => {
		const rows = [row(1, 4, 1, { e2eP95S: 1 }), row(1, 2, 1, { e2eP95S: 1 + 1e-13 })];
		expect(pickBest(rows, 'e2eP95S', 'min')?.gpus).toBe(2);
	});
	it('nulls never win', () => {
		const rows = [row(1, 1, 1, { e2eP95S: null }), row(1, 2, 1, { e2eP95S: 5 })];
		expect(pickBest(rows, 'e2eP95S', 'min')?.gpus).toBe(2);
		expect(pickBest([row(1, 1, 1, { e2eP95S: null })], 'e2eP95S', 'min')).toBeNull();
	});
	it('per workload summary', () => {
		const rows = [
			row(10, 1, 1, { e2eP95S: 9, outputTokPerS: 100 }),
			row(10, 2, 1, { e2eP95S: 4, outputTokPerS: 150 }),
			row(10, 4, 2, { e2eP95S: 4, outputTokPerS: 150 }),
			row(20, 1, 1, { e2eP95S: 1, outputTokPerS: 50 })
		];
		const [a, b] = summarizeWorkloads(rows, [10, 20]);
		expect(a.bestLatency).toMatchObject({ gpus: 2, bins: 1 });
		expect(a.bestThroughput).toMatchObject({ gpus: 2, bins: 1, value: 150 });
		expect(a.bestEfficiency).toMatchObject({ gpus: 1, value: 100 });
		expect(b.bestLatency).toMatchObject({ gpus: 1, value: 1 });
		expect(summarizeWorkloads(rows, [30])[0].bestLatency).toBeNull();
	});
});

describe('SLA filter and the optimized pick', () => {
	const rows = [
		row(5, 1, 1, { e2eP95S: 10, slaViolationRate: 0.2, outputTokPerS: 100 }),
		row(5, 2, 1, { e2eP95S: 5, slaViolationRate: 0.05, outputTokPerS: 180 }),
		row(5, 4, 2, { e2eP95S: 2, slaViolationRate: 0.06, outputTokPerS: 200 }),
		row(5, 8, 2, { e2eP95S: 3, slaViolationRate: 0, outputTokPerS: 190 }),
		row(5, 16, 1, { e2eP95S: 3, slaViolationRate: null, completed: 0, outputTokPerS: 10 })
	];
	const cases: { objective: 'latency' | 'throughput' | 'efficiency' | 'cost'; limit: number; gpus: number | null; eligible: number }[] = [
		{ objective: 'latency', limit: 0.05, gpus: 8, eligible: 2 },
		{ objective: 'latency', limit: 0.1, gpus: 4, eligible: 3 },
		{ objective: 'throughput', limit: 0.05, gpus: 8, eligible: 2 },
		{ objective: 'efficiency', limit: 0.05, gpus: 2, eligible: 2 },
		{ objective: 'cost', limit: 0.05, gpus: 2, eligible: 2 },
		{ objective: 'cost', limit: 1, gpus: 1, eligible: 4 },
		{ objective: 'latency', limit: 0.01, gpus: 8, eligible: 1 }
	];
	for (const c of cases) {
		it(`${c.objective} within ${c.limit}`, () => {
			const s = selectOptimized(rows, 5, c.objective, c.limit);
			expect(s.pick?.gpus ?? null).toBe(c.gpus);
			expect(s.eligible).toBe(c.eligible);
		});
	}
	it('nothing within the limit: no pick, and a note that says so', () => {
		const s = selectOptimized([row(5, 1, 1, { slaViolationRate: 0.5 })], 5, 'latency', 0.05);
		expect(s.pick).toBeNull();
		expect(s.note).toMatch(/None of the 1/);
	});
});

describe('recommendations', () => {
	it('min cost, balanced (knee), min latency', () => {
		const rows = [
			row(7, 1, 1, { e2eP95S: 10, slaViolationRate: 0.3 }),
			row(7, 1, 2, { e2eP95S: 9, slaViolationRate: 0.3 }),
			row(7, 2, 1, { e2eP95S: 4, slaViolationRate: 0.04 }),
			row(7, 2, 2, { e2eP95S: 3, slaViolationRate: 0.04 }),
			row(7, 4, 1, { e2eP95S: 1.1, slaViolationRate: 0 }),
			row(7, 4, 2, { e2eP95S: 1.2, slaViolationRate: 0 }),
			row(7, 8, 1, { e2eP95S: 1.0, slaViolationRate: 0 }),
			row(7, 8, 2, { e2eP95S: 1.15, slaViolationRate: 0 })
		];
		const sc = scalingAnalysis(rows, 7, 2, 0.1);
		expect(sc.recommendedGpus).toBe(4);
		const [cost, balanced, fastest] = recommend(rows, 7, sc, 0.05);
		expect(cost).toMatchObject({ kind: 'min-cost', gpus: 2, bins: 2, p95E2eS: 3 });
		expect(balanced).toMatchObject({ kind: 'balanced', gpus: 4, bins: 1, p95E2eS: 1.1 });
		expect(fastest).toMatchObject({ kind: 'min-latency', gpus: 8, bins: 1, p95E2eS: 1.0 });
	});
	it('nothing meets the SLA: min cost says so', () => {
		const rows = [row(7, 1, 1, { slaViolationRate: 0.9 })];
		const [cost] = recommend(rows, 7, scalingAnalysis(rows, 7, 1, 0.1), 0.05);
		expect(cost.gpus).toBeNull();
		expect(cost.reason).toMatch(/No configuration/);
	});
});

describe('arrival-bound detection', () => {
	const info = { size: 1000, offeredTokPerS: 3000 };
	const cases: { name: string; tput: (number | null)[]; bound: boolean; runs?: number }[] = [
		{ name: 'every run at the offered rate', tput: [3000, 2990, 2999], bound: true, runs: 3 },
		{ name: 'most runs at the offered rate', tput: [3000, 2990, 1500], bound: true, runs: 2 },
		{ name: 'capacity-bound', tput: [1000, 1500, 2990], bound: false },
		{ name: 'just outside tolerance', tput: [2900, 2900], bound: false },
		{ name: 'no completed runs', tput: [null], bound: false }
	];
	for (const c of cases) {
		it(c.name, () => {
			const n = arrivalBound(c.tput.map((t) => summary({ outputTokPerS: t })), info);
			expect(n !== null).toBe(c.bound);
			if (n && c.runs) {
				expect(n.boundRuns).toBe(c.runs);
				expect(n.message).toMatch(/3,000 output tok\/s/);
			}
		});
	}
	it('no offered rate: no notice', () => {
		expect(arrivalBound([summary()], { size: 1, offeredTokPerS: null })).toBeNull();
	});
});

describe('bin effect and efficiency table', () => {
	it('paired by GPU count, best bins has the lowest mean change', () => {
		const rows = [
			row(3, 1, 1, { e2eP95S: 10 }),
			row(3, 2, 1, { e2eP95S: 4 }),
			row(3, 1, 2, { e2eP95S: 8 }),
			row(3, 2, 2, { e2eP95S: 3.6 }),
			row(3, 1, 4, { e2eP95S: 12 }),
			row(3, 2, 4, { e2eP95S: 4 })
		];
		const b = binEffect(rows, 3);
		expect(b.points.map((p) => p.bins)).toEqual([1, 2, 4]);
		expect(b.points[1].meanChangeVsFewest).toBeCloseTo(-0.15);
		expect(b.points[2].meanChangeVsFewest).toBeCloseTo(0.1);
		expect(b.points[1].bestP95E2eS).toBe(3.6);
		expect(b.bestBins).toBe(2);
		expect(b.note).toMatch(/2 bins lower P95 by 15.0%/);
	});
	it('minimal effect', () => {
		const b = binEffect([row(3, 1, 1, { e2eP95S: 1 }), row(3, 1, 2, { e2eP95S: 1.001 })], 3);
		expect(b.bestBins).toBe(1);
		expect(b.note).toMatch(/minimal/);
	});
	it('efficiency: best over bins, null where nothing ran', () => {
		const rows = [row(1, 1, 1, { outputTokPerS: 100 }), row(1, 1, 2, { outputTokPerS: 120 }), row(1, 2, 1, { outputTokPerS: 160 })];
		const t = efficiencyTable(rows, [1, 2, 4], [1, 9]);
		expect(t.cells).toEqual([
			[120, null],
			[80, null],
			[null, null]
		]);
	});
	it('nearest grid value, ties to the smaller', () => {
		expect(nearest([1, 4, 8], 2)).toBe(1);
		expect(nearest([1, 3, 8], 2)).toBe(1);
		expect(nearest([1, 2, 4], 2)).toBe(2);
		expect(nearest([], 2)).toBeNull();
	});
});
