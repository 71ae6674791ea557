// Mounts the real chart components in a resizable box, for tests/charts/browser-fit.test.ts.
import { flushSync, mount } from 'svelte';
import Heatmap from '../../../src/lib/charts/Heatmap.svelte';
import LineChart from '../../../src/lib/charts/LineChart.svelte';
import { omitPageOnly } from '../../../src/lib/charts/export';

const box = document.getElementById('box') as HTMLDivElement;
const gpus = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512];
mount(LineChart, {
	target: box,
	props: {
		id: 'fit',
		title: 'GPU scaling: P95 E2E latency vs GPU count (4 bins)',
		series: [0, 1, 2].map((i) => ({ name: `${10 ** i}K requests`, points: gpus.map((g) => ({ x: g, y: (100 * (i + 1)) / g })), mark: { x: 64, label: 'knee: 64 GPUs' } })),
		xLabel: 'GPUs',
		yLabel: 'P95 E2E latency (s)',
		xScale: 'log',
		yScale: 'log',
		xTickValues: gpus,
		width: 760
	}
});
let selected: { row: string; col: string } | null = { row: '1', col: '1' };
mount(Heatmap, {
	target: box,
	props: {
		id: 'heat',
		title: 'Heat',
		rows: ['1', '2'],
		cols: ['1', '2'],
		cells: [{ row: '1', col: '1', value: 3 }, { row: '2', col: '2', value: 90000 }],
		rowLabel: 'GPUs',
		colLabel: 'Bins',
		valueLabel: 'P95 E2E latency',
		valueFormat: 'duration',
		get selected() {
			return selected;
		},
		onselect: (c: { row: string; col: string }) => (selected = { row: c.row, col: c.col }),
		reveal: '[data-detail="detail"]'
	}
});
flushSync();

/** Test hooks: resize the box, read the charts' geometry, and what an export keeps. */
(window as unknown as Record<string, unknown>).chartHarness = {
	resize(px: number) {
		box.style.width = `${px}px`;
	},
	svgs() {
		return [...box.querySelectorAll('svg')].map((s) => ({
			widthAttr: Number(s.getAttribute('width')),
			rendered: Math.round(s.getBoundingClientRect().width),
			viewBox: s.getAttribute('viewBox'),
			fontSizes: [...s.querySelectorAll('text')].map((t) => Number(getComputedStyle(t).fontSize.replace('px', '')))
		}));
	},
	textBoxes(i: number) {
		const s = box.querySelectorAll('svg')[i];
		return [...s.querySelectorAll('text')].filter((t) => (t.textContent ?? '').trim()).map((t) => {
			const r = t.getBoundingClientRect();
			return { text: t.textContent, x0: r.left, y0: r.top, x1: r.right, y1: r.bottom };
		});
	},
	exportedOutlines() {
		const clone = box.querySelectorAll('svg')[1].cloneNode(true) as SVGSVGElement;
		const before = clone.querySelectorAll('[data-export="omit"]').length;
		omitPageOnly(clone);
		return { before, after: clone.querySelectorAll('[data-export="omit"]').length };
	}
};
