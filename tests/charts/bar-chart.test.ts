import { describe, expect, test } from 'vitest';
import { barLayout } from '../../src/lib/charts/bar-layout';
import { badNumbers, barSvg } from './helpers';

const props = {
	groups: ['1K', '10K'],
	series: [
		{ name: 'static', values: [310, 4200] },
		{ name: 'dynamic', values: [95, 1300] },
		{ name: 'continuous', values: [4.2, 35] },
		{ name: 'optimized', values: [7.9, null] }
	],
	title: 'Method comparison: P95 E2E latency',
	xLabel: 'Workload (requests)',
	yLabel: 'P95 E2E latency (s)',
	yScale: 'log' as const
};

describe('BarChart', () => {
	test('snapshot (log y)', async () => {
		await expect(barSvg(props)).toMatchFileSnapshot('__snapshots__/bar-p95-log.svg');
	});

	test('snapshot (linear y from 0)', async () => {
		const tput = { ...props, title: 'Method comparison: output throughput', yLabel: 'Output tok/s', yScale: 'linear' as const, series: props.series.map((s, i) => ({ ...s, values: s.values.map((v) => (v === null ? null : 400 * (i + 1)) ) })) };
		const svg = barSvg(tput);
		await expect(svg).toMatchFileSnapshot('__snapshots__/bar-throughput.svg');
		expect(barLayout(tput).yTicks[0].value).toBe(0);
	});

	test('bar height grows with value; bars sit on the baseline', () => {
		const L = barLayout(props);
		const base = L.plot.y + L.plot.h;
		const drawn = L.bars.filter((b) => !b.missing);
		for (const b of drawn) expect(b.y + b.h).toBeCloseTo(base, 1);
		const g0 = L.bars.slice(0, 4);
		expect(g0[0].h).toBeGreaterThan(g0[1].h); // 310 > 95
		expect(g0[1].h).toBeGreaterThan(g0[3].h); // 95 > 7.9
		expect(g0[3].h).toBeGreaterThan(g0[2].h); // 7.9 > 4.2
	});

	test('log axis ticks: 1-2-5 or decades, all positive', () => {
		const L = barLayout(props);
		expect(L.yTicks.length).toBeGreaterThan(2);
		expect(L.yTicks.every((t) => t.value > 0)).toBe(true);
		expect(L.yTicks.map((t) => t.value)).toContain(1000);
	});

	test('a missing value is marked n/a, not drawn as a zero bar', () => {
		const svg = barSvg(props);
		expect(svg.match(/>n\/a<\/text>/g)).toHaveLength(1);
		expect(svg).toContain('optimized, Workload (requests) 10K: P95 E2E latency (s) n/a');
		expect(badNumbers(svg)).toEqual([]);
	});

	test('legend lists every series with its colour', () => {
		const L = barLayout(props);
		expect(L.legend.map((l) => l.label)).toEqual(['static', 'dynamic', 'continuous', 'optimized']);
		expect(new Set(L.legend.map((l) => l.color)).size).toBe(4);
	});
});
