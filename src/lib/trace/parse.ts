/**
 * Streaming trace parser: bytes in (any chunking), a columnar Trace and a ParseReport out.
 * Environment-agnostic (worker, page, Node): no DOM, no node: imports.
 *
 * A chain of push stages, each in its own file under stages/ and each testable alone (fflate's
 * `ondata` style: a stage is handed the next one's input function):
 *
 *   gunzip (magic bytes, fflate, inflate-ratio guard)
 *   -> decode (ZIP / BOM / UTF-16 / binary sniff, text-size guard)
 *   -> lines (LF, CRLF, lone CR; lines over 1 MiB skipped without being held)
 *   -> records (header detection; CSV fast path on bytes, Papaparse for quoted lines; JSONL)
 *   -> report (typed-array columns, sized from the input's size when known, else doubling; skip
 *      reasons, warnings, the request-count guard).
 *
 * Only the current line and the columns are ever held, never the text of the file. The first
 * error stops every stage (ParseContext.error) and is what finish() returns.
 */
import type { ColumnMapping } from './formats';
import { PAGE_LIMIT_ADVICE, traceLimitsFor, type LimitAdvice, type TraceLimits } from './limits';
import { fail, fmt, isOutOfMemory, type ParseContext } from './stages/context';
import { createDecodeStage } from './stages/decode';
import { createGunzipStage } from './stages/gunzip';
import { createLineStage } from './stages/lines';
import { createRecordsStage } from './stages/records';
import { buildOutcome, createRowReport } from './stages/report';
import type { ParseOutcome, UserError } from './types';

export { MAX_LINE_BYTES } from './stages/lines';
export { MAX_BAD_LINES } from './stages/report';

/**
 * Input read before the row count is first estimated from sizeBytes: at least 1 MiB (earlier rows are
 * too few to go by) and 1/64 of the input, so a large file is judged by a representative stretch
 * (until then the columns double, which costs little while they are small). A file whose rows grow
 * much longer later is over-estimated; the columns never exceed the request limit, and the spare is
 * copied away at the end.
 */
const ESTIMATE_AFTER_BYTES = 1 << 20;
const ESTIMATE_AFTER_SHARE = 1 / 64;

/** What the parser needs besides the bytes. */
export interface ParseOptions {
	/** File name, kept on the Trace and used in messages. */
	name: string;
	/** Column mapping for a CSV whose header is not a known format. */
	mapping?: ColumnMapping;
	/** Called after each pushed chunk with the number of (compressed) input bytes consumed so far. */
	onProgress?: (bytesDone: number) => void;
	/**
	 * Size of the whole input in bytes, when known (a File's size, a file's stat): the columns are
	 * then sized from it and the rows per input byte so far (ESTIMATE_AFTER_BYTES), instead of doubling.
	 */
	sizeBytes?: number;
	/** Bounds on requests, text and gzip expansion; default: traceLimitsFor a 4 GiB budget. */
	limits?: TraceLimits;
	/** How a refusal tells the person to raise a limit; default: the page's settings. */
	limitAdvice?: LimitAdvice;
}

/**
 * A push-based parser: feed chunks in order, then finish once. Never throws. No stage keeps a
 * reference to a chunk once push returns (lines cut by a chunk boundary are copied), so a reader
 * may refill one buffer for every chunk.
 */
export interface TraceParser {
	push(chunk: Uint8Array): void;
	finish(): ParseOutcome;
}

/** Creates a streaming parser: the stages chained back to front. */
export function createTraceParser(opts: ParseOptions): TraceParser {
	const ctx: ParseContext = { name: opts.name, error: undefined, lineNo: 0, limits: opts.limits ?? traceLimitsFor(NaN), advice: opts.limitAdvice ?? PAGE_LIMIT_ADVICE };
	const report = createRowReport(ctx);
	const records = createRecordsStage(ctx, report, opts.mapping);
	const lines = createLineStage(ctx, records);
	const decode = createDecodeStage(ctx, lines.push);
	const gunzip = createGunzipStage(ctx, decode.push);
	let bytesIn = 0;
	let finished = false;
	const sizeBytes = opts.sizeBytes !== undefined && Number.isFinite(opts.sizeBytes) && opts.sizeBytes > 0 ? opts.sizeBytes : 0;

	/** After a chunk: the rows the whole input should hold at the rate so far (gzip: per compressed byte). */
	function estimateRows(): void {
		const rows = report.cols.length;
		const after = Math.min(sizeBytes, Math.max(ESTIMATE_AFTER_BYTES, sizeBytes * ESTIMATE_AFTER_SHARE));
		if (rows > 0 && bytesIn < sizeBytes && bytesIn >= after) report.expectRows(Math.ceil((rows * sizeBytes) / bytesIn));
	}

	const internal = (e: unknown): UserError =>
		isOutOfMemory(e)
			? {
					code: 'out-of-memory',
					line: ctx.lineNo || undefined,
					message: `Reading "${opts.name}" ran out of memory near line ${fmt(ctx.lineNo + 1)}, after ${fmt(report.cols.length)} requests (${e instanceof Error ? e.message : String(e)}): the trace's columns take 18 bytes per request and need twice that for a moment while they grow, and this tab could not allocate more. Close other tabs, or load a smaller file or part of it; the previously loaded trace is still usable.`
				}
			: {
					code: 'parse-failed',
					line: ctx.lineNo || undefined,
					message: `Reading "${opts.name}" failed near line ${fmt(ctx.lineNo + 1)} (${e instanceof Error ? e.message : String(e)}). This is a servescope bug or an unusual file; please report it with the file's first lines.`
				};

	return {
		push(chunk: Uint8Array): void {
			if (finished || ctx.error) return;
			bytesIn += chunk.length;
			try {
				gunzip.push(chunk, false);
				if (sizeBytes > 0 && !ctx.error) estimateRows();
			} catch (e) {
				fail(ctx, internal(e));
			}
			opts.onProgress?.(bytesIn);
		},
		finish(): ParseOutcome {
			if (!finished) {
				finished = true;
				try {
					if (!ctx.error) gunzip.push(new Uint8Array(0), true);
					if (!ctx.error) lines.end();
					if (!ctx.error) records.end();
				} catch (e) {
					fail(ctx, internal(e));
				}
			}
			try {
				return buildOutcome(ctx, report, records.summary(), bytesIn, decode.sawBom);
			} catch (e) {
				return { ok: false, error: internal(e) };
			}
		}
	};
}

/** Parses a whole byte array (tests, small files, drag-and-drop of an in-memory buffer). */
export function parseTraceBytes(bytes: Uint8Array, opts: ParseOptions): ParseOutcome {
	const p = createTraceParser({ sizeBytes: bytes.length, ...opts });
	// Fed in 1 MiB slices so progress is reported and the path is the same as a stream's.
	for (let i = 0; i < bytes.length; i += 1 << 20) p.push(bytes.subarray(i, Math.min(bytes.length, i + (1 << 20))));
	return p.finish();
}

/**
 * The part of a WHATWG ReadableStream<Uint8Array> the parser uses (the core tsconfig has no DOM lib;
 * a browser File.stream() or fetch body matches it structurally).
 */
export interface ReadableStream<T> {
	getReader(): { read(): Promise<{ done: boolean; value?: T }>; releaseLock?(): void };
}

/** Parses a stream (a browser File.stream(), a Node fs stream, fetch body) chunk by chunk; a chunk may be refilled once the next one is asked for. */
export async function parseTraceStream(source: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>, opts: ParseOptions): Promise<ParseOutcome> {
	const p = createTraceParser(opts);
	try {
		if (Symbol.asyncIterator in source && typeof (source as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === 'function') {
			for await (const chunk of source as AsyncIterable<Uint8Array>) p.push(chunk);
		} else {
			const reader = (source as ReadableStream<Uint8Array>).getReader();
			for (;;) {
				const { done, value } = await reader.read();
				if (done) break;
				if (value) p.push(value);
			}
		}
	} catch (e) {
		return { ok: false, error: { code: 'read-failed', message: `Reading "${opts.name}" failed (${e instanceof Error ? e.message : String(e)}). Check that the file is still there and readable, then load it again.` } };
	}
	return p.finish();
}
