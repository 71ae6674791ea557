import { describe, expect, it } from 'vitest';
import {
	arrivalBound,
	binEffect,
	efficiencyTable,
	nearest,
	pickBest,
	scalingAnalysis,
	summarizeWorkloads
} from '../../src/lib/study/analyze';
import { recommend, selectOptimized, type RecommendSettings } from '../../src/lib/study/recommend';
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
		// The last column is never the knee: latency still falls there, so there is none within the grid.
		{ name: 'every step helps: no knee within the grid', p95: [[1, 100], [2, 50], [4, 25]], threshold: 0.1, knee: null },
		{ name: 'exactly the threshold is not marginal', p95: [[1, 10], [2, 9], [4, 8.9]], threshold: 0.1, knee: 2 },
		{ name: 'worse then better: first marginal step wins', p95: [[1, 10], [2, 11], [4, 2]], threshold: 0.1, knee: 1 },
		{ name: 'null P95 points are skipped', p95: [[1, 10], [2, null], [4, 5], [8, 4.9]], threshold: 0.1, knee: 4 },
		{ name: 'single point: nothing to compare', p95: [[8, 3]], threshold: 0.1, knee: null },
		{ name: 'no data', p95: [[1, null]], threshold: 0.1, knee: null },
		{ name: 'threshold 0.5', p95: [[1, 10], [2, 6], [4, 2], [8, 1.9]], threshold: 0.5, knee: 1 }
	];
	for (const c of cases) {
		it(c.name, () => {
			const a = scalingAnalysis(curve(1000, c.p95), 1000, 2, c.threshold);
			expect(a.recommendedGpus).toBe(c.knee);
			expect(a.kneeWithinGrid).toBe(c.knee !== null);
			expect(a.note.length).toBeGreaterThan(0);
		});
	}

	it('reductions vs first and vs previous', () => {
		const a = scalingAnalysis(curve(1000, [[1, 10], [2, 5], [4, 4]]), 1000, 2, 0.1);
		expect(a.points.map((p) => p.reductionVsFirst)).toEqual([0, 0.5, 0.6]);
		expect(a.points.map((p) => p.reductionVsPrev)).toEqual([null, 0.5, 0.2]);
	});

	it('"no knee within the grid" says how much the last step still gains', () => {
		const a = scalingAnalysis(curve(1000, [[1, 100], [2, 50], [4, 25]]), 1000, 2, 0.1);
		expect(a.note).toMatch(/^No knee within the grid: going from 2 to 4 GPUs still improves P95 by 50\.0%/);
	});

	it('continuous rows do not enter the multi-bin scaling curve', () => {
		const rows = [...curve(1000, [[1, 10], [2, 5], [4, 4.9]]), row(1000, 2, 2, { e2eP95S: 0.1 }, 'continuous')];
		expect(scalingAnalysis(rows, 1000, 2, 0.1).recommendedGpus).toBe(2);
	});

	it('reads only the requested bin count and size', () => {
		const rows = [...curve(1000, [[1, 10], [2, 9.5]]), ...curve(1000, [[1, 10], [2, 1]], 4), ...curve(10, [[1, 10], [2, 1]])];
		expect(scalingAnalysis(rows, 1000, 2, 0.1).recommendedGpus).toBe(1);
		// At 4 bins P95 still falls 90% at the last step: no knee within the grid.
		expect(scalingAnalysis(rows, 1000, 4, 0.1).recommendedGpus).toBeNull();
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

describe('SLO attainment filter and the optimized pick', () => {
	const rows = [
		row(5, 1, 1, { e2eP95S: 10, sloAttainment: 0.8, outputTokPerS: 100 }),
		row(5, 2, 1, { e2eP95S: 5, sloAttainment: 0.95, outputTokPerS: 180 }),
		row(5, 4, 2, { e2eP95S: 2, sloAttainment: 0.94, outputTokPerS: 200 }),
		row(5, 8, 2, { e2eP95S: 3, sloAttainment: 1, outputTokPerS: 190 }),
		row(5, 16, 1, { e2eP95S: 3, sloAttainment: null, completed: 0, outputTokPerS: 10 })
	];
	const cases: { objective: 'latency' | 'throughput' | 'efficiency' | 'cost'; target: number; gpus: number | null; eligible: number }[] = [
		{ objective: 'latency', target: 0.95, gpus: 8, eligible: 2 },
		{ objective: 'latency', target: 0.9, gpus: 4, eligible: 3 },
		{ objective: 'throughput', target: 0.95, gpus: 8, eligible: 2 },
		{ objective: 'efficiency', target: 0.95, gpus: 2, eligible: 2 },
		{ objective: 'cost', target: 0.95, gpus: 2, eligible: 2 },
		{ objective: 'cost', target: 0.5, gpus: 1, eligible: 4 },
		{ objective: 'latency', target: 0.99, gpus: 8, eligible: 1 }
	];
	for (const c of cases) {
		it(`${c.objective} at attainment ≥ ${c.target}`, () => {
			const s = selectOptimized(rows, 5, c.objective, c.target);
			expect(s.pick?.gpus ?? null).toBe(c.gpus);
			expect(s.eligible).toBe(c.eligible);
		});
	}
	it('nothing reaches the target: no pick, and a note that says so', () => {
		const s = selectOptimized([row(5, 1, 1, { sloAttainment: 0.5 })], 5, 'latency', 0.95);
		expect(s.pick).toBeNull();
		expect(s.note).toMatch(/None of the 1 .* reaches 95\.0% SLO attainment/);
	});
});

const settings = (o: Partial<RecommendSettings> = {}): RecommendSettings => ({ attainment: 0.95, kneeThreshold: 0.1, sla: { tbtS: 0.05, ttftS: 2 }, costPerGpuHour: 0, ...o });

describe('recommendations consider only configurations reaching the attainment target', () => {
	// P95 falls with GPUs; 1 GPU misses the target (as request-level batching does under load).
	const rows = [
		row(7, 1, 1, { e2eP95S: 10, sloAttainment: 0.3 }),
		row(7, 1, 2, { e2eP95S: 9, sloAttainment: 0.4 }),
		row(7, 2, 1, { e2eP95S: 4, sloAttainment: 0.96 }),
		row(7, 2, 2, { e2eP95S: 3, sloAttainment: 0.97 }),
		row(7, 4, 1, { e2eP95S: 1.1, sloAttainment: 1 }),
		row(7, 4, 2, { e2eP95S: 1.2, sloAttainment: 1 }),
		row(7, 8, 1, { e2eP95S: 1.0, sloAttainment: 1 }),
		row(7, 8, 2, { e2eP95S: 1.15, sloAttainment: 1 }),
		row(7, 8, 1, { e2eP95S: 0.9, sloAttainment: 0.5 }, 'continuous')
	];

	it('min cost = fewest GPUs, balanced = the knee, min latency = lowest P95; each carries method and attainment', () => {
		const [cost, balanced, fastest] = recommend(rows, 7, settings());
		expect(cost).toMatchObject({ kind: 'min-cost', gpus: 2, bins: 2, method: 'multibin', p95E2eS: 3, sloAttainment: 0.97 });
		// Best qualifying P95 per GPU count: 2 -> 3, 4 -> 1.1, 8 -> 1.0; 4 -> 8 gains 9% < 10%: knee at 4.
		expect(balanced).toMatchObject({ kind: 'balanced', gpus: 4, bins: 1, method: 'multibin', p95E2eS: 1.1 });
		// The continuous row has a lower P95 (0.9) but misses the target: it is never recommended.
		expect(fastest).toMatchObject({ kind: 'min-latency', gpus: 8, bins: 1, method: 'multibin', p95E2eS: 1.0 });
	});

	it('a price turns minimum cost into $/hour', () => {
		const [cost] = recommend(rows, 7, settings({ costPerGpuHour: 2.5 }));
		expect(cost.costPerHourUsd).toBe(5);
		expect(cost.reason).toMatch(/\$5\.00\/h/);
	});

	it('nothing meets it: every recommendation says so, shows the closest and its attainment, and what to extend', () => {
		const miss = [row(7, 1, 1, { sloAttainment: 0.2 }), row(7, 2, 1, { sloAttainment: 0.6 }), row(7, 4, 1, { sloAttainment: 0.6, e2eP95S: 1 })];
		const recs = recommend(miss, 7, settings());
		for (const r of recs) {
			expect(r.gpus).toBeNull();
			expect(r.method).toBeNull();
			expect(r.reason).toMatch(/^Nothing in the grid reaches 95\.0% SLO attainment \(TTFT ≤ 2 s, TPOT ≤ 50 ms\)\./);
			expect(r.reason).toMatch(/Closest: 2 GPU\(s\), multibin with 1 bin\(s\) at 60\.0%/);
			expect(r.reason).toMatch(/beyond 4 GPUs, try a faster GPU type, or loosen the targets/);
			expect(r.closest).toMatchObject({ gpus: 2, sloAttainment: 0.6 });
		}
	});

	it('no knee within the grid: balanced names none, the last column is not marked', () => {
		const steep = [row(9, 1, 1, { e2eP95S: 100 }), row(9, 2, 1, { e2eP95S: 50 }), row(9, 4, 1, { e2eP95S: 25 })];
		const [cost, balanced, fastest] = recommend(steep, 9, settings());
		expect(cost.gpus).toBe(1);
		expect(balanced.gpus).toBeNull();
		expect(balanced.reason).toMatch(/^No knee within the grid: going from 2 to 4 GPUs still improves P95 by 50\.0%/);
		expect(fastest.gpus).toBe(4);
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
