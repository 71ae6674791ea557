import { describe, expect, it } from 'vitest';
import { paretoFrontier } from '../../src/lib/plan/pareto';
import type { PlanPoint, PlanResult } from '../../src/lib/plan/types';
import { paretoSpec } from '../../src/lib/components/plan/pareto-spec';

function pt(id: string, gpu: string, dollars: number | null, ttft: number | null, meets = true): PlanPoint {
	return {
		id,
		candidateId: gpu,
		gpu,
		tp: 1,
		weights: 'bf16',
		kvDtype: 'bf16',
		method: 'continuous',
		bins: 1,
		replicas: 1,
		totalGpus: 1,
		dollarsPerHour: dollars,
		meetsSlo: meets,
		sloAttainment: meets ? 0.99 : 0.5,
		ttftP95S: ttft,
		tpotP95Ms: 20,
		e2eP95S: ttft === null ? null : ttft * 10,
		outputTokPerS: 100
	};
}

const points = [
	pt('a', 'h100-sxm', 4, 0.5),
	pt('b', 'h100-sxm', 8, 0.2),
	pt('c', 'l4', 6, 0.6), // dearer and slower than a: dominated
	pt('d', 'l4', 3, 5, false), // cheapest but misses the SLOs: not on the frontier
	pt('e', 'b200', 8, 0.1), // same cost as b, faster: b drops out
	pt('f', 'mi300x', null, 0.05) // no price: not on a cost frontier
];

describe('cost/latency frontier', () => {
	it('keeps the deployments no cheaper one beats, among those meeting the SLOs with a price', () => {
		expect(paretoFrontier(points, 'ttft')).toEqual(['a', 'e']);
		expect(paretoFrontier(points, 'e2e')).toEqual(['a', 'e']);
		expect(paretoFrontier([], 'ttft')).toEqual([]);
	});

	it('the chart spec maps every drawn dot back to its point and counts the ones left out', () => {
		const result = { points, frontier: { ttft: paretoFrontier(points, 'ttft'), e2e: [] }, setting: { rateReqPerS: 40 } } as unknown as PlanResult;
		const spec = paretoSpec(result, 'ttft');
		expect(spec.ids[0]).toEqual(['a', 'e']);
		expect(spec.chart.series[0].points).toEqual([{ x: 4, y: 0.5 }, { x: 8, y: 0.1 }]);
		// One series per GPU type with a drawable point, dots sorted by cost.
		expect(spec.ids.slice(1)).toEqual([['a', 'b'], ['d', 'c'], ['e']]);
		expect(spec.leftOut).toBe(1);
		expect(spec.chart.xScale).toBe('log');
		expect(spec.chart.yLabel).toBe('P95 TTFT (s)');
	});
});
