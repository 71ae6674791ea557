/** Format detection from the header: table tests. */
import { describe, expect, it } from 'vitest';
import { gzipSync } from 'fflate';
import { detectCsvLayout, MAX_OFFERED_COLUMNS, normalizeColumn, type ColumnMapping } from '../../src/lib/trace/formats';
import { parseTraceBytes } from '../../src/lib/trace/parse';

describe('detectCsvLayout', () => {
	it.each<[string, string[], string, [number, number, number]?]>([
		// name, header, format or error code, [arrival, prompt, output] positions
		['BurstGPT v1', ['Timestamp', 'Model', 'Request tokens', 'Response tokens', 'Total tokens', 'Log Type'], 'burstgpt-v1', [0, 2, 3]],
		['BurstGPT v2', ['Timestamp', 'Session ID', 'Elapsed time', 'Model', 'Request tokens', 'Response tokens', 'Total tokens', 'Log Type'], 'burstgpt-v2', [0, 4, 5]],
		['Azure 2023', ['TIMESTAMP', 'ContextTokens', 'GeneratedTokens'], 'azure-2023', [0, 1, 2]],
		['reordered, lower case, padded, extra', ['extra', ' response tokens ', 'REQUEST TOKENS', 'timestamp'], 'burstgpt-v1', [3, 2, 1]],
		['BOM and quotes', ['\uFEFF"Timestamp"', 'Request  tokens', 'Response tokens'], 'burstgpt-v1', [0, 1, 2]],
		['missing response', ['Timestamp', 'Model', 'Request tokens', 'Log Type'], 'missing-columns'],
		['Azure without GeneratedTokens', ['TIMESTAMP', 'ContextTokens'], 'missing-columns'],
		['unknown', ['a', 'b'], 'unknown-header'],
		['empty', [''], 'empty-header']
	])('%s', (_, header, expected, positions) => {
		const r = detectCsvLayout(header);
		if (r.ok) {
			expect(r.layout.format).toBe(expected);
			expect([r.layout.arrival, r.layout.prompt, r.layout.output]).toEqual(positions);
		} else {
			expect(r.error.code).toBe(expected);
			expect(r.error.message).toMatch(/found|empty/i);
		}
	});

	it('a mapping wins over detection and keeps the unit', () => {
		const r = detectCsvLayout(['Timestamp', 'Request tokens', 'Response tokens', 'x'], { arrival: 'x', prompt: 'Request tokens', output: 'Response tokens', arrivalUnit: 'ms' });
		expect(r.ok && r.layout).toMatchObject({ format: 'mapped-csv', arrival: 3, arrivalUnit: 'ms' });
	});

	it('normalizeColumn', () => {
		expect(normalizeColumn('\uFEFF "Log  Type" ')).toBe('log type');
	});
});

describe('missing-column messages', () => {
	it('name the format it looks like, the columns found and the ones expected', () => {
		const r = detectCsvLayout(['TIMESTAMP', 'ContextTokens']);
		expect(r.ok).toBe(false);
		if (!r.ok) {
			expect(r.error.message).toContain('looks like Azure LLM inference 2023');
			expect(r.error.message).toContain('lacks column(s) "GeneratedTokens"');
			expect(r.error.message).toContain('Columns found: "TIMESTAMP", "ContextTokens"');
			expect(r.error.field).toBe('GeneratedTokens');
		}
	});
});

describe('UserError.columns: the header offered for a column mapping', () => {
	it.each<[string, string[], ColumnMapping | undefined, string | undefined]>([
		// name, header, mapping, error code (undefined: the header is recognised)
		['unknown header', ['time_s', 'input', 'output', 'user'], undefined, 'unknown-header'],
		['looks like BurstGPT, lacks a column', ['Timestamp', 'Model', 'Request tokens', 'Log Type'], undefined, 'missing-columns'],
		['a mapping naming a missing column', ['a', 'b', 'c'], { arrival: 'a', prompt: 'b', output: 'zzz' }, 'missing-columns'],
		['a mapping naming a missing model column', ['a', 'b', 'c'], { arrival: 'a', prompt: 'b', output: 'c', model: 'm' }, 'missing-columns'],
		['recognised', ['Timestamp', 'Model', 'Request tokens', 'Response tokens', 'Total tokens', 'Log Type'], undefined, undefined]
	])('%s', (_, header, mapping, code) => {
		const r = detectCsvLayout(header, mapping);
		if (code === undefined) {
			expect(r.ok).toBe(true);
			return;
		}
		expect(r.ok).toBe(false);
		if (!r.ok) {
			expect(r.error.code).toBe(code);
			expect(r.error.columns).toEqual(header);
		}
	});

	it('an empty header offers nothing', () => {
		const r = detectCsvLayout(['']);
		expect(!r.ok && r.error.columns).toBeUndefined();
	});

	it('BOM, padding and blank names are removed; the list is bounded', () => {
		const r = detectCsvLayout(['\uFEFFtime', ' in ', '', 'out']);
		expect(!r.ok && r.error.columns).toEqual(['time', 'in', 'out']);
		const wide = Array.from({ length: MAX_OFFERED_COLUMNS + 50 }, (_, i) => `c${i}`);
		const w = detectCsvLayout(wide);
		expect(!w.ok && w.error.columns?.length).toBe(MAX_OFFERED_COLUMNS);
	});

	it('through the parser: a BOM, CRLF and quoted header names come back as plain names, gzip too', () => {
		const text = '\uFEFF"time, s","in tokens",out\r\n1,2,3\r\n';
		for (const bytes of [new TextEncoder().encode(text), gzipSync(new TextEncoder().encode(text))]) {
			const o = parseTraceBytes(bytes, { name: 'x.csv' });
			expect(!o.ok && o.error.columns).toEqual(['time, s', 'in tokens', 'out']);
		}
		const m = parseTraceBytes(new TextEncoder().encode(text), { name: 'x.csv', mapping: { arrival: 'time, s', prompt: 'in tokens', output: 'out' } });
		expect(m.ok && m.trace.format).toBe('mapped-csv');
	});

	it('a Mooncake record missing keys offers no columns (a mapping is for CSV)', () => {
		const o = parseTraceBytes(new TextEncoder().encode('{"timestamp": 1, "input_length": 2}\n'), { name: 'x.jsonl' });
		expect(!o.ok && o.error.code).toBe('missing-columns');
		expect(!o.ok && o.error.columns).toBeUndefined();
	});
});
