import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { lineLayout } from '../../src/lib/charts/line-layout';
import { attrs, badNumbers, lineSvg } from './helpers';

const scaling = {
	title: 'GPU scaling: P95 latency vs GPU count',
	xLabel: 'GPUs',
	yLabel: 'P95 E2E latency (s)',
	xScale: 'log' as const,
	yScale: 'log' as const,
	xTickValues: [1, 2, 4, 8, 16],
	series: [
		{ name: '1K requests', points: [1, 2, 4, 8, 16].map((x, i) => ({ x, y: [40, 12, 8, 7.6, 7.5][i] })), mark: { x: 4, label: 'knee: 4 GPUs' } },
		{ name: '10K requests', points: [1, 2, 4, 8, 16].map((x, i) => ({ x, y: [600, null, 90, 30, 28][i] })), mark: { x: 8, label: 'knee: 8 GPUs' } }
	]
};

describe('LineChart', () => {
	test('GPU scaling snapshot', async () => {
		const svg = lineSvg(scaling);
		await expect(svg).toMatchFileSnapshot('__snapshots__/line-gpu-scaling.svg');
	});

	test('accessible: role img, aria-label, <title> and <desc>', () => {
		const svg = lineSvg(scaling);
		expect(svg).toMatch(/<svg[^>]*role="img"[^>]*aria-label="GPU scaling: P95 latency vs GPU count"/);
		expect(svg).toContain('<title id="gpu-scaling-p95-latency-vs-gpu-count-title">');
		expect(svg).toContain('log scale');
		expect(svg).toContain('>P95 E2E latency (s)</text>');
	});

	test('knee markers: one ring + label per marked series, at the marked point', () => {
		const L = lineLayout(scaling);
		expect(L.series.map((s) => s.mark?.label)).toEqual(['knee: 4 GPUs', 'knee: 8 GPUs']);
		const dot = L.series[0].dots.find((d) => d.tip.includes('GPUs 4,'));
		expect(L.series[0].mark).toMatchObject({ cx: dot?.cx, cy: dot?.cy });
		const svg = lineSvg(scaling);
		expect(svg.match(/class="mark"/g)).toHaveLength(2);
		expect(svg).toContain('knee: 8 GPUs</text>');
	});

	test('null y leaves a gap: the path restarts (two M commands), no dot for the null', () => {
		const L = lineLayout(scaling);
		expect(L.series[1].path.match(/M/g)).toHaveLength(2);
		expect(L.series[1].dots).toHaveLength(4);
	});

	test('log x ticks are the explicit GPU counts, equally spaced for powers of two', () => {
		const L = lineLayout(scaling);
		expect(L.xTicks.map((t) => t.label)).toEqual(['1', '2', '4', '8', '16']);
		const gaps = L.xTicks.slice(1).map((t, i) => Math.round(t.pos - L.xTicks[i].pos));
		expect(Math.max(...gaps) - Math.min(...gaps)).toBeLessThanOrEqual(1);
	});

	test('series names are escaped', () => {
		const svg = lineSvg({ ...scaling, series: [{ name: '<script>alert(1)</script>', points: [{ x: 1, y: 1 }, { x: 2, y: 2 }] }] });
		expect(svg).not.toContain('<script>');
		expect(svg).toContain('&lt;script>alert(1)&lt;/script>');
	});

	test('a vertical marker is drawn with its label; one outside the data widens the axis', () => {
		const svg = lineSvg({
			title: 'Roofline',
			xLabel: 'Batch size',
			yLabel: 'Step time (ms)',
			xScale: 'log',
			series: [{ name: 'step', points: [1, 2, 4, 8].map((x) => ({ x, y: 2 + x / 10 })) }],
			markers: [{ x: 50, label: 'compute-bound from b ≈ 50' }]
		});
		expect(svg).toContain('compute-bound from b ≈ 50</text>');
		expect(svg).toMatch(/class="marker"/);
	});

	test('no drawable data says so instead of drawing NaN', () => {
		const svg = lineSvg({ title: 'Empty', xLabel: 'x', yLabel: 'y', yScale: 'log', series: [{ name: 'a', points: [{ x: 1, y: 0 }, { x: 2, y: null }] }] });
		expect(svg).toContain('No data to show');
		expect(badNumbers(svg)).toEqual([]);
	});

	test('step curve for CDFs and no dots for long series', () => {
		const pts = Array.from({ length: 200 }, (_, i) => ({ x: 0.1 * (i + 1), y: (i + 1) / 200 }));
		const L = lineLayout({ title: 'CDF', xLabel: 'Latency (s)', yLabel: 'Share', series: [{ name: 'E2E', points: pts }], curve: 'step' });
		expect(L.series[0].dots).toHaveLength(0);
		// step-after: every point after the first adds a horizontal and a vertical segment
		expect(L.series[0].path.match(/L/g)).toHaveLength(2 * 199);
	});

	test('property: any numbers (NaN, ±Infinity, negatives, nulls) never leak NaN/Infinity into markup', () => {
		const num = fc.oneof(fc.double(), fc.constant(null), fc.integer({ min: -5, max: 1e6 }));
		fc.assert(
			fc.property(
				fc.array(fc.array(fc.record({ x: fc.double(), y: num }), { maxLength: 12 }), { minLength: 1, maxLength: 3 }),
				fc.constantFrom('linear', 'log'),
				fc.constantFrom('linear', 'log'),
				(series, xs, ys) => {
					const svg = lineSvg({
						title: 't',
						xLabel: 'x',
						yLabel: 'y',
						xScale: xs as 'linear' | 'log',
						yScale: ys as 'linear' | 'log',
						series: series.map((points, i) => ({ name: `s${i}`, points, mark: points[0] ? { x: points[0].x } : null }))
					});
					expect(badNumbers(svg)).toEqual([]);
					for (const v of [...attrs(svg, 'cx'), ...attrs(svg, 'x1'), ...attrs(svg, 'y')]) expect(Number.isFinite(Number(v))).toBe(true);
				}
			),
			{ numRuns: 60 }
		);
	});
});
