/**
 * One spec per chart: the page (state/result-views.ts) and the CLI's SVG files (study-svgs.ts) read the
 * same labels from study-charts.ts; count axes have whole-number ticks; knee labels keep apart; the
 * heatmap prints durations; an export drops the page's selection outline.
 */
import { describe, expect, test } from 'vitest';
import { omitPageOnly } from '../../src/lib/charts/export';
import { heatmapLayout } from '../../src/lib/charts/heatmap-layout';
import { lineLayout } from '../../src/lib/charts/line-layout';
import { CHART_METHODS, inChartOrder } from '../../src/lib/charts/methods';
import { axisTicks, makeScale } from '../../src/lib/charts/scales';
import { gpuEfficiencyChart, gpuScalingChart, latencyHeatmap, methodComparisonChart, studyCharts } from '../../src/lib/charts/study-charts';
import { studyChartSvgs } from '../../src/lib/charts/study-svgs';
import { overlaps, textBox } from '../../src/lib/charts/text-boxes';
import * as views from '../../src/lib/state/result-views';
import { fixtureStudy, summary } from './fixture';
import { heatmapSvg, lineSvg } from './helpers';
import { drawnTexts, overlappingTexts } from './svg-text';

describe('page and CLI read the same spec', () => {
	const study = fixtureStudy();
	const files = studyChartSvgs(study);

	test('sizeLabel and summaryMetrics are one definition', async () => {
		const charts = await import('../../src/lib/charts/study-charts');
		expect(views.sizeLabel).toBe(charts.sizeLabel);
		expect(views.summaryMetrics).toBe(charts.summaryMetrics);
		expect(views.sizeLabel(1250)).toBe('1.25K');
		const labels = views.summaryMetrics(summary(3.2, 900)).map((m) => m.label);
		expect(labels).toContain('GPU utilization');
		expect(labels.join(' ')).not.toMatch(/utilisation/);
	});

	test('the page series are the spec series', () => {
		expect(views.scalingSeries(study)).toEqual(gpuScalingChart(study).series);
		expect(views.efficiencySeries(study)).toEqual(gpuEfficiencyChart(study).series);
		const heat = views.heatmapCells(study, 10000);
		const spec = latencyHeatmap(study, 10000);
		expect(heat).toEqual({ rows: spec.rows, cols: spec.cols, cells: spec.cells });
		const bars = views.methodBars(study, (s) => s.e2eP95S);
		const p95 = methodComparisonChart(study, 'p95');
		expect(bars).toEqual({ groups: p95.groups, series: p95.series });
	});

	test("every series name, group and knee label of the page's data is printed in the CLI's SVG", () => {
		const svgText = (file: string) => drawnTexts(files.find((f) => f.file === file)?.svg ?? '').map((t) => t.text);
		const scaling = svgText('gpu_scaling_by_workload.svg');
		for (const s of views.scalingSeries(study)) {
			expect(scaling).toContain(s.name);
			if (s.mark?.label) expect(scaling).toContain(s.mark.label);
		}
		const bars = svgText('step2_method_comparison_p95.svg');
		const page = views.methodBars(study, (s) => s.e2eP95S);
		for (const g of page.groups) expect(bars).toContain(g);
		for (const s of page.series) expect(bars).toContain(s.name);
	});

	test('the CLI files are exactly the spec list rendered', () => {
		expect(files.map((f) => f.file)).toEqual(studyCharts(study).map((c) => c.file));
	});

	test('method order and colours come from one list; a method keeps its colour when others are absent', () => {
		expect(CHART_METHODS.map((m) => m.id)).toEqual(['static', 'dynamic', 'multibin', 'continuous', 'optimized']);
		const two = inChartOrder(['continuous', 'static']);
		expect(two.map((m) => m.id)).toEqual(['static', 'continuous']);
		expect(two[1].color).toBe(CHART_METHODS[3].color);
	});
});

describe('heatmap durations', () => {
	test('cells, tooltips and the colour legend use the one duration format, not raw seconds', () => {
		const L = heatmapLayout({
			rows: ['1', '2'],
			cols: ['1', '2'],
			cells: [
				{ row: '1', col: '1', value: 207_360 },
				{ row: '1', col: '2', value: 0.85 },
				{ row: '2', col: '1', value: 42 },
				{ row: '2', col: '2', value: 968_000 }
			],
			title: 'P95',
			rowLabel: 'GPUs',
			colLabel: 'Bins',
			valueLabel: 'P95 E2E latency',
			valueFormat: 'duration'
		});
		expect(L.cells.map((c) => c.text)).toEqual(['2.4 days', '850 ms', '42 s', '11 days']);
		expect(L.cells[0].tip).toContain('P95 E2E latency: 2.4 days');
		for (const t of L.legend?.ticks ?? []) expect(t.label).toMatch(/ (ms|s|min|h|days?)$/);
	});

	test("the study heatmap's SVG never prints a raw \"968k\"-style number in a cell", () => {
		const svg = heatmapSvg(latencyHeatmap(fixtureStudy(), 10000));
		expect(svg).toContain('>11 min</text>');
		expect(svg).not.toMatch(/>640<\/text>/);
	});
});

describe('integer ticks on count axes', () => {
	test.each([
		[[0, 2], 5],
		[[0, 1], 6],
		[[0, 3], 10],
		[[0, 7], 8]
	])('axisTicks(integer) over %o with %i ticks wanted: whole numbers only', (domain, count) => {
		const t = axisTicks(makeScale('linear', domain as [number, number], [200, 0]), count, undefined, { integer: true });
		expect(t.length).toBeGreaterThanOrEqual(2);
		for (const x of t) expect(Number.isInteger(x.value)).toBe(true);
	});

	test('a busy-GPUs series (whole numbers) gets whole-number ticks by default; a share does not', () => {
		const busy = lineLayout({ series: [{ name: 'Busy GPUs', points: [0, 1, 2, 1, 2].map((y, x) => ({ x, y })) }], title: 'Busy GPUs', xLabel: 'Time (s)', yLabel: 'Busy GPUs', yZero: true, height: 260 });
		expect(busy.yTicks.map((t) => t.value)).toEqual([0, 1, 2]);
		const share = lineLayout({ series: [{ name: 'CDF', points: [0, 0.5, 1].map((y, x) => ({ x, y })) }], title: 'CDF', xLabel: 'x', yLabel: 'Share', height: 260 });
		expect(share.yTicks.some((t) => !Number.isInteger(t.value))).toBe(true);
	});
});

describe('knee labels', () => {
	const gpus = [1, 2, 4, 6, 8, 16, 32, 64, 100];
	const series = [6, 100, 100, 100].map((knee, i) => ({
		name: `W${i}`,
		points: gpus.map((g) => ({ x: g, y: (50 * (i + 1)) / g + 2 })),
		mark: { x: knee, label: `knee: ${knee} GPU${knee === 1 ? '' : 's'}` }
	}));
	const L = lineLayout({ series, title: 't', xLabel: 'GPUs', yLabel: 'P95 (s)', xScale: 'log', yScale: 'log', xTickValues: gpus });

	test('every knee label is placed, none overlaps another or leaves the plot', () => {
		const marks = L.series.map((s) => s.mark).filter((m) => m !== null);
		expect(marks.map((m) => m.label)).toEqual(['knee: 6 GPUs', 'knee: 100 GPUs', 'knee: 100 GPUs', 'knee: 100 GPUs']);
		const boxes = marks.map((m) => textBox(m.labelX, m.labelY, m.label, 12, m.anchor));
		for (let i = 0; i < boxes.length; i++) {
			expect(boxes[i].x0).toBeGreaterThanOrEqual(L.plot.x - 0.5);
			expect(boxes[i].x1).toBeLessThanOrEqual(L.plot.x + L.plot.w + 0.5);
			for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i], boxes[j])).toBe(false);
		}
	});

	test('a knee near the right edge puts its label to the left of the ring', () => {
		const right = L.series.find((s) => s.mark?.label === 'knee: 100 GPUs')?.mark;
		expect(right?.anchor).toBe('end');
		expect(right?.labelX).toBeLessThan(right?.cx ?? 0);
	});

	test('the overlap check itself catches two labels drawn on each other', () => {
		const svg = '<svg width="100" height="50"><text x="10" y="20" font-size="12">knee: 100 GPUs</text><text x="14" y="22" font-size="12">knee: 6</text></svg>';
		expect(overlappingTexts(svg)).toHaveLength(1);
		expect(overlappingTexts(lineSvg({ series, title: 't', xLabel: 'GPUs', yLabel: 'P95 (s)', xScale: 'log', yScale: 'log', xTickValues: gpus }))).toEqual([]);
	});
});

describe('exports', () => {
	test('omitPageOnly removes every element marked data-export="omit" (the selected-cell outline)', () => {
		const removed: string[] = [];
		const el = (name: string) => ({ remove: () => removed.push(name) });
		const root = {
			querySelectorAll: (sel: string) => (sel === '[data-export="omit"]' ? [el('selection')] : [])
		} as unknown as Element;
		omitPageOnly(root);
		expect(removed).toEqual(['selection']);
	});

	test('the heatmap marks its selection outline for omission, and only it', () => {
		const spec = latencyHeatmap(fixtureStudy(), 1000);
		const svg = heatmapSvg({ ...spec, selected: { row: '2', col: '1' } });
		expect(svg.match(/data-export="omit"/g)).toHaveLength(1);
		expect(svg).toMatch(/<rect class="selection[^"]*" data-export="omit"/);
	});
});

describe('duration ticks', () => {
	test('a duration legend ticks at clock values', async () => {
		const { durationTickValues } = await import('../../src/lib/charts/scales');
		expect(durationTickValues(21, 640)).toEqual([30, 60, 120, 300, 600]);
		expect(durationTickValues(0.5, 3 * 86400, 5).length).toBeLessThanOrEqual(5);
		const L = heatmapLayout({ ...latencyHeatmap(fixtureStudy(), 10000) });
		expect(L.legend?.ticks.map((t) => t.label)).toEqual(['30 s', '60 s', '2 min', '5 min', '10 min']);
	});
});

describe('log bars', () => {
	test('the smallest bar on a log axis keeps a visible height (the axis starts well below it)', async () => {
		const { barLayout } = await import('../../src/lib/charts/bar-layout');
		const L = barLayout({ groups: ['200', '1K'], series: [{ name: 'A', values: [10.1, 546] }, { name: 'B', values: [109, 27.3] }], title: 't', xLabel: 'x', yLabel: 'y', yScale: 'log' });
		const heights = L.bars.map((b) => b.h);
		expect(Math.min(...heights)).toBeGreaterThan(20);
	});
});
