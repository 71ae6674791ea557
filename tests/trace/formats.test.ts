/** Format detection from the header: table tests. */
import { describe, expect, it } from 'vitest';
import { detectCsvLayout, normalizeColumn } from '../../src/lib/trace/formats';

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
