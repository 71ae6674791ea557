/** Parsing the real public traces, the hand-made BurstGPT files, gzip, chunking and streams. */
import { resolve } from 'node:path';
import { gzipSync } from 'fflate';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTraceParser, parseTraceStream } from '../../src/lib/trace/parse';
import type { ParseOutcome } from '../../src/lib/trace/types';
import { fullDataFile, REAL_SAMPLES, skipReason } from '../helpers/real-data';
import { bytesOf, FIXTURES, parse, utf8 } from './helpers';

const AZURE_CODE = 'azure_llm_inference_2023/AzureLLMInferenceTrace_code.csv';
const AZURE_CONV = 'azure_llm_inference_2023/AzureLLMInferenceTrace_conv.csv';
const MOONCAKE = 'mooncake/conversation_trace.jsonl';

function ok(o: ParseOutcome): Extract<ParseOutcome, { ok: true }> {
	if (!o.ok) throw new Error(`expected a trace, got ${o.error.code}: ${o.error.message}`);
	return o;
}

function sum(a: Uint32Array): number {
	let s = 0;
	for (let i = 0; i < a.length; i++) s += a[i];
	return s;
}

/** An Azure 2023 file parses whole: every row kept, no warnings, the span and maxima the source states. */
function expectAzure(bytes: Uint8Array, name: string, rows: number, span: number, maxCtx: number, maxGen: number): Extract<ParseOutcome, { ok: true }> {
	const o = ok(parse(bytes, { name }));
	expect(o.report.format).toBe('azure-2023');
	expect(o.report.rowsRead).toBe(rows);
	expect(o.report.rowsKept).toBe(rows);
	expect(o.report.failedRows).toBe(0);
	expect(o.report.skipped).toEqual({});
	expect(o.report.warnings).toEqual([]);
	const t = o.trace.arrivalS;
	expect(t[0]).toBe(0);
	expect(t[t.length - 1]).toBeCloseTo(span, 1);
	expect(Math.max(...o.trace.promptTokens)).toBe(maxCtx);
	expect(Math.max(...o.trace.outputTokens)).toBe(maxGen);
	return o;
}

describe('samples of the real traces (tests/fixtures/real, first rows byte for byte)', () => {
	it.each([
		// sample, rows, span (s), max context, max generated, Σ context, Σ generated — from the samples' SOURCE.md
		[REAL_SAMPLES.azureCode, 2000, 853.08, 7437, 1899, 3973157, 59024],
		[REAL_SAMPLES.azureConv, 3000, 628.7, 7930, 1000, 3450308, 778247]
	])('Azure 2023 %s: rows, CRLF, datetimes with 7 digits', (path, rows, span, maxCtx, maxGen, sumCtx, sumGen) => {
		const o = expectAzure(bytesOf(path), path, rows, span, maxCtx, maxGen);
		expect(sum(o.trace.promptTokens)).toBe(sumCtx);
		expect(sum(o.trace.outputTokens)).toBe(sumGen);
	});

	it('Azure code: first rows exactly (18:17:03.9799600 -> 04.0319600 = 0.052 s)', () => {
		const o = ok(parse(bytesOf(REAL_SAMPLES.azureCode)));
		expect(o.trace.arrivalS[1]).toBeCloseTo(0.052, 6);
		expect(Array.from(o.trace.promptTokens.slice(0, 3))).toEqual([4808, 3180, 110]);
		expect(Array.from(o.trace.outputTokens.slice(0, 3))).toEqual([10, 8, 27]);
	});

	it('Mooncake conversation sample: 1,000 rows, ms timestamps, means 13,732.944 / 349.357', () => {
		const o = ok(parse(bytesOf(REAL_SAMPLES.mooncakeConv), { name: 'conversation_trace.head1000.jsonl' }));
		expect(o.report.format).toBe('mooncake-jsonl');
		expect(o.report.rowsKept).toBe(1000);
		const n = o.trace.arrivalS.length;
		expect(o.trace.arrivalS[n - 1]).toBeCloseTo(330, 6);
		expect(sum(o.trace.promptTokens) / n).toBeCloseTo(13732.944, 6);
		expect(sum(o.trace.outputTokens) / n).toBeCloseTo(349.357, 6);
		expect(Math.max(...o.trace.promptTokens)).toBe(121924);
	});
});

describe.skipIf(skipReason(AZURE_CODE) !== null || skipReason(AZURE_CONV) !== null)('whole Azure 2023 files (SERVESCOPE_DATA or the shared data folder beside the repository)', () => {
	it.each([
		// file, rows, span (s), max context, max generated — from the data's SOURCE.md quick stats and timestamps
		[AZURE_CODE, 8819, 3435.95, 7437, 1899],
		[AZURE_CONV, 19366, 3501.72, 14050, 1000]
	])('%s: %i rows, CRLF, no trailing newline, datetimes with 7 digits', (file, rows, span, maxCtx, maxGen) => {
		expectAzure(bytesOf(fullDataFile(file) as string), file, rows, span, maxCtx, maxGen);
	});
});

describe.skipIf(skipReason(MOONCAKE) !== null)('whole Mooncake conversation trace (SERVESCOPE_DATA or the shared data folder beside the repository)', () => {
	it('12,031 rows, ms timestamps, means 12,035 / 343', () => {
		const o = ok(parse(bytesOf(fullDataFile(MOONCAKE) as string), { name: 'conversation_trace.jsonl' }));
		expect(o.report.format).toBe('mooncake-jsonl');
		expect(o.report.rowsKept).toBe(12031);
		const n = o.trace.arrivalS.length;
		expect(o.trace.arrivalS[n - 1]).toBeCloseTo(3536.999, 6);
		expect(Math.round(sum(o.trace.promptTokens) / n)).toBe(12035);
		expect(Math.round(sum(o.trace.outputTokens) / n)).toBe(343);
		expect(Math.max(...o.trace.promptTokens)).toBe(126195);
	});
});

describe('hand-made BurstGPT files (first rows of the real BurstGPT_1)', () => {
	it('v1', () => {
		const o = ok(parse(bytesOf(resolve(FIXTURES, 'trace/burstgpt-v1-head.csv'))));
		expect(o.report.format).toBe('burstgpt-v1');
		expect(Array.from(o.trace.arrivalS)).toEqual([0, 40, 113, 125]);
		expect(Array.from(o.trace.promptTokens)).toEqual([472, 1087, 417, 96]);
		expect(Array.from(o.trace.outputTokens)).toEqual([18, 230, 276, 0]);
		expect(o.report.failedRows).toBe(1);
		expect(Array.from(o.trace.modelCode, (c) => o.trace.modelNames[c])).toEqual(['ChatGPT', 'ChatGPT', 'GPT-4', 'ChatGPT']);
		expect(Array.from(o.trace.logTypeCode, (c) => o.trace.logTypeNames[c])).toEqual(['Conversation log', 'Conversation log', 'Conversation log', 'API log']);
	});

	it('v2 (Session ID and Elapsed time inserted, an empty session id is fine)', () => {
		const o = ok(parse(bytesOf(resolve(FIXTURES, 'trace/burstgpt-v2-head.csv'))));
		expect(o.report.format).toBe('burstgpt-v2');
		expect(Array.from(o.trace.promptTokens)).toEqual([472, 1087, 417]);
		expect(o.trace.modelNames[o.trace.modelCode[2]]).toBe('GPT-4');
	});

	it('a plain CSV with a column mapping, arrival in ms', () => {
		const o = ok(
			parse(bytesOf(resolve(FIXTURES, 'bad/35-plain-needs-mapping.csv')), {
				mapping: { arrival: 'time_ms', prompt: 'in_tokens', output: 'out_tokens', arrivalUnit: 'ms', model: 'user' }
			})
		);
		expect(o.report.format).toBe('mapped-csv');
		expect(Array.from(o.trace.arrivalS)).toEqual([0, 1.5]);
		expect(o.report.failedRows).toBe(1);
		expect(o.trace.modelNames).toEqual(['a', 'b']);
	});

	it('a mapped CSV with datetime arrivals', () => {
		const o = ok(parse('when,p,o\n2024-01-01T00:00:00Z,1,2\n2024-01-01T00:01:00.25Z,3,4\n', { mapping: { arrival: 'when', prompt: 'p', output: 'o', arrivalUnit: 'datetime' } }));
		expect(Array.from(o.trace.arrivalS)).toEqual([0, 60.25]);
		expect(o.report.warnings).toEqual([]);
	});
});

describe('gzip, chunking and streams', () => {
	const text = bytesOf(REAL_SAMPLES.azureCode);

	it('gzip round trip gives the same trace as the plain file', () => {
		const plain = ok(parse(text));
		const gz = ok(parse(gzipSync(text), { name: 'x.csv.gz' }));
		expect(gz.report).toEqual(plain.report);
		expect(gz.trace.arrivalS).toEqual(plain.trace.arrivalS);
		expect(gz.trace.promptTokens).toEqual(plain.trace.promptTokens);
	});

	it('any chunking gives the same result (property)', () => {
		const small = utf8(
			'\uFEFF"Timestamp",Model,Request tokens,Response tokens,Total tokens,Log Type\r\n5,ChatGPT,472,18,490,Conversation log\r\n\r\n45,"Chat, GPT",1087,230,1317,"multi\nline"\r6,GPT-4,1,x,2,API log\n118,GPT-4,417,276,693,API log'
		);
		const whole = parse(small);
		const inputs = [small, gzipSync(small)];
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 1 }), fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 8 }), (which, cuts) => {
				const bytes = inputs[which];
				const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
				const p = createTraceParser({ name: 'test.csv' });
				let prev = 0;
				for (const c of [...points, bytes.length]) {
					p.push(bytes.subarray(prev, c));
					prev = c;
				}
				const o = p.finish();
				expect(o).toEqual(whole);
			}),
			{ numRuns: 150 }
		);
		expect(ok(whole).report.rowsKept).toBe(3);
	});

	it('parseTraceStream reads an async iterable and a ReadableStream, reporting progress', async () => {
		const chunks = [text.subarray(0, 1000), text.subarray(1000, 50_000), text.subarray(50_000)];
		const seen: number[] = [];
		async function* gen() {
			yield* chunks;
		}
		const a = ok(await parseTraceStream(gen(), { name: 'a', onProgress: (b) => seen.push(b) }));
		expect(seen).toEqual([1000, 50_000, text.length]);
		let i = 0;
		const rs = {
			getReader: () => ({ read: async () => (i < chunks.length ? { done: false, value: chunks[i++] } : { done: true }) })
		};
		const b = ok(await parseTraceStream(rs, { name: 'b' }));
		expect(b.trace.arrivalS).toEqual(a.trace.arrivalS);
	});

	it('a stream that fails mid-way is an error value, not a throw', async () => {
		async function* gen() {
			yield text.subarray(0, 100);
			throw new Error('disk gone');
		}
		const o = await parseTraceStream(gen(), { name: 'a' });
		expect(o.ok).toBe(false);
		if (!o.ok) expect(o.error.message).toContain('disk gone');
	});

	it('push after finish is ignored and finish is idempotent', () => {
		const p = createTraceParser({ name: 'x' });
		p.push(utf8('Timestamp,Request tokens,Response tokens\n1,2,3\n'));
		const first = p.finish();
		p.push(utf8('4,5,6\n'));
		expect(p.finish()).toEqual(first);
	});
});
