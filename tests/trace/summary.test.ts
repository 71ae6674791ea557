/** summarizeTrace: numpy-linear quantiles, counts, histograms, no NaN. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { summarizeTrace, tokenHistogram, tokenStats } from '../../src/lib/trace/summary';
import type { ParseReport, Trace } from '../../src/lib/trace/types';
import { parse } from './helpers';

describe('tokenStats / tokenHistogram', () => {
	it('five numbers', () => {
		expect(tokenStats(Uint32Array.from([4, 1, 3, 2]))).toEqual({ p25: 1.75, p50: 2.5, p75: 3.25, mean: 2.5, max: 4 });
		expect(tokenStats(new Uint32Array(0))).toBeNull();
	});
	it('log-spaced bins with a zero bin; counts add up', () => {
		const h = tokenHistogram(Uint32Array.from([0, 1, 2, 3, 4, 1000]));
		expect(h.edges.slice(0, 5)).toEqual([0, 1, 2, 4, 8]);
		expect(h.counts.slice(0, 4)).toEqual([1, 1, 2, 1]);
		expect(h.counts.reduce((a, b) => a + b, 0)).toBe(6);
		expect(h.edges[h.edges.length - 1]).toBeGreaterThan(1000);
		expect(h.counts.length).toBe(h.edges.length - 1);
	});
});

describe('summarizeTrace', () => {
	it('summarises a parsed file', () => {
		const o = parse('Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type\n5,ChatGPT,472,18,490,Conversation log\n45,ChatGPT,1087,230,1317,Conversation log\n118,GPT-4,417,276,693,API log\n130,ChatGPT,96,0,96,API log\n');
		expect(o.ok).toBe(true);
		if (!o.ok) return;
		const s = summarizeTrace(o.trace, o.report);
		expect(s.format).toBe('burstgpt-v1');
		expect(s.timeSpanS).toBe(125);
		expect(s.failedRows).toBe(1);
		expect(s.models).toEqual({ ChatGPT: 3, 'GPT-4': 1 });
		expect(s.logTypes).toEqual({ 'Conversation log': 2, 'API log': 2 });
		expect(s.promptTokens).toEqual({ p25: 336.75, p50: 444.5, p75: 625.75, mean: 518, max: 1087 });
		expect(JSON.parse(JSON.stringify(s))).toEqual(s);
	});

	it('an empty trace gives nulls, never NaN', () => {
		const empty: Trace = {
			name: 'e',
			format: 'mapped-csv',
			synthetic: false,
			arrivalS: new Float64Array(0),
			promptTokens: new Uint32Array(0),
			outputTokens: new Uint32Array(0),
			modelCode: new Uint8Array(0),
			modelNames: ['unknown'],
			logTypeCode: new Uint8Array(0),
			logTypeNames: ['unknown']
		};
		const report: ParseReport = { format: 'mapped-csv', rowsRead: 0, rowsKept: 0, failedRows: 0, skipped: {}, badLines: [], warnings: [] };
		const s = summarizeTrace(empty, report);
		expect(s.timeSpanS).toBeNull();
		expect(s.promptTokens).toBeNull();
		expect(s.models).toEqual({});
		expect(JSON.stringify(s)).not.toContain('NaN');
	});
});

describe('tokenStats from the count table agrees with the sorted column', () => {
	/** The definition: sort, R-7 quantiles, the sum in sorted order. */
	function sortedStats(values: Uint32Array) {
		const s = Float64Array.from(values).sort();
		const q = (p: number) => {
			const pos = (s.length - 1) * p;
			const i = Math.floor(pos);
			return i + 1 < s.length ? s[i] + (s[i + 1] - s[i]) * (pos - i) : s[i];
		};
		let sum = 0;
		for (let i = 0; i < s.length; i++) sum += s[i];
		return { p25: q(0.25), p50: q(0.5), p75: q(0.75), mean: sum / s.length, max: s[s.length - 1] };
	}

	it('small and large values, one row and many (property)', () => {
		fc.assert(
			fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 4294967295 })), { minLength: 1, maxLength: 300 }), (xs) => {
				const v = Uint32Array.from(xs);
				expect(tokenStats(v)).toEqual(sortedStats(v));
				const h = tokenHistogram(v);
				expect(h.counts.reduce((a, b) => a + b, 0)).toBe(v.length);
				for (const x of xs) expect(h.edges[h.counts.length]).toBeGreaterThan(x);
			}),
			{ numRuns: 300 }
		);
	});

	it('a column past the count table (values over 2^20) takes the sorted path', () => {
		const v = Uint32Array.from([5, 2 ** 21, 7, 0, 2 ** 32 - 1]);
		expect(tokenStats(v)).toEqual(sortedStats(v));
		expect(tokenHistogram(v).counts.reduce((a, b) => a + b, 0)).toBe(5);
	});
});
