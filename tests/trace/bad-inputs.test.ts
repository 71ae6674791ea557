/**
 * Issue 7's bad-input corpus: every file in tests/fixtures/bad maps to the error or warning it must
 * produce. Huge and binary inputs are generated here rather than committed.
 */
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { ColumnMapping } from '../../src/lib/trace/formats';
import { MAX_LINE_BYTES } from '../../src/lib/trace/parse';
import type { ParseOutcome } from '../../src/lib/trace/types';
import { bytesOf, FIXTURES, parse, utf8 } from './helpers';

type Ok = Extract<ParseOutcome, { ok: true }>;
interface Case {
	/** Error code and message substring, when the file must be refused. */
	error?: { code: string; message: string; line?: number };
	/** A skip reason (substring) and the file line it must quote. */
	skip?: { reason: string; line: number };
	/** A warning substring. */
	warning?: string;
	rowsKept?: number;
	check?: (o: Ok) => void;
	mapping?: ColumnMapping;
}

const H = 'Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type';

const CASES: Record<string, Case> = {
	'01-empty.csv': { error: { code: 'empty-file', message: 'is empty' } },
	'02-header-only.csv': { error: { code: 'no-rows', message: 'has a header but no data rows' } },
	'03-unknown-header.csv': { error: { code: 'unknown-header', message: 'Columns found: "foo", "bar", "baz"', line: 1 } },
	'04-missing-token-column.csv': { error: { code: 'missing-columns', message: 'looks like BurstGPT v1.x but lacks column(s) "Response tokens"' } },
	'05-extra-reordered-columns.csv': {
		rowsKept: 2,
		check: (o) => {
			expect(Array.from(o.trace.promptTokens)).toEqual([472, 1087]);
			expect(Array.from(o.trace.outputTokens)).toEqual([18, 230]);
			expect(Array.from(o.trace.arrivalS)).toEqual([0, 40]);
			expect(o.trace.modelNames[o.trace.modelCode[1]]).toBe('GPT-4');
		}
	},
	'06-non-numeric-tokens.csv': { skip: { reason: 'non-numeric Request tokens', line: 3 }, rowsKept: 2 },
	'07-negative-tokens.csv': { skip: { reason: 'negative Response tokens', line: 3 }, rowsKept: 1 },
	'08-fractional-tokens.csv': {
		warning: 'fractional token counts (first at line 2)',
		check: (o) => {
			expect(Array.from(o.trace.promptTokens)).toEqual([472, 100]);
			expect(Array.from(o.trace.outputTokens)).toEqual([18, 18]);
		}
	},
	'09-nan-tokens.csv': { skip: { reason: 'Request tokens is NaN', line: 2 }, rowsKept: 1 },
	'10-infinity-tokens.csv': { skip: { reason: 'Response tokens is infinite', line: 2 }, rowsKept: 1 },
	'11-tokens-1e308.csv': { skip: { reason: 'Request tokens out of range', line: 2 }, rowsKept: 1 },
	'12-tokens-beyond-context.csv': { warning: "beyond any catalog model's context", rowsKept: 2 },
	'13-datetime-timestamps.csv': {
		warning: 'holds date-times, not seconds',
		check: (o) => expect(Array.from(o.trace.arrivalS)).toEqual([0, 1.5])
	},
	'14-float-timestamps.csv': { check: (o) => expect(Array.from(o.trace.arrivalS)).toEqual([0, 0.5, 2.25]) },
	'15-decreasing-timestamps.csv': {
		warning: 'Timestamps go backwards 1 time(s) (first at line 3)',
		check: (o) => {
			expect(Array.from(o.trace.arrivalS)).toEqual([0, 0, 5, 15]);
			// Stable: the two rows at t = 5 keep file order (prompt 2 before 3).
			expect(Array.from(o.trace.promptTokens)).toEqual([2, 3, 1, 4]);
		}
	},
	'16-equal-timestamps.csv': { warning: 'All 3 timestamps are equal' },
	'17-far-future.csv': { warning: 'line 3 lies after the year 2100' },
	'18-gap-of-years.csv': { warning: 'gap(s) longer than 30 days', check: (o) => expect(o.report.warnings.join(' ')).toContain('before line 4') },
	'19-mixed-line-endings.csv': { rowsKept: 4, check: (o) => expect(Array.from(o.trace.promptTokens)).toEqual([1, 2, 3, 4]) },
	'20-utf16le-bom.csv': { rowsKept: 2, check: (o) => expect(o.report.format).toBe('burstgpt-v1') },
	'21-utf8-bom.csv': { rowsKept: 1, check: (o) => expect(o.report.format).toBe('burstgpt-v1') },
	'22-quotes-embedded-commas.csv': {
		skip: { reason: 'non-numeric Request tokens', line: 5 },
		rowsKept: 3,
		check: (o) => {
			expect(o.trace.modelNames).toContain('Chat, GPT');
			expect(o.trace.modelNames).toContain('say "hi"');
			expect(o.trace.logTypeNames).toContain('multi\nline log');
			expect(o.report.rowsRead).toBe(4);
		}
	},
	'23-truncated.csv.gz': { error: { code: 'truncated-gzip', message: 'ends early' } },
	'24-jsonl-line-not-json.jsonl': { skip: { reason: 'not valid JSON', line: 2 }, rowsKept: 2, check: (o) => expect(o.report.format).toBe('mooncake-jsonl') },
	'25-jsonl-first-line-broken.jsonl': { error: { code: 'bad-json', message: 'Line 1 starts like JSON but is not valid JSON' } },
	'26-jsonl-missing-key.jsonl': { error: { code: 'missing-columns', message: 'without key(s) "output_length"' } },
	'27-all-rows-bad.csv': { error: { code: 'no-usable-rows', message: 'None of the 2 rows', line: 2 } },
	'28-too-few-columns.csv': { skip: { reason: 'too few columns', line: 2 }, rowsKept: 1 },
	'29-unterminated-quote.csv': { skip: { reason: 'unterminated quoted field', line: 3 }, rowsKept: 1 },
	'30-blank-lines.csv': { rowsKept: 2, check: (o) => expect(o.report.rowsRead).toBe(2) },
	'31-whitespace-only.csv': { error: { code: 'empty-file', message: 'only blank lines' } },
	'32-tab-separated.csv': { error: { code: 'unknown-header', message: 'Unrecognised header' } },
	'33-html-in-fields.csv': {
		rowsKept: 1,
		check: (o) => {
			// Stored verbatim as data; rendering as text is the UI's job.
			expect(o.trace.modelNames[0]).toBe('<script>alert(1)</script>');
			expect(o.trace.logTypeNames[0]).toBe('<img src=x onerror=alert(1)>');
		}
	},
	'34-empty-timestamp.csv': { skip: { reason: 'empty Timestamp', line: 2 }, rowsKept: 1 },
	'35-plain-needs-mapping.csv': { error: { code: 'unknown-header', message: '"time_ms", "in_tokens", "out_tokens"' } }
};

function check(name: string, outcome: ParseOutcome, c: Case): void {
	if (c.error) {
		expect(outcome.ok, `${name} must be refused`).toBe(false);
		if (outcome.ok) return;
		expect(outcome.error.code).toBe(c.error.code);
		expect(outcome.error.message).toContain(c.error.message);
		if (c.error.line !== undefined) expect(outcome.error.line).toBe(c.error.line);
		return;
	}
	expect(outcome.ok, `${name}: ${outcome.ok ? '' : outcome.error.message}`).toBe(true);
	if (!outcome.ok) return;
	if (c.skip) {
		const reasons = Object.keys(outcome.report.skipped);
		expect(reasons.some((r) => r.includes(c.skip!.reason)), `reasons ${reasons.join(' | ')}`).toBe(true);
		const bad = outcome.report.badLines.find((b) => b.reason.includes(c.skip!.reason));
		expect(bad?.line).toBe(c.skip.line);
	}
	if (c.warning) expect(outcome.report.warnings.join('\n')).toContain(c.warning);
	if (c.rowsKept !== undefined) expect(outcome.report.rowsKept).toBe(c.rowsKept);
	// Never a silently wrong number: every kept row is finite and sorted.
	const t = outcome.trace.arrivalS;
	for (let i = 0; i < t.length; i++) {
		expect(Number.isFinite(t[i])).toBe(true);
		if (i > 0) expect(t[i]).toBeGreaterThanOrEqual(t[i - 1]);
	}
	expect(outcome.report.rowsKept + Object.values(outcome.report.skipped).reduce((a, b) => a + b, 0)).toBe(outcome.report.rowsRead);
	c.check?.(outcome);
}

describe('bad-input corpus (tests/fixtures/bad)', () => {
	const dir = resolve(FIXTURES, 'bad');
	const files = readdirSync(dir).sort();

	it('has at least 25 files, each with an expectation', () => {
		expect(files.length).toBeGreaterThanOrEqual(25);
		expect(files.filter((f) => !(f in CASES))).toEqual([]);
		expect(Object.keys(CASES).filter((f) => !files.includes(f))).toEqual([]);
	});

	for (const file of files) {
		it(file, () => check(file, parse(bytesOf(resolve(dir, file)), { name: file, mapping: CASES[file]?.mapping }), CASES[file]));
	}
});

describe('generated bad inputs', () => {
	it('a 1,000,000-column data line is skipped as too long, and the rows around it parse', () => {
		const wide = new Array(1_000_000).fill('1').join(',');
		const o = parse(`${H}\n5,ChatGPT,1,1,2,API log\n${wide}\n6,ChatGPT,2,2,4,API log\n`);
		check('1M columns', o, { skip: { reason: 'line longer than', line: 3 }, rowsKept: 2 });
	});

	it('a 1,000,000-column header is refused', () => {
		const wide = new Array(1_000_000).fill('col').join(',');
		check('1M header', parse(`${wide}\n1,2,3\n`), { error: { code: 'line-too-long', message: 'the header' } });
	});

	it('a wide line under the length limit (200,000 columns) is read for its first columns', () => {
		const extra = new Array(200_000).fill('9').join(',');
		const o = parse(`${H},more\n5,ChatGPT,1,1,2,API log,${extra}\n`);
		check('wide', o, { rowsKept: 1 });
	});

	it('one 10 MB row is skipped without hanging, streamed in small chunks', () => {
		const big = 'x'.repeat(10 * 1024 * 1024);
		const o = parse(`${H}\n5,ChatGPT,1,1,2,API log\n6,${big},1,1,2,API log\n7,ChatGPT,3,3,6,API log`);
		check('10 MB row', o, { skip: { reason: `line longer than`, line: 3 }, rowsKept: 2 });
		if (o.ok) expect(o.report.badLines[0].text.length).toBeLessThan(400);
		expect(MAX_LINE_BYTES).toBeLessThan(10 * 1024 * 1024);
	});

	it('an unclosed quote followed by 200,000 lines finishes quickly and is reported', () => {
		const rows = Array.from({ length: 200_000 }, (_, i) => `${i},ChatGPT,1,1,2,API log`);
		const o = parse(`${H}\n5,"ChatGPT,1,1,2,API log\n${rows.join('\n')}\n`);
		expect(o.ok).toBe(true);
		if (o.ok) {
			expect(o.report.skipped['unterminated quoted field']).toBe(1);
			expect(o.report.badLines[0].line).toBe(2);
			// Rows past the 1 MiB cap are read again rather than silently swallowed.
			expect(o.report.rowsKept).toBeGreaterThan(100_000);
		}
	});

	it('a binary file renamed .csv is refused', () => {
		const bytes = new Uint8Array(4096);
		for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) % 256;
		check('binary', parse(bytes, { name: 'image.csv' }), { error: { code: 'binary-file', message: 'not a text trace' } });
	});

	it('a PNG renamed .csv is refused (NUL bytes)', () => {
		const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
		check('png', parse(png), { error: { code: 'binary-file', message: 'NUL bytes' } });
	});

	it('invalid UTF-8 (Latin-1 bytes) is refused as not text', () => {
		const bytes = utf8(`${H}\n5,ChatGPT,1,1,2,API log\n`);
		const latin = new Uint8Array([...bytes.slice(0, 20), 0xe9, 0xff, 0xfe, ...bytes.slice(20)]);
		check('latin1', parse(latin), { error: { code: 'binary-file', message: 'not valid UTF-8' } });
	});

	it('UTF-16 without a BOM is refused with a hint', () => {
		const s = `${H}\n5,ChatGPT,1,1,2,API log\n`;
		const b = new Uint8Array(s.length * 2);
		for (let i = 0; i < s.length; i++) b[2 * i] = s.charCodeAt(i);
		check('utf16 no bom', parse(b), { error: { code: 'binary-file', message: 'UTF-16 without a byte-order mark' } });
	});

	it('UTF-16 big-endian with BOM parses', () => {
		const s = `\uFEFF${H}\n5,ChatGPT,1,1,2,API log\n`;
		const b = new Uint8Array(s.length * 2);
		for (let i = 0; i < s.length; i++) {
			b[2 * i] = s.charCodeAt(i) >> 8;
			b[2 * i + 1] = s.charCodeAt(i) & 0xff;
		}
		check('utf16be', parse(b), { rowsKept: 1 });
	});

	it('a ZIP archive is refused with what to do', () => {
		const zip = zipSync({ 'trace.csv': utf8(`${H}\n5,ChatGPT,1,1,2,API log\n`) });
		check('zip', parse(zip, { name: 'trace.zip' }), { error: { code: 'zip-archive', message: 'Extract the CSV' } });
	});

	it('gzip that is not gzip past its magic bytes is refused', () => {
		const gz = gzipSync(utf8(`${H}\n5,ChatGPT,1,1,2,API log\n`));
		const broken = gz.slice();
		broken.fill(0xff, 10, gz.length);
		const o = parse(broken);
		expect(o.ok).toBe(false);
		if (!o.ok) expect(['bad-gzip', 'truncated-gzip']).toContain(o.error.code);
	});

	it('a mapping that names missing columns says which', () => {
		const o = parse('a,b,c\n1,2,3\n', { mapping: { arrival: 'a', prompt: 'b', output: 'zzz' } });
		check('mapping', o, { error: { code: 'missing-columns', message: 'output = "zzz"' } });
	});

	it('more than 255 distinct model names fold into "other" with a warning', () => {
		const rows = Array.from({ length: 300 }, (_, i) => `${i},model-${i},1,1,2,API log`);
		const o = parse(`${H}\n${rows.join('\n')}\n`);
		check('names', o, { rowsKept: 300, warning: 'counted as "other"' });
		if (o.ok) {
			expect(o.trace.modelNames.length).toBeLessThanOrEqual(255);
			expect(o.trace.modelNames[o.trace.modelCode[299]]).toBe('other');
		}
	});
});
