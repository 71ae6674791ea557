/** Load sweeps: the capacity search (double, then bisect) on a fake engine, and one real sweep. */
import { describe, expect, it } from 'vitest';
import { studyBaseScenario } from '../../src/lib/study/config';
import { loadSweep } from '../../src/lib/study/load-sweep';
import { loadSweepCsv } from '../../src/lib/study/load-sweep-export';
import type { SimResult } from '../../src/lib/sim/index';
import type { Workload } from '../../src/lib/trace/types';
import { synthesizeBurstGpt } from '../../src/lib/trace/synth';
import { summary } from './fixtures';

const trace = synthesizeBurstGpt(400, 2);
const base = studyBaseScenario();

/** A fake engine whose attainment is 1 up to `capacity` req/s and 0.5 above it; records the rates asked. */
function fake(capacity: number, rates: number[]) {
	return (w: Workload): SimResult => {
		const n = w.arrivalS.length;
		const rate = (n - 1) / (w.arrivalS[n - 1] - w.arrivalS[0]);
		rates.push(rate);
		return { engineVersion: 'fake', summary: summary({ offeredReqPerS: rate, sloAttainment: rate <= capacity ? 1 : 0.5 }), series: {} as SimResult['series'], dropReasons: {}, warnings: [] };
	};
}

describe('capacity search', () => {
	it('doubles until the SLO fails, then bisects: the capacity is within 2^(1/16) below the true one', () => {
		const rates: number[] = [];
		const sw = loadSweep(trace, base, { label: 'x', method: 'continuous', gpus: 2, bins: 1 }, { requests: 300, attainment: 0.95 }, fake(5, rates));
		// 0.2, 0.4, ..., 3.2 meet; 6.4 fails; 4 bisections between 3.2 and 6.4.
		expect(rates.slice(0, 6).map((r) => +r.toFixed(6))).toEqual([0.2, 0.4, 0.8, 1.6, 3.2, 6.4]);
		expect(rates).toHaveLength(10);
		const cap = sw.capacityReqPerS as number;
		expect(cap).toBeLessThanOrEqual(5);
		expect(cap).toBeGreaterThan(5 / 2 ** (1 / 16) - 1e-9);
		expect(sw.capacityPerGpuReqPerS).toBeCloseTo(cap / 2, 12);
		expect(sw.points.map((p) => p.rateReqPerS)).toEqual([...sw.points.map((p) => p.rateReqPerS)].sort((a, b) => a - b));
		expect(sw.note).toMatch(/^Capacity .* req\/s \(.* per GPU\): the SLO holds there and fails at/);
	});
	it('no capacity when even the first rate misses; "at least" when nothing fails', () => {
		const none = loadSweep(trace, base, { label: 'x', method: 'static', gpus: 1, bins: 1 }, { requests: 100, attainment: 0.95 }, fake(0.01, []));
		expect(none.capacityReqPerS).toBeNull();
		expect(none.note).toMatch(/no capacity under these targets/);
		const all = loadSweep(trace, base, { label: 'x', method: 'static', gpus: 1, bins: 1 }, { requests: 100, attainment: 0.95, maxDoublings: 3 }, fake(1e9, []));
		expect(all.capacityReqPerS).toBeCloseTo(0.8, 9);
		expect(all.note).toMatch(/the capacity is at least that/);
	});
});

describe('a real sweep', () => {
	it('continuous batching on 1 GPU: attainment falls as the rate rises, and the CSV marks the capacity', () => {
		const sw = loadSweep(trace, base, { label: 'Continuous, 1 GPU', method: 'continuous', gpus: 1, bins: 1 }, { requests: 200, attainment: 0.9, startReqPerS: 0.5, bisections: 2 });
		expect(sw.error).toBeUndefined();
		expect(sw.points.length).toBeGreaterThan(2);
		const meets = sw.points.filter((p) => p.meetsSlo);
		const misses = sw.points.filter((p) => !p.meetsSlo);
		expect(Math.max(...meets.map((p) => p.rateReqPerS))).toBe(sw.capacityReqPerS);
		expect(Math.min(...misses.map((p) => p.rateReqPerS))).toBeGreaterThan(sw.capacityReqPerS as number);
		for (const p of sw.points) expect(p.offeredReqPerS).toBeCloseTo(p.rateReqPerS, 9);
		const csv = loadSweepCsv([sw]).trimEnd().split('\n');
		expect(csv).toHaveLength(1 + sw.points.length);
		expect(csv.filter((l) => l.endsWith(',yes'))).toHaveLength(1);
	});
});
