import { describe, expect, test } from 'vitest';
import { gpuScalingChart, latencyHeatmap, methodComparisonChart, sizeLabel, gpuEfficiencyChart } from '../../src/lib/charts/study-charts';
import { studyChartSvgs } from '../../src/lib/charts/study-svgs';
import { fixtureStudy } from './fixture';
import { badNumbers } from './helpers';

describe('study chart mapping', () => {
	test.each([
		[1000, '1K'],
		[10000, '10K'],
		[100000, '100K'],
		[1000000, '1M'],
		[1500, '1.5K'],
		[999, '999']
	])('sizeLabel(%s) = %s', (n, want) => expect(sizeLabel(n)).toBe(want));

	test('GPU scaling: one series per workload, knee at the recommended count, log-log', () => {
		const p = gpuScalingChart(fixtureStudy());
		expect(p.series.map((s) => s.name)).toEqual(['1K requests', '10K requests']);
		expect(p.series.map((s) => s.mark?.x)).toEqual([2, 2]);
		expect(p.xScale).toBe('log');
		expect(p.yScale).toBe('log');
		expect(p.series[1].points.map((q) => q.y)).toEqual([410, 88, null]);
	});

	test('heatmap: rows = GPU counts, cols = bin counts, P95 values, metrics in tooltips', () => {
		const h = latencyHeatmap(fixtureStudy(), 10000);
		expect(h.rows).toEqual(['1', '2', '4']);
		expect(h.cols).toEqual(['1', '2']);
		expect(h.cells.find((c) => c.row === '2' && c.col === '2')?.value).toBe(88);
		expect(h.cells.some((c) => c.row === '4' && c.col === '2')).toBe(false);
		expect(h.cells[0].metrics?.map((m) => m.label)).toContain('Output tok/s');
	});

	test('method comparison: methods in study order, null where a run has no summary', () => {
		const b = methodComparisonChart(fixtureStudy(), 'p95');
		expect(b.groups).toEqual(['1K', '10K']);
		expect(b.series.map((s) => s.name)).toEqual(['Static', 'Dynamic', 'Multi-bin', 'Continuous', 'Optimized (Step 1)']);
		expect(b.series[4].values).toEqual([7.9, null]);
		expect(methodComparisonChart(fixtureStudy(), 'throughput').series[3].values).toEqual([1900, 1850]);
	});

	test('efficiency: table columns become series, n/a cells become gaps', () => {
		const e = gpuEfficiencyChart(fixtureStudy());
		expect(e.series[1].points).toEqual([
			{ x: 1, y: 880 },
			{ x: 2, y: 610 },
			{ x: 4, y: null }
		]);
	});
});

describe('studyChartSvgs', () => {
	const files = studyChartSvgs(fixtureStudy());

	test('writes the study files by name', () => {
		expect(files.map((f) => f.file)).toEqual([
			'gpu_scaling_by_workload.svg',
			'latency_heatmap_1k.svg',
			'latency_heatmap_10k.svg',
			'step2_method_comparison_throughput.svg',
			'step2_method_comparison_p95.svg',
			'gpu_efficiency.svg'
		]);
	});

	test('each file is a standalone SVG: XML declaration, namespace, no hydration comments, no NaN', () => {
		for (const f of files) {
			expect(f.svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
			expect(f.svg.trimEnd().endsWith('</svg>')).toBe(true);
			expect(f.svg).not.toContain('<!--');
			expect(badNumbers(f.svg)).toEqual([]);
			expect(f.svg).toMatch(/role="img"/);
		}
	});

	test('deterministic: the same study gives byte-identical files', () => {
		expect(studyChartSvgs(fixtureStudy())).toEqual(files);
	});

	test('the 10K heatmap shows its missing grid point as n/a; the scaling chart marks both knees', () => {
		expect(files[2].svg).toContain('>n/a</text>');
		expect(files[0].svg.match(/class="mark"/g)).toHaveLength(2);
		expect(files[0].svg).toContain('knee: 2 GPUs</text>');
	});

	test.each(['gpu_scaling_by_workload.svg', 'latency_heatmap_10k.svg', 'step2_method_comparison_p95.svg', 'gpu_efficiency.svg'])('snapshot %s', async (name) => {
		await expect(files.find((f) => f.file === name)?.svg).toMatchFileSnapshot(`__snapshots__/study/${name}`);
	});

	test('an empty study renders no files rather than broken charts', () => {
		const s = fixtureStudy();
		const empty = { ...s, step1: [], scaling: [], step2: [], efficiency: { gpuCounts: [], sizes: [], cells: [] } };
		expect(studyChartSvgs(empty)).toEqual([]);
	});
});
