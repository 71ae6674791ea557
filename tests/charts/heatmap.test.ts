import { describe, expect, test } from 'vitest';
import { heatmapLayout, type HeatCell } from '../../src/lib/charts/heatmap-layout';
import { badNumbers, heatmapSvg } from './helpers';

const cells: HeatCell[] = [
	{ row: '1', col: '1', value: 420, metrics: [{ label: 'Output tok/s', value: 812.5 }, { label: 'SLA violation', value: '3.0%' }] },
	{ row: '1', col: '2', value: 310 },
	{ row: '2', col: '1', value: 52 },
	{ row: '2', col: '2', value: null, metrics: [{ label: 'Error', value: 'run failed' }] },
	{ row: '4', col: '1', value: 4.2 }
	// row 4, col 2 missing on purpose
];
const props = {
	rows: ['1', '2', '4'],
	cols: ['1', '2'],
	cells,
	title: 'Latency heatmap: P95 E2E for 10K requests',
	rowLabel: 'GPUs',
	colLabel: 'Bins',
	valueLabel: 'P95 E2E latency (s)'
};

describe('Heatmap', () => {
	test('snapshot', async () => {
		await expect(heatmapSvg(props)).toMatchFileSnapshot('__snapshots__/heatmap.svg');
	});

	test('every grid position gets a cell; null and missing cells are hatched n/a', () => {
		const L = heatmapLayout(props);
		expect(L.cells).toHaveLength(6);
		const na = L.cells.filter((c) => c.fill === null);
		expect(na.map((c) => `${c.cell.row}/${c.cell.col}`)).toEqual(['2/2', '4/2']);
		expect(na.every((c) => c.text === 'n/a')).toBe(true);
		const svg = heatmapSvg(props);
		expect(svg.match(/fill="url\(#latency-heatmap-p95-e2e-for-10k-requests-hatch\)"/g)).toHaveLength(2);
		expect(svg.match(/>n\/a<\/text>/g)).toHaveLength(2);
	});

	test('log colour scale: the smallest and largest values take the ends of viridis', () => {
		const L = heatmapLayout(props);
		const fill = (r: string, c: string) => L.cells.find((x) => x.cell.row === r && x.cell.col === c)?.fill;
		expect(fill('4', '1')).toBe('#440154'); // viridis(0)
		expect(fill('1', '1')).toBe('#fde725'); // viridis(1)
		// 52 is near the log-midpoint of [4.2, 420] (≈ 42): a mid colour, not the dark end a linear scale would give
		expect(fill('2', '1')).not.toBe('#440154');
	});

	test('cell text contrasts with its fill', () => {
		const L = heatmapLayout(props);
		expect(L.cells.find((c) => c.cell.value === 4.2)?.textColor).toBe('#ffffff');
		expect(L.cells.find((c) => c.cell.value === 420)?.textColor).toBe('#000000');
	});

	test('cells are keyboard-focusable buttons with a tooltip listing every metric', () => {
		const svg = heatmapSvg(props);
		expect(svg.match(/tabindex="0"/g)).toHaveLength(6);
		expect(svg.match(/role="button"/g)).toHaveLength(6);
		expect(svg).toContain('<title>GPUs 1, Bins 1\nP95 E2E latency (s): 420\nOutput tok/s: 813\nSLA violation: 3.0%</title>');
		expect(svg).toContain('aria-label="GPUs 2, Bins 2: P95 E2E latency (s) n/a"');
	});

	test('colour legend with log ticks and its label', () => {
		const L = heatmapLayout(props);
		expect(L.legend?.ticks.map((t) => t.value)).toEqual([5, 10, 20, 50, 100, 200]);
		// higher values sit higher on the bar
		const pos = L.legend?.ticks.map((t) => t.pos) ?? [];
		expect([...pos].sort((a, b) => b - a)).toEqual(pos);
		expect(heatmapSvg(props)).toContain('>P95 E2E latency (s)</text>');
	});

	test('all n/a: no legend, no NaN', () => {
		const svg = heatmapSvg({ ...props, cells: [{ row: '1', col: '1', value: null }] });
		expect(svg).not.toContain('linearGradient');
		expect(badNumbers(svg)).toEqual([]);
	});

	test('selected cell is outlined; labels are escaped', () => {
		const svg = heatmapSvg({ ...props, rows: ['<b>1</b>', '2', '4'], cells: [{ row: '<b>1</b>', col: '1', value: 3 }], selected: { row: '2', col: '1' } });
		expect(svg).not.toContain('<b>');
		expect(svg).toContain('&lt;b>1&lt;/b>');
		expect(svg).toContain('stroke-width="3"');
	});

	test('a zero value is printed but coloured as the minimum (log scale cannot place 0)', () => {
		const L = heatmapLayout({ ...props, cells: [{ row: '1', col: '1', value: 0 }, { row: '1', col: '2', value: 10 }, { row: '2', col: '1', value: 100 }] });
		const z = L.cells.find((c) => c.cell.value === 0);
		expect(z?.text).toBe('0');
		expect(z?.fill).toBe(L.cells.find((c) => c.cell.value === 10)?.fill);
	});
});
