/**
 * How the parser sizes its columns (an estimate from the input's size, doubling past it, a trim
 * that views or copies) and that it keeps no chunk after push: none of it may change a result.
 */
import { gzipSync } from 'fflate';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createColumns, lineOf, pushRow, reserveColumns, trimColumns } from '../../src/lib/trace/columns';
import { createTraceParser } from '../../src/lib/trace/parse';
import type { ParseOutcome } from '../../src/lib/trace/types';
import { utf8 } from './helpers';

/** A BurstGPT v1 file of `rows` rows whose lines grow longer as it goes (as real timestamps gain digits), with a few bad rows (in time order: a sort would copy the columns anyway). */
function burstCsv(rows: number): Uint8Array {
	const lines = ['Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type'];
	for (let i = 0; i < rows; i++) {
		const t = i * i;
		if (i % 997 === 5) lines.push(`${t},ChatGPT,abc,3,3,API log`);
		else if (i % 1499 === 7) lines.push(`${t},GPT-4,${i % 700},${i % 90},${(i % 700) + (i % 90)},Conversation log`);
		else lines.push(`${t},${i % 3 ? 'ChatGPT' : 'GPT-4'},${(i * 7) % 2000},${i % 300},${((i * 7) % 2000) + (i % 300)},API log`);
	}
	return utf8(lines.join('\n') + '\n');
}

/** Outcomes compared column by column (deep equality of 100K-row typed arrays is slow). */
function expectSame(a: ParseOutcome, b: ParseOutcome): void {
	if (!a.ok || !b.ok) return void expect(a).toEqual(b);
	const { trace: ta, ...ra } = a;
	const { trace: tb, ...rb } = b;
	expect(ra).toEqual(rb);
	for (const k of Object.keys(ta) as (keyof typeof ta)[]) {
		const x = ta[k];
		const y = tb[k];
		if (ArrayBuffer.isView(x) && ArrayBuffer.isView(y)) expect(Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(Buffer.from(y.buffer, y.byteOffset, y.byteLength)), k).toBe(true);
		else expect(x, k).toEqual(y);
	}
	expect(Object.keys(tb).sort()).toEqual(Object.keys(ta).sort());
}

function parseChunked(bytes: Uint8Array, sizeBytes: number | undefined, chunk = 1 << 16): ParseOutcome {
	const p = createTraceParser({ name: 'sized.csv', sizeBytes });
	for (let i = 0; i < bytes.length; i += chunk) p.push(bytes.subarray(i, Math.min(bytes.length, i + chunk)));
	return p.finish();
}

describe('column sizing from the input size', () => {
	const bytes = burstCsv(100_000);
	const plain = parseChunked(bytes, undefined);

	it('the file is big enough to be estimated and parses with skips', () => {
		expect(bytes.length).toBeGreaterThan(3 << 20);
		expect(plain.ok).toBe(true);
		if (!plain.ok) return;
		// Doubling overshot 100K rows by 31%: the columns were copied to exact length.
		expect(plain.trace.arrivalS.buffer.byteLength).toBe(plain.trace.arrivalS.length * 8);
		expect(Object.keys(plain.report.skipped).length).toBeGreaterThan(0);
		expect(plain.report.warnings.some((w) => w.includes('skipped'))).toBe(true);
	});

	it.each([
		['the true size', 1],
		['a size far too small (the estimate runs out: doubling)', 0.3],
		['a size far too large (the spare is copied away)', 6]
	])('%s gives the same outcome as no size', (_what, factor) => {
		const sized = parseChunked(bytes, Math.round(bytes.length * factor));
		expectSame(sized, plain);
		if (!sized.ok) return;
		// Sized from the true size, the columns were allocated once with a little spare, kept as a view.
		if (factor === 1) expect(sized.trace.arrivalS.buffer.byteLength).toBeGreaterThan(sized.trace.arrivalS.length * 8);
		// A kept spare never exceeds what trimColumns allows to be viewed instead of copied.
		expect(sized.trace.promptTokens.buffer.byteLength / 4).toBeLessThanOrEqual(Math.ceil(sized.trace.promptTokens.length * (1 + 1 / 7)));
	});

	it('gzip input is estimated per compressed byte and gives the same outcome', () => {
		const gz = gzipSync(bytes);
		const p = createTraceParser({ name: 'sized.csv', sizeBytes: gz.length });
		for (let i = 0; i < gz.length; i += 1 << 16) p.push(gz.subarray(i, Math.min(gz.length, i + (1 << 16))));
		expectSame(p.finish(), plain);
	});

	it('rows that grow much longer after the first MiB: over-estimated, capped at the request limit, spare copied away', () => {
		const long = 'x'.repeat(2000);
		const rows = ['Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type'];
		for (let i = 0; i < 40_000; i++) rows.push(`${i},GPT-4,1,1,2,A`);
		for (let i = 0; i < 3000; i++) rows.push(`${40_000 + i},GPT-4,1,1,2,${long}`);
		const skewed = utf8(rows.join('\n') + '\n');
		const limits = { maxRequests: 60_000, maxTextBytes: 2 ** 40, maxInflateRatio: 100 };
		const run = (sizeBytes?: number) => {
			const p = createTraceParser({ name: 'skewed.csv', sizeBytes, limits });
			for (let i = 0; i < skewed.length; i += 1 << 16) p.push(skewed.subarray(i, Math.min(skewed.length, i + (1 << 16))));
			return p.finish();
		};
		const sized = run(skewed.length);
		expectSame(sized, run(undefined));
		if (!sized.ok) throw new Error(sized.error.message);
		expect(sized.trace.arrivalS.length).toBe(43_000);
		expect(sized.trace.arrivalS.buffer.byteLength).toBe(43_000 * 8);
	});

	it('the request limit still refuses the same row with a size given', () => {
		const limits = { maxRequests: 50_000, maxTextBytes: 2 ** 40, maxInflateRatio: 100 };
		const run = (sizeBytes?: number) => {
			const p = createTraceParser({ name: 'sized.csv', sizeBytes, limits });
			p.push(bytes);
			return p.finish();
		};
		const refused = run(bytes.length);
		expect(refused.ok).toBe(false);
		expectSame(refused, run(undefined));
	});
});

describe('columns', () => {
	it('growth and reservations stop at maxCapacity and never shrink', () => {
		const c = createColumns(4096, 10);
		expect(c.arrivalS.length).toBe(10);
		for (let i = 0; i < 10; i++) pushRow(c, i, i, i, 0, 0, i + 2);
		reserveColumns(c, 1000);
		expect(c.promptTokens.length).toBe(10);
		const d = createColumns(4, 1e9);
		for (let i = 0; i < 5; i++) pushRow(d, i, i, i, 0, 0, 2 * i + 2);
		expect(d.line?.length).toBe(8);
		reserveColumns(d, 6);
		expect(d.line?.length).toBe(8);
		reserveColumns(d, 100.5);
		expect([d.arrivalS.length, d.modelCode.length, d.line?.length]).toEqual([101, 101, 101]);
		expect(Array.from(d.outputTokens.subarray(0, 5))).toEqual([0, 1, 2, 3, 4]);
		expect([0, 1, 4].map((r) => lineOf(d, r))).toEqual([2, 4, 10]);
	});

	it('the line column starts at the first row off the line-by-line pattern, filled in for the rows before', () => {
		const c = createColumns(4);
		for (let i = 0; i < 6; i++) pushRow(c, i, 1, 1, 0, 0, 7 + i);
		expect(c.line).toBeNull();
		expect(lineOf(c, 5)).toBe(12);
		pushRow(c, 6, 1, 1, 0, 0, 20);
		pushRow(c, 7, 1, 1, 0, 0, 21);
		expect(c.line && Array.from(c.line.subarray(0, 8))).toEqual([7, 8, 9, 10, 11, 12, 20, 21]);
		trimColumns(c);
		expect(c.line?.length).toBe(8);
	});

	it('trimming views the arrays when the spare is small and copies them when it is large', () => {
		const small = createColumns(100);
		for (let i = 0; i < 95; i++) pushRow(small, i, i, i, 1, 1, i + 2);
		const before = small.arrivalS.buffer;
		trimColumns(small);
		expect(small.arrivalS.length).toBe(95);
		expect(small.arrivalS.buffer).toBe(before);
		const large = createColumns(100);
		for (let i = 0; i < 50; i++) pushRow(large, i, i, i, 1, 1, i + 2);
		trimColumns(large);
		expect(large.promptTokens.length).toBe(50);
		expect(large.promptTokens.buffer.byteLength).toBe(50 * 4);
		expect(large.line).toBeNull();
	});
});

describe('a reader may refill one buffer for every chunk', () => {
	const text = utf8(
		'\uFEFFTimestamp,Model,Request tokens,Response tokens,Total tokens,Log Type\r\n5,ChatGPT,472,18,490,Conversation log\r\n\r\n45,"Chat, GPT",1087,230,1317,"multi\nline"\r6,GPT-4,1,x,2,API log\n118,GPT-4,417,276,693,API log\n' +
			Array.from({ length: 3000 }, (_, i) => `${200 + i},GPT-4,${i % 50},${i % 7},${(i % 50) + (i % 7)},API log`).join('\n')
	);
	const inputs = [text, gzipSync(text)];
	const whole = parseChunked(text, undefined, text.length);

	/** Feeds `bytes` through one buffer, refilled (and scribbled over) after every push. */
	function parseRefilled(bytes: Uint8Array, sizes: number[]): ParseOutcome {
		const buf = new Uint8Array(40_000);
		const p = createTraceParser({ name: 'sized.csv', sizeBytes: bytes.length });
		let at = 0;
		for (let k = 0; at < bytes.length; k++) {
			const n = Math.min(sizes[k % sizes.length], bytes.length - at);
			buf.set(bytes.subarray(at, at + n));
			p.push(buf.subarray(0, n));
			buf.fill(0x41); // what a refill leaves behind, if anything still looked at it
			at += n;
		}
		return p.finish();
	}

	it('any chunking into one refilled buffer gives the same result (property)', () => {
		expect(whole.ok && whole.report.rowsKept).toBe(3003);
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 1 }), fc.array(fc.integer({ min: 1, max: 40_000 }), { minLength: 1, maxLength: 6 }), (which, sizes) => {
				expect(parseRefilled(inputs[which], sizes)).toEqual(whole);
			}),
			{ numRuns: 60 }
		);
	});

	it('a gzip header and a byte-order mark cut into tiny chunks survive the refills', () => {
		for (const first of [1, 2, 3, 5, 9]) {
			expect(parseRefilled(inputs[1], [first, 40_000])).toEqual(whole);
			expect(parseRefilled(inputs[0], [first, 40_000])).toEqual(whole);
		}
	});
});

describe('file lines named in warnings, with and without a line column', () => {
	const head = 'Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type\n';
	const gapLine = (text: string) => {
		const o = createTraceParser({ name: 'gap.csv' });
		o.push(utf8(head + text));
		const r = o.finish();
		if (!r.ok) throw new Error(r.error.message);
		return /before line (\d+)\./.exec(r.report.warnings.join(' '))?.[1];
	};

	it('rows line by line (no line column), after leading blank lines, and after a skipped row', () => {
		expect(gapLine('5,ChatGPT,1,1,2,API log\n6,ChatGPT,1,1,2,API log\n94608006,ChatGPT,2,2,4,API log\n')).toBe('4');
		expect(gapLine('\n\n5,ChatGPT,1,1,2,API log\n94608006,ChatGPT,2,2,4,API log\n')).toBe('5');
		expect(gapLine('5,ChatGPT,1,1,2,API log\n\n6,ChatGPT,x,1,2,API log\n7,ChatGPT,1,1,2,API log\n94608006,ChatGPT,2,2,4,API log\n')).toBe('6');
		expect(gapLine('5,ChatGPT,1,1,2,"multi\nline"\n94608006,ChatGPT,2,2,4,API log\n')).toBe('4');
	});

	it('rows sorted because the file went backwards, with and without a line column', () => {
		expect(gapLine('94608006,ChatGPT,2,2,4,API log\n5,ChatGPT,1,1,2,API log\n6,ChatGPT,1,1,2,API log\n')).toBe('2');
		expect(gapLine('\n94608006,ChatGPT,2,2,4,API log\n5,ChatGPT,1,1,2,API log\n\n6,ChatGPT,1,1,2,API log\n')).toBe('3');
	});
});
