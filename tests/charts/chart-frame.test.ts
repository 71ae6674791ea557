/**
 * The shared SVG frame (ChartSvg.svelte) and the shared layout helpers (layout.ts): every chart keeps
 * the same accessible frame, and the variants the main snapshots do not cover (no visible title, a
 * selected heatmap cell, an empty line chart, precomputed histogram bins) stay byte-for-byte the same.
 * The variant snapshots were written before the frame was factored out of the four components.
 */
import { describe, expect, test } from 'vitest';
import { chartMargin, FONT, fonts, frameHead, roundRect } from '../../src/lib/charts/layout';
import { barSvg, heatmapSvg, histogramSvg, lineSvg } from './helpers';

const line = {
	title: 'Line <frame> & "test"',
	xLabel: 'x',
	yLabel: 'y',
	series: [
		{ name: 'a', points: [{ x: 1, y: 1 }, { x: 2, y: 3 }, { x: 3, y: 2 }] },
		{ name: 'b', points: [{ x: 1, y: 2 }, { x: 2, y: null }, { x: 3, y: 4 }] }
	],
	markers: [{ x: 2, label: 'crossover' }]
};
const bar = { groups: ['1K', '10K'], series: [{ name: 's', values: [1, null] }], title: 'Bars', xLabel: 'Workload', yLabel: 'tok/s' };
const heat = {
	rows: ['1', '2'],
	cols: ['1', '2'],
	cells: [
		{ row: '1', col: '1', value: 3 },
		{ row: '2', col: '2', value: 30 }
	],
	title: 'Heat',
	rowLabel: 'GPUs',
	colLabel: 'Bins',
	valueLabel: 'P95 (s)'
};
const hist = { bins: { edges: [0, 10, 20, 40], counts: [3, 9, 1] }, title: 'Hist', xLabel: 'Tokens' };

/** Every chart, with and without its visible title. */
const variants: [string, () => string][] = [
	['line-no-title', () => lineSvg({ ...line, showTitle: false, id: 'custom-id' })],
	['line-empty', () => lineSvg({ ...line, series: [], markers: [] })],
	['bar-no-title', () => barSvg({ ...bar, showTitle: false, valueLabels: false, width: 400, height: 200 })],
	['heatmap-selected', () => heatmapSvg({ ...heat, selected: { row: '2', col: '1' }, scheme: 'cividis' })],
	['heatmap-no-title-no-values', () => heatmapSvg({ ...heat, cells: [], showTitle: false })],
	['histogram-bins', () => histogramSvg(hist)],
	['histogram-no-title', () => histogramSvg({ ...hist, showTitle: false, yLabel: 'Requests', width: 200, height: 120 })]
];

describe('chart frame', () => {
	test.each(variants)('%s snapshot', async (name, svg) => {
		await expect(svg()).toMatchFileSnapshot(`__snapshots__/variants/${name}.svg`);
	});

	test.each(variants)('%s: one accessible frame (role, label, title, desc, white background)', (_, svg) => {
		const s = svg();
		expect(s.match(/<svg /g)).toHaveLength(1);
		expect(s).toMatch(/^<\?xml[^\n]*\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" role="img" aria-label="[^"]+" aria-describedby="([a-z0-9-]+)-desc"/);
		const id = /aria-describedby="([a-z0-9-]+)-desc"/.exec(s)?.[1];
		expect(s).toContain(`<title id="${id}-title">`);
		expect(s).toContain(`<desc id="${id}-desc">`);
		expect(s).toMatch(/<rect width="\d+" height="\d+" fill="#ffffff"><\/rect>/);
	});

	test('the title text shows only when asked, and is escaped', () => {
		expect(lineSvg({ ...line, showTitle: false })).not.toContain('font-weight="600" fill="#111111"');
		const s = lineSvg(line);
		expect(s).toContain('>Line &lt;frame> &amp; "test"</tspan></text>');
		expect(s).toContain('aria-label="Line &lt;frame> &amp; &quot;test&quot;"');
	});
});

describe('frame helpers', () => {
	test.each([
		[{ title: 'A b', width: undefined, height: undefined, showTitle: undefined, id: undefined }, { w: 720, h: 360 }, { id: 'a-b', width: 720, height: 360, title: 'A b', showTitle: true, titleLines: ['A b'], titlePx: 15, titleY: 20, font: FONT }],
		// Narrower than MIN_WIDTH (240) is widened to it: a phone's container is never narrower.
		[{ title: 'A b', width: 10, height: 20, showTitle: false, id: 'x' }, { w: 720, h: 360 }, { id: 'x', width: 240, height: 20, title: 'A b', showTitle: false, titleLines: ['A b'], titlePx: 15, titleY: 20, font: FONT }],
		[{ title: '', width: undefined, height: 5, showTitle: true, id: undefined }, { w: 320, h: 160 }, { id: 'chart', width: 320, height: 5, title: '', showTitle: true, titleLines: [''], titlePx: 15, titleY: 20, font: FONT }]
	])('frameHead(%o, %o)', (input, size, want) => {
		expect(frameHead(input, size.w, size.h)).toEqual(want);
	});

	test.each([
		[{ x: 1.005, y: 2.333, w: 3.14159, h: -0.001 }, { x: 1, y: 2.33, w: 3.14, h: 0 }],
		[{ x: 66, y: 34, w: 100, h: 50 }, { x: 66, y: 34, w: 100, h: 50 }]
	])('roundRect(%o)', (r, want) => {
		expect(roundRect(r)).toEqual(want);
	});

	test.each([
		[true, 120, undefined, { top: 36, right: 120, bottom: 46, left: 66 }],
		[false, 18, 90, { top: 14, right: 18, bottom: 46, left: 90 }]
	])('chartMargin(showTitle %s, %d, %s)', (showTitle, right, left, want) => {
		expect(chartMargin(frameHead({ title: 'T', showTitle }, 720, 360), right, left)).toEqual(want);
	});

	test('a title too long for one line wraps to a second, and the plot moves down for it', () => {
		const title = 'Queue length: 10,000 requests, 4 GPUs, 1 bin, continuous batching on H100';
		const head = frameHead({ title }, 420, 260);
		expect(head.titleLines.length).toBe(2);
		expect(head.titleLines.join(' ')).toBe(title);
		for (const l of head.titleLines) expect(l.length * 15 * 0.6).toBeLessThanOrEqual(420 - 16);
		expect(chartMargin(head, 18).top).toBeGreaterThan(chartMargin(frameHead({ title: 'Short' }, 420, 260), 18).top + 15);
	});

	test('fonts(scale): 1 is FONT, 1.25 is presentation size, bad or extreme scales are clamped', () => {
		expect(fonts(1)).toBe(FONT);
		expect(fonts(1.25)).toEqual({ tick: 15, label: 16.5, title: 19, legend: 15, cell: 15, value: 14 });
		expect(fonts(NaN)).toBe(FONT);
		expect(fonts(10).tick).toBe(24);
		expect(fonts(0).tick).toBe(9);
		expect(frameHead({ title: 'T', fontScale: 1.25 }, 720, 360).titlePx).toBe(19);
	});

	test('a title too long for two lines ends with an ellipsis, never past the edge', () => {
		const head = frameHead({ title: 'word '.repeat(80).trim() }, 300, 200);
		expect(head.titleLines.length).toBe(2);
		expect(head.titleLines[1].endsWith('…')).toBe(true);
		for (const l of head.titleLines) expect(l.length * 15 * 0.6).toBeLessThanOrEqual(300 - 16);
	});
});
