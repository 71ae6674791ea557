/**
 * Each parser stage alone: fed by hand, its output collected, so a stage's rule is tested without
 * the stages around it (the whole chain is tested in parse.test.ts).
 */
import { gzipSync } from 'fflate';
import { gzipSync as zlibGzip } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CLI_LIMIT_ADVICE, traceLimitsFor, type TraceLimits } from '../../src/lib/trace/limits';
import type { ParseContext } from '../../src/lib/trace/stages/context';
import { createCsvRecords } from '../../src/lib/trace/stages/csv-records';
import { createDecodeStage } from '../../src/lib/trace/stages/decode';
import { createGunzipStage } from '../../src/lib/trace/stages/gunzip';
import { jsonlRecord } from '../../src/lib/trace/stages/jsonl-records';
import { createLineStage, MAX_LINE_BYTES } from '../../src/lib/trace/stages/lines';
import { createRecordsStage } from '../../src/lib/trace/stages/records';
import { buildOutcome, createRowReport } from '../../src/lib/trace/stages/report';
import { createValueReader } from '../../src/lib/trace/stages/values';
import { detectCsvLayout } from '../../src/lib/trace/formats';
import { createNameTable } from '../../src/lib/trace/names';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

function context(limits: Partial<TraceLimits> = {}): ParseContext {
	return { name: 't.csv', error: undefined, lineNo: 0, limits: { ...traceLimitsFor(2 ** 32), ...limits }, advice: CLI_LIMIT_ADVICE };
}

/** Runs a byte stage over chunks and gathers what it emits. */
function collect(make: (ctx: ParseContext, out: (d: Uint8Array, final: boolean) => void) => { push(d: Uint8Array, final: boolean): void }, chunks: Uint8Array[], ctx = context()) {
	const parts: Uint8Array[] = [];
	let finals = 0;
	const st = make(ctx, (d, final) => {
		parts.push(d.slice());
		if (final) finals++;
	});
	for (const c of chunks) st.push(c, false);
	st.push(new Uint8Array(0), true);
	const all = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
	let o = 0;
	for (const p of parts) {
		all.set(p, o);
		o += p.length;
	}
	return { bytes: all, finals, ctx };
}

describe('gunzip stage', () => {
	it('passes plain bytes through, however chunked', () => {
		const r = collect(createGunzipStage, [enc('a'), enc('bc,1\n'), enc('2')]);
		expect(dec(r.bytes)).toBe('abc,1\n2');
		expect(r.finals).toBe(1);
	});

	it('inflates gzip split at any byte, including inside the magic number', () => {
		const gz = gzipSync(enc('x,y\n'.repeat(1000)));
		const r = collect(createGunzipStage, [gz.subarray(0, 1), gz.subarray(1, 7), gz.subarray(7)]);
		expect(dec(r.bytes)).toBe('x,y\n'.repeat(1000));
		expect(r.ctx.error).toBeUndefined();
	});

	it('refuses a file that inflates past the ratio limit, naming the limit and the flag, before inflating it all', () => {
		const text = enc('1,2,3\n'.repeat(3 * 2 ** 20)); // 18 MiB of one repeated row
		const gz = new Uint8Array(zlibGzip(text)); // native zlib: fflate's JS deflate of 30 MiB takes seconds
		const r = collect(createGunzipStage, [gz], context({ maxInflateRatio: 50 }));
		expect(r.ctx.error?.code).toBe('inflate-ratio');
		expect(r.ctx.error?.message).toMatch(/50×/);
		expect(r.ctx.error?.message).toMatch(/--max-inflate-ratio/);
		expect(r.bytes.length).toBeLessThan(text.length);
	});

	it('reports a truncated gzip with where it stopped', () => {
		const gz = gzipSync(enc('a,b\n'.repeat(50000)));
		const r = collect(createGunzipStage, [gz.subarray(0, gz.length - 100)]);
		expect(r.ctx.error?.code).toBe('truncated-gzip');
	});
});

describe('decode stage', () => {
	const run = (chunks: Uint8Array[], ctx = context()) => {
		const out: Uint8Array[] = [];
		const st = createDecodeStage(ctx, (d) => out.push(d.slice()));
		for (const c of chunks) st.push(c, false);
		st.push(new Uint8Array(0), true);
		return { text: out.map(dec).join(''), ctx, bom: st.sawBom };
	};

	it('drops a UTF-8 byte-order mark and says it saw one', () => {
		const r = run([new Uint8Array([0xef, 0xbb]), new Uint8Array([0xbf, 0x61, 0x62])]);
		expect(r.text).toBe('ab');
		expect(r.bom).toBe(true);
	});

	it('re-encodes UTF-16 LE as UTF-8', () => {
		const utf16 = new Uint8Array([0xff, 0xfe, 0x61, 0, 0x2c, 0, 0x31, 0]);
		expect(run([utf16]).text).toBe('a,1');
	});

	it('refuses NUL bytes and ZIP archives', () => {
		expect(run([new Uint8Array([0x61, 0, 0x62, 0x63])]).ctx.error?.code).toBe('binary-file');
		expect(run([new Uint8Array([0x50, 0x4b, 3, 4, 1])]).ctx.error?.code).toBe('zip-archive');
	});

	it('stops at the text-size limit with a message naming it', () => {
		const r = run([enc('a'.repeat(1000)), enc('b'.repeat(1000))], context({ maxTextBytes: 1500 }));
		expect(r.ctx.error?.code).toBe('text-too-large');
		expect(r.ctx.error?.message).toMatch(/--max-text-gb/);
		expect(r.text.length).toBe(1000);
	});
});

describe('line stage', () => {
	const run = (chunks: string[] | Uint8Array[]) => {
		const ctx = context();
		const lines: string[] = [];
		const long: number[] = [];
		const st = createLineStage(ctx, {
			line: (b, s, e) => lines.push(`${ctx.lineNo}:${dec(b.subarray(s, e))}`),
			overlong: (bytes) => long.push(bytes)
		});
		for (const c of chunks) st.push(typeof c === 'string' ? enc(c) : c);
		st.end();
		return { lines, long };
	};

	it('splits LF, CRLF and lone CR, even when CR and LF fall in different chunks', () => {
		expect(run(['a\r', '\nb\rc\n', 'd']).lines).toEqual(['1:a', '2:b', '3:c', '4:d']);
	});

	it('joins a line cut by a chunk boundary', () => {
		expect(run(['ab', 'cd', 'ef\ngh']).lines).toEqual(['1:abcdef', '2:gh']);
	});

	it('counts an overlong line without handing it on, and keeps numbering', () => {
		const big = new Uint8Array(MAX_LINE_BYTES + 10).fill(0x61);
		const r = run([enc('x\n'), big, enc('\ny\n')]);
		expect(r.long).toEqual([MAX_LINE_BYTES + 10]);
		expect(r.lines).toEqual(['1:x', '3:y']);
	});
});

describe('records stages', () => {
	it('a CSV body reads unquoted rows in place and quoted ones through Papaparse, in file order', () => {
		const ctx = context();
		const report = createRowReport(ctx);
		const det = detectCsvLayout(['arrival', 'in', 'out'], { arrival: 'arrival', prompt: 'in', output: 'out' });
		if (!det.ok) throw new Error(det.error.message);
		const values = createValueReader(report, { arrival: 'arrival', prompt: 'in', output: 'out', numericFactor: 1, mode: 'unknown', expectsNumbers: true });
		const csv = createCsvRecords(det.layout, report, values, createNameTable(), createNameTable());
		const lines = ['1,10,20', '"2",11,21', '3,-1,5', '4,12,22'];
		lines.forEach((l, i) => csv.line(enc(l), 0, l.length, i + 2));
		csv.end();
		expect(Array.from(report.cols.arrivalS.subarray(0, report.cols.length))).toEqual([1, 2, 4]);
		expect(report.skipped).toEqual({ 'negative in': 1 });
		expect(report.badLines[0].line).toBe(4);
	});

	it('a JSONL record reads Mooncake milliseconds', () => {
		const report = createRowReport(context());
		const values = createValueReader(report, { arrival: 'timestamp', prompt: 'input_length', output: 'output_length', numericFactor: 1e-3, mode: 'unknown', expectsNumbers: true });
		jsonlRecord('{"timestamp": 1500, "input_length": 3, "output_length": 4}', 1, report, values);
		jsonlRecord('{"timestamp": 1}', 2, report, values);
		expect(report.cols.arrivalS[0]).toBe(1.5);
		expect(report.skipped).toEqual({ 'missing "input_length"': 1 });
	});

	it('the records stage detects the format from the first non-blank line', () => {
		const ctx = context();
		const report = createRowReport(ctx);
		const rec = createRecordsStage(ctx, report, undefined);
		for (const l of ['', 'Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type', '5,ChatGPT,10,20,30,Conversation log']) {
			ctx.lineNo++;
			rec.line(enc(l), 0, l.length);
		}
		rec.end();
		expect(rec.summary().format).toBe('burstgpt-v1');
		expect(report.rowsRead).toBe(1);
		expect(report.cols.length).toBe(1);
	});
});

describe('report stage', () => {
	it('refuses the row past maxRequests with a message naming the limit and how to raise it', () => {
		const ctx = context({ maxRequests: 3 });
		const report = createRowReport(ctx);
		for (let i = 0; i < 5; i++) report.commit(i, 1, 1, 0, 0, i + 2);
		expect(report.cols.length).toBe(3);
		expect(ctx.error?.code).toBe('too-many-requests');
		expect(ctx.error?.message).toMatch(/more than 3 requests/);
		expect(ctx.error?.message).toMatch(/--max-requests/);
	});

	it('builds a rebased, sorted trace with its warnings', () => {
		const ctx = context();
		const report = createRowReport(ctx);
		report.rowsRead = 3;
		report.commit(10, 1, 0, 0, 0, 2);
		report.commit(12, 1, 2, 0, 0, 3);
		report.commit(11, 1, 2, 0, 0, 4);
		const o = buildOutcome(ctx, report, { kind: 'csv', format: 'mapped-csv', arrivalName: 't', datetimeInNumericFormat: false, models: createNameTable(), logTypes: createNameTable() }, 30, false);
		if (!o.ok) throw new Error(o.error.message);
		expect(Array.from(o.trace.arrivalS)).toEqual([0, 1, 2]);
		expect(o.report.failedRows).toBe(1);
		expect(o.report.warnings[0]).toMatch(/backwards 1 time/);
	});
});
