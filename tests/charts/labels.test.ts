/** The one formatter: every kind of number people read, as the page, the tables and the CLI's charts print it. */
import { describe, expect, test } from 'vitest';
import {
	formatBytes,
	formatCompact,
	formatCount,
	formatDuration,
	formatDurationMs,
	formatPercent,
	formatSig,
	formatValue,
	plural,
	sizeLabel
} from '../../src/lib/charts/labels';
import { fmtBytes, fmtInt, fmtPct, fmtSeconds, fmtSig } from '../../src/lib/state/format';

const BAD = [null, undefined, NaN, Infinity, -Infinity];

describe('formatter table', () => {
	test.each([
		[0, '0'],
		[850, '850'],
		[999, '999'],
		[1000, '1K'],
		[1250, '1.25K'],
		[1500, '1.5K'],
		[12345, '12.3K'],
		[100000, '100K'],
		[999_999, '1M'],
		[1_000_000, '1M'],
		[2.5e9, '2.5B'],
		[0.25, '0.25'],
		[0.0001234, '1.23e-4'],
		[-42.42, '-42.4']
	])('compact %s → %s', (v, want) => expect(formatCompact(v)).toBe(want));

	test.each([
		[1250, '1.25K'],
		[1000, '1K'],
		[1_000_000, '1M'],
		[100_000, '100K']
	])('sizeLabel(%s) = %s (page and CLI alike)', (v, want) => expect(sizeLabel(v)).toBe(want));

	test.each([
		[19366, '19,366'],
		[1_000_000, '1,000,000'],
		[12.6, '13'],
		[0, '0']
	])('count %s → %s', (v, want) => expect(formatCount(v)).toBe(want));

	test.each([
		[0, '0 s'],
		[0.00042, '0.42 ms'],
		[0.85, '850 ms'],
		[12.34, '12.3 s'],
		[119, '119 s'],
		[246, '4.1 min'],
		[7200, '2 h'],
		[207_360, '2.4 days'],
		[968_000, '11 days']
	])('duration %s s → %s', (v, want) => expect(formatDuration(v)).toBe(want));

	test.each([
		[42.1, '42.1 ms'],
		[1500, '1.5 s']
	])('duration %s ms → %s (same format)', (v, want) => expect(formatDurationMs(v)).toBe(want));

	test.each([
		[0.042, '4.2%'],
		[1, '100.0%'],
		[0, '0.0%']
	])('percent %s → %s', (v, want) => expect(formatPercent(v)).toBe(want));

	test.each([
		[0.0123456, '0.0123'],
		[12.345, '12.3'],
		[19366.4, '19,366']
	])('sig %s → %s', (v, want) => expect(formatSig(v)).toBe(want));

	test.each([
		[512, '512 B'],
		[3.2 * 2 ** 30, '3.20 GiB'],
		[80 * 2 ** 30, '80.0 GiB']
	])('bytes %s → %s', (v, want) => expect(formatBytes(v)).toBe(want));

	test('every formatter says n/a for missing and non-finite values, never NaN or Infinity', () => {
		for (const v of BAD)
			for (const f of [formatCompact, formatCount, formatDuration, formatDurationMs, formatPercent, formatSig, formatBytes]) expect(f(v)).toBe('n/a');
	});

	test('formatValue dispatches by kind', () => {
		expect(formatValue('duration', 207_360)).toBe('2.4 days');
		expect(formatValue('count', 19366)).toBe('19,366');
		expect(formatValue('percent', 0.5)).toBe('50.0%');
		expect(formatValue('number', 968_000)).toBe('968K');
		expect(formatValue('bytes', 1024)).toBe('1.00 KiB');
	});

	test('plural', () => {
		expect(plural(1, 'GPU')).toBe('1 GPU');
		expect(plural(4, 'GPU')).toBe('4 GPUs');
	});
});

describe("the page's short names are the same functions", () => {
	test.each([
		[fmtInt, formatCount],
		[fmtSeconds, formatDuration],
		[fmtPct, formatPercent],
		[fmtSig, formatSig],
		[fmtBytes, formatBytes]
	])('%o', (a, b) => expect(a).toBe(b));
});
