/**
 * No chart prints text over text: every <text> box of each chart's SVG (estimated from font size ×
 * characters, as the layouts estimate it) is checked against every other and against the SVG's edges,
 * at phone, laptop and projector widths, on the study fixture and on data built to crowd the labels.
 */
import { describe, expect, test } from 'vitest';
import { studyCharts } from '../../src/lib/charts/study-charts';
import { busyGpusChart, queueLengthChart } from '../../src/lib/charts/run-charts';
import type { SimSeries } from '../../src/lib/sim/types';
import { fixtureStudy } from './fixture';
import { barSvg, heatmapSvg, histogramSvg, lineSvg } from './helpers';
import { drawnTexts, overlappingTexts, textsOutside } from './svg-text';

const WIDTHS = [300, 480, 760, 1240];

function check(svg: string) {
	expect(drawnTexts(svg).length).toBeGreaterThan(3);
	expect(overlappingTexts(svg)).toEqual([]);
	expect(textsOutside(svg)).toEqual([]);
}

describe('study charts at every width', () => {
	for (const c of studyCharts(fixtureStudy())) {
		test.each(WIDTHS)(`${c.file} at %i px`, (width) => {
			const svg = c.kind === 'line' ? lineSvg({ ...c.spec, width }) : c.kind === 'bar' ? barSvg({ ...c.spec, width }) : heatmapSvg({ ...c.spec, width });
			check(svg);
		});
	}
});

describe('study charts in presentation size (fontScale 1.25)', () => {
	for (const c of studyCharts(fixtureStudy())) {
		test.each([480, 1240])(`${c.file} at %i px`, (width) => {
			const p = { width, fontScale: 1.25 };
			const svg = c.kind === 'line' ? lineSvg({ ...c.spec, ...p }) : c.kind === 'bar' ? barSvg({ ...c.spec, ...p }) : heatmapSvg({ ...c.spec, ...p });
			check(svg);
			expect(Math.min(...[...svg.matchAll(/font-size="([\d.]+)"/g)].map((m) => Number(m[1])))).toBeGreaterThanOrEqual(14);
		});
	}
});

describe('crowded data', () => {
	test.each(WIDTHS)('three series with their knee at the same GPU count, one elsewhere (%i px)', (width) => {
		const gpus = [1, 2, 4, 6, 8, 16, 32, 64, 100, 128];
		const series = [6, 100, 100, 100].map((knee, i) => ({
			name: `${[1, 10, 100, 1000][i]}K requests`,
			points: gpus.map((g) => ({ x: g, y: (100 * (i + 1)) / g + 1 })),
			mark: { x: knee, label: `knee: ${knee} GPUs` }
		}));
		const svg = lineSvg({ series, title: 'GPU scaling', xLabel: 'GPUs', yLabel: 'P95 E2E latency (s)', xScale: 'log', yScale: 'log', xTickValues: gpus, width });
		check(svg);
		// The lone knee keeps its label whatever else is crowded.
		expect(svg).toContain('knee: 6 GPUs</text>');
	});

	test.each(WIDTHS)('bars of close values in many groups (%i px)', (width) => {
		const groups = ['1K', '2K', '5K', '10K', '20K', '50K', '100K', '1M'];
		const series = ['Static', 'Dynamic', 'Multi-bin', 'Continuous', 'Optimized (Step 1)'].map((name, i) => ({
			name,
			values: groups.map((_, g) => 799_000 + 169_000 * ((g + i) % 3))
		}));
		check(barSvg({ groups, series, title: 'P95 E2E latency by method', xLabel: 'Workload (requests)', yLabel: 'P95 E2E latency (s)', valueFormat: 'duration', width }));
	});

	test.each(WIDTHS)('heatmap of durations up to days, 10 × 8 (%i px)', (width) => {
		const rows = ['1', '2', '4', '8', '16', '32', '64', '128', '256', '512'];
		const cols = ['1', '2', '3', '4', '5', '6', '7', '8'];
		const cells = rows.flatMap((row, r) => cols.map((col, c) => ({ row, col, value: 968_000 / 2 ** (r + c) })));
		check(heatmapSvg({ rows, cols, cells, title: 'P95 E2E latency, 1,000,000 requests', rowLabel: 'GPUs', colLabel: 'Bins', valueLabel: 'P95 E2E latency', valueFormat: 'duration', width, height: 100 + rows.length * 34 }));
	});

	test.each(WIDTHS)('queue and busy-GPU timelines with a long title (%i px)', (width) => {
		const tS = Array.from({ length: 200 }, (_, i) => i * 37.5);
		const series: SimSeries = {
			e2eCdf: { x: [], y: [] },
			ttftCdf: { x: [], y: [] },
			e2eHistogram: { edgesS: [], counts: [] },
			timeline: { tS, queueLength: tS.map((_, i) => (i * 7919) % 1300), busyGpus: tS.map((_, i) => (i % 3 === 0 ? 1 : 2)) },
			perBin: []
		};
		const label = '10,000 requests, 4 GPUs, 1 bin';
		check(lineSvg({ ...queueLengthChart(series, label, 'd'), width }));
		check(lineSvg({ ...busyGpusChart(series, label, 'd'), width }));
	});

	test.each([240, 320, 640])('histogram of token counts (%i px)', (width) => {
		const values = Float64Array.from({ length: 5000 }, (_, i) => 1 + ((i * 7919) % 30000));
		check(histogramSvg({ values, title: 'Prompt tokens per request', xLabel: 'Prompt tokens', xScale: 'log', width }));
	});
});
