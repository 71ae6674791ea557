import { describe, expect, test } from 'vitest';
import { formatNumber, round2, slug } from '../../src/lib/charts/format';
import { textColorOn } from '../../src/lib/charts/palette';
import { axisTicks, dataExtent, makeScale } from '../../src/lib/charts/scales';
import { interpolateViridis } from 'd3';

describe('formatNumber', () => {
	test.each([
		[0, '0'],
		[1, '1'],
		[0.5, '0.5'],
		[1234, '1.23K'],
		[12345, '12.3K'],
		[2.5e6, '2.5M'],
		[3e9, '3B'],
		[0.0001234, '1.23e-4'],
		[-42.42, '-42.4'],
		[null, 'n/a'],
		[NaN, 'n/a'],
		[Infinity, 'n/a']
	])('%s → %s', (v, want) => expect(formatNumber(v)).toBe(want));
});

test.each([
	[1.005, 1],
	[2.345, 2.35],
	[-0.001, 0],
	[100, 100]
])('round2(%s) = %s', (v, want) => {
	expect(round2(v)).toBe(want);
	expect(Object.is(round2(v), -0)).toBe(false);
});

test.each([
	['GPU scaling: P95 (s)', 'gpu-scaling-p95-s'],
	['<script>', 'script'],
	['', 'chart']
])('slug(%j) = %j', (t, want) => expect(slug(t)).toBe(want));

describe('dataExtent', () => {
	test.each([
		{ values: [3, 1, 2], kind: 'linear', zero: false, want: [1, 3] },
		{ values: [3, 1, 2], kind: 'linear', zero: true, want: [0, 3] },
		{ values: [0, -1, 10, 100, null, NaN], kind: 'log', zero: false, want: [10, 100] },
		{ values: [], kind: 'log', zero: false, want: [1, 10] },
		{ values: [null], kind: 'linear', zero: false, want: [0, 1] },
		{ values: [5], kind: 'log', zero: false, want: [2.5, 10] },
		{ values: [5, 5], kind: 'linear', zero: false, want: [0, 5] }
	] as const)('$kind $values zero=$zero → $want', ({ values, kind, zero, want }) => {
		expect(dataExtent(values, kind, zero)).toEqual(want);
	});
});

describe('axisTicks', () => {
	test('log over 5 decades keeps only powers of ten', () => {
		const t = axisTicks(makeScale('log', [1, 1e5], [0, 500]), 6);
		expect(t.map((x) => x.value)).toEqual([1, 10, 100, 1000, 1e4, 1e5]);
		expect(t.map((x) => x.label)).toEqual(['1', '10', '100', '1K', '10K', '100K']);
		// equal spacing on a log axis
		const gaps = t.slice(1).map((x, i) => round2(x.pos - t[i].pos));
		expect(new Set(gaps).size).toBe(1);
	});
	test('log over 2 decades uses 1-2-5 steps', () => {
		const t = axisTicks(makeScale('log', [1, 100], [0, 500]), 6);
		expect(t.map((x) => x.value)).toEqual([1, 2, 5, 10, 20, 50, 100]);
	});
	test('log domain is niced to whole decades', () => {
		const s = makeScale('log', [3, 420], [0, 100]);
		expect(s.scale.domain()).toEqual([1, 1000]);
	});
	test('linear ticks are round numbers inside the domain', () => {
		const t = axisTicks(makeScale('linear', [0, 97], [0, 300]), 5);
		expect(t.map((x) => x.value)).toEqual([0, 20, 40, 60, 80, 100]);
		expect(t[0].pos).toBe(0);
		expect(t[t.length - 1].pos).toBe(300);
	});
	test('explicit values replace D3 ticks, filtered to the domain, sorted, unique', () => {
		const t = axisTicks(makeScale('log', [1, 100], [0, 100]), 5, [64, 1, 2, 4, 4, 1000, 0]);
		expect(t.map((x) => x.value)).toEqual([1, 2, 4, 64]);
	});
});

test.each([
	[interpolateViridis(0), '#ffffff'],
	[interpolateViridis(0.3), '#ffffff'],
	[interpolateViridis(0.9), '#000000'],
	[interpolateViridis(1), '#000000'],
	['#ffffff', '#000000'],
	['#000000', '#ffffff']
])('text on %s is %s', (bg, want) => expect(textColorOn(bg)).toBe(want));
