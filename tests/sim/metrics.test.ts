/** Metrics: numpy-linear percentiles, selection, CDF, and the edge cases that must stay defined. */
import fc from 'fast-check';
import { quantileSorted } from 'd3-array';
import { describe, expect, it } from 'vitest';
import { findGpu } from '../../src/lib/catalog/index';
import { defaultScenario, simulate } from '../../src/lib/sim/index';
import { cdfPoints, EXACT_CDF_MAX, percentilesOf, summarize, timelineSeries } from '../../src/lib/sim/metrics';
import { quantileSortedTyped } from '../../src/lib/sim/quantile';
import type { RunRecords } from '../../src/lib/sim/records';
import { quantilesBySelect } from '../../src/lib/sim/select';
import type { GpuSpec } from '../../src/lib/sim/types';
import { assertAllFinite, workloadOf } from './helpers';

const h100 = findGpu('h100-sxm') as GpuSpec;

describe('percentiles (numpy linear)', () => {
	it.each([
		// values, p, numpy.percentile(values, 100 p)
		[[1, 2, 3, 4], 0.5, 2.5],
		[[1, 2, 3, 4], 0.95, 3.85],
		[[1, 2, 3, 4], 0.99, 3.97],
		[[7], 0.95, 7],
		[[1, 10], 0.5, 5.5],
		[[0, 0, 0, 100], 0.9, 70],
		[[1, 2, 3, 4], 0.25, 1.75],
		[[1, 2, 3, 4], 0.75, 3.25],
		[[0, 10], 0.95, 9.5],
		[[1, 2, 3, 4, 5], 1, 5]
	])('%j at %f = %f', (v, p, want) => expect(quantileSortedTyped(Float64Array.from(v).sort(), p)).toBeCloseTo(want, 12));

	it('matches d3 quantileSorted, sorted or selected', () => {
		fc.assert(
			fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 5000 }), (xs) => {
				const sorted = [...xs].sort((a, b) => a - b);
				const ps = [0.5, 0.95, 0.99];
				const sel = quantilesBySelect(Float64Array.from(xs), ps);
				ps.forEach((p, i) => {
					const want = quantileSorted(sorted, p) as number;
					expect(quantileSortedTyped(Float64Array.from(sorted), p)).toBe(want);
					expect(sel[i]).toBeCloseTo(want, 6);
				});
			}),
			{ numRuns: 60, seed: 3 }
		);
	});

	it('selection agrees with sorting on large arrays (the path above 2,048 values)', () => {
		const a = new Float64Array(50_000);
		for (let i = 0; i < a.length; i++) a[i] = ((i * 7919) % 50_000) / 7 + (i % 13);
		const sorted = Float64Array.from(a).sort();
		const got = percentilesOf(Float64Array.from(a));
		expect(got.p50).toBe(quantileSortedTyped(sorted, 0.5));
		expect(got.p95).toBe(quantileSortedTyped(sorted, 0.95));
		expect(got.p99).toBe(quantileSortedTyped(sorted, 0.99));
		expect(got.max).toBe(sorted[sorted.length - 1]);
	});
});

describe('series stay bounded', () => {
	it('CDF has at most 500 points, is exact for small inputs and close for large ones', () => {
		const small = Float64Array.from([3, 1, 2]);
		expect(cdfPoints(small)).toEqual({ x: [1, 2, 3], y: [1 / 3, 2 / 3, 1] });
		const n = EXACT_CDF_MAX * 3;
		const big = new Float64Array(n);
		for (let i = 0; i < n; i++) big[i] = Math.exp(((i * 104729) % n) / (n / 8)); // 1 .. e^8, shuffled
		const cdf = cdfPoints(big);
		expect(cdf.x.length).toBe(500);
		const sorted = Float64Array.from(big).sort();
		for (let j = 0; j < cdf.x.length; j += 37) {
			const exact = quantileSortedTyped(sorted, cdf.y[j]);
			expect(Math.abs(cdf.x[j] - exact) / exact).toBeLessThan(0.002);
		}
		for (let j = 1; j < cdf.x.length; j++) expect(cdf.x[j]).toBeGreaterThanOrEqual(cdf.x[j - 1]);
	});

	it('timeline samples queue length and busy GPUs from the records', () => {
		const t = timelineSeries(
			Float64Array.from([0, 0, 5]),
			{ startS: Float64Array.from([0, 4, 5]), dropCode: new Uint8Array(3), busyStartS: Float64Array.from([0, 4]), busyEndS: Float64Array.from([4, 10]), busyCount: 2 },
			0,
			10,
			11
		);
		expect(t.tS).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
		expect(t.queueLength).toEqual([1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
		expect(t.busyGpus).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0]);
	});

	it('a large run keeps every series small', () => {
		const n = 20_000;
		const w = workloadOf(
			Array.from({ length: n }, (_, i) => i * 0.001),
			Array.from({ length: n }, (_, i) => 100 + (i % 500)),
			Array.from({ length: n }, (_, i) => 1 + (i % 300))
		);
		const r = simulate(w, defaultScenario({ gpu: h100, gpus: 2, bins: 3, method: 'multibin' }));
		expect(r.series.e2eCdf.x.length).toBeLessThanOrEqual(500);
		expect(r.series.timeline.tS.length).toBeLessThanOrEqual(1000);
		expect(r.series.perBin.length).toBe(3);
		expect(r.series.perBin.reduce((s, b) => s + b.requests, 0)).toBe(n);
		assertAllFinite(r);
	});
});

describe('edge cases give defined values', () => {
	const s = defaultScenario({ gpu: h100, costPerGpuHour: 2 });

	it('zero requests', () => {
		const r = simulate(workloadOf([], [], []), s);
		expect(r.summary.requests).toBe(0);
		expect(r.summary.makespanS).toBe(0);
		expect(r.summary.e2eP95S).toBeNull();
		expect(r.summary.outputTokPerS).toBeNull();
		expect(r.summary.slaViolationRate).toBeNull();
		expect(r.summary.gpuUtilization).toBeNull();
		expect(r.summary.costPerMTokUsd).toBeNull();
		assertAllFinite(r);
	});

	it('one request', () => {
		const r = simulate(workloadOf([3], [100], [20]), s);
		expect(r.summary.completed).toBe(1);
		expect(r.summary.e2eP50S).toBe(r.summary.e2eP99S);
		expect(r.summary.gpuUtilization).toBeCloseTo(1, 12); // it arrives first and is busy until the end
		expect(r.summary.offeredTokPerS).toBeNull(); // a single arrival has no span
		expect(r.summary.costPerMTokUsd).toBeCloseTo((2 * (r.summary.makespanS / 3600)) / (20 / 1e6), 9);
		assertAllFinite(r);
	});

	it('a single-token request has no TBT and never violates the TBT target', () => {
		const r = simulate(workloadOf([0], [100], [1]), s);
		expect(r.summary.tbtP50Ms).toBeNull();
		expect(r.summary.slaViolationRate).toBe(0);
	});

	it('all failed rows', () => {
		const r = simulate(workloadOf([0, 1, 2], [100, 200, 300], [0, 0, 0]), s);
		expect(r.summary.completed).toBe(0);
		expect(r.summary.failed).toBe(3);
		expect(r.summary.e2eP95S).toBeNull();
		expect(r.summary.outputTokPerS).toBe(0);
		expect(r.summary.costPerMTokUsd).toBeNull();
		expect(r.summary.gpuUtilization as number).toBeGreaterThan(0);
		assertAllFinite(r);
	});

	it('all dropped', () => {
		const r = simulate(workloadOf([0, 1], [60_000, 70_000], [10, 10]), s);
		expect(r.summary.dropped).toBe(2);
		expect(r.summary.makespanS).toBe(0);
		expect(r.summary.gpuUtilization).toBeNull();
		assertAllFinite(r);
	});

	it('zero makespan (hand-made records)', () => {
		const w = workloadOf([1], [10], [0]);
		const rec: RunRecords = {
			startS: Float64Array.from([1]),
			firstTokenS: Float64Array.from([1]),
			lastTokenS: Float64Array.from([1]),
			dropCode: new Uint8Array(1),
			bin: new Uint8Array(1),
			predictedOutput: new Uint32Array(1),
			binEdges: [Infinity],
			busyStartS: Float64Array.from([1]),
			busyEndS: Float64Array.from([1]),
			busyCount: 1,
			busyS: 0,
			batches: 1,
			batchSizeSum: 1,
			preemptions: 0,
			warnings: []
		};
		const r = summarize(w, s, rec);
		expect(r.summary.makespanS).toBe(0);
		expect(r.summary.outputTokPerS).toBeNull();
		expect(r.summary.goodputRps).toBeNull();
		assertAllFinite(r);
	});

	it('E2E and TTFT targets, goodput', () => {
		const w = workloadOf([0, 0, 0], [100, 100, 100], [10, 10, 10]);
		const base = simulate(w, s).summary;
		const e2e = base.e2eP50S as number;
		const r = simulate(w, defaultScenario({ gpu: h100, sla: { tbtS: 1, e2eS: e2e / 2, ttftS: 100 } })).summary;
		expect(r.e2eViolationRate).toBe(1);
		expect(r.ttftViolationRate).toBe(0);
		expect(r.goodputRps).toBe(0);
		expect(base.e2eViolationRate).toBeNull();
		expect(base.goodputRps).toBeCloseTo(3 / base.makespanS, 9);
	});
});
