import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { binValues, histogramLayout } from '../../src/lib/charts/histogram-layout';
import { badNumbers, histogramSvg } from './helpers';

const tokens = Int32Array.from({ length: 500 }, (_, i) => Math.round(20 * 1.012 ** i)); // 20 .. ~7,800

describe('Histogram', () => {
	test('snapshot (log x, typed array input)', async () => {
		await expect(histogramSvg({ values: tokens, title: 'Prompt tokens', xLabel: 'Prompt tokens', xScale: 'log', binCount: 20 })).toMatchFileSnapshot(
			'__snapshots__/histogram-log.svg'
		);
	});

	test('precomputed bins are drawn as given', () => {
		const L = histogramLayout({ bins: { edges: [0, 1, 2, 4], counts: [5, 0, 10] }, title: 'E2E', xLabel: 'E2E (s)' });
		expect(L.bars).toHaveLength(3);
		expect(L.bars[1].h).toBe(0);
		expect(L.bars[2].h).toBeCloseTo(2 * L.bars[0].h, 1);
	});

	test('log binning skips zeros and says so', () => {
		const { bins, skipped } = binValues([0, 0, 1, 10, 100], 'log', 4);
		expect(skipped).toBe(2);
		expect(bins.counts.reduce((a, b) => a + b, 0)).toBe(3);
		const svg = histogramSvg({ values: [0, 0, 1, 10, 100], xScale: 'log', title: 'Output tokens', xLabel: 'Output tokens' });
		expect(svg).toContain('2 values not shown');
	});

	test('property: bins hold every drawable value exactly once, edges ascending', () => {
		fc.assert(
			fc.property(fc.array(fc.integer({ min: 0, max: 100000 }), { maxLength: 300 }), fc.constantFrom('linear', 'log'), fc.integer({ min: 1, max: 40 }), (vs, kind, n) => {
				const { bins, skipped } = binValues(vs, kind as 'linear' | 'log', n);
				expect(bins.counts.reduce((a, b) => a + b, 0) + skipped).toBe(vs.length);
				for (let i = 1; i < bins.edges.length; i++) expect(bins.edges[i]).toBeGreaterThanOrEqual(bins.edges[i - 1]);
				const svg = histogramSvg({ values: vs, xScale: kind as 'linear' | 'log', title: 't', xLabel: 'x', binCount: n });
				expect(badNumbers(svg)).toEqual([]);
			}),
			{ numRuns: 50 }
		);
	});
});
