/**
 * Stage 5: rows in, a Trace and its ParseReport out. Every row is accounted for: kept rows go into
 * growable typed-array columns; skipped rows are counted per reason and the first few quoted. The
 * memory check lives here: a trace may hold at most ctx.limits.maxRequests requests, checked on
 * every kept row, so a file with too many rows is refused while it streams.
 */
import { MODELS } from '../../catalog';
import { createColumns, lineOf, pushRow, reserveColumns, sortByArrival, trimColumns, type ColumnBuilder } from '../columns';
import { createPrefixColumns, finishPrefixColumns } from '../prefix-columns';
import { PARSE_BYTES_PER_REQUEST } from '../limits';
import type { NameTable } from '../names';
import { decodeRange, quoteLine } from '../text';
import type { BadLine, ParseOutcome, ParseReport, Trace, TraceFormat } from '../types';
import { fail, fmt, fmtBytes, type ParseContext } from './context';

/** How many bad lines a report quotes. */
export const MAX_BAD_LINES = 5;
/** Year 2100 as Unix seconds: a later timestamp is almost certainly a unit mistake. */
const FAR_FUTURE_S = 4102444800;
/** A gap between consecutive requests longer than this is worth a warning (30 days). */
const LONG_GAP_S = 30 * 86400;
/** Longest context of any catalog model: rows asking for more cannot run on any of them. */
export const MAX_CONTEXT = Math.max(...MODELS.map((m) => m.maxContext));

/**
 * Room given beyond an estimated row count: an estimate taken early in a file runs a few percent
 * high or low (BurstGPT's timestamps gain digits as the file goes on), and running short costs a
 * doubling while a little spare is cut off at the end without a copy (columns.ts).
 */
const ESTIMATE_SPARE = 1.05;
/** Each re-estimate that outgrows the columns grows them by at least this factor (bounds the copies). */
const ESTIMATE_MIN_GROWTH = 1.25;

/** What the records stage knows that the report quotes. */
export interface RecordsSummary {
	kind: 'unknown' | 'csv' | 'jsonl';
	format: TraceFormat;
	arrivalName: string;
	datetimeInNumericFormat: boolean;
	models: NameTable;
	logTypes: NameTable;
}

/** The report stage: the records stage counts, commits and skips rows here. */
export type RowReport = ReturnType<typeof createRowReport>;

/** An empty report for one file. */
export function createRowReport(ctx: ParseContext) {
	const cols = createColumns(4096, ctx.limits.maxRequests);
	const prefix = createPrefixColumns();
	const skipped: Record<string, number> = {};
	const badLines: BadLine[] = [];
	const r = {
		cols,
		/** Sessions and block ids of the kept rows (prefix-columns.ts), for formats that have them. */
		prefix,
		skipped,
		badLines,
		rowsRead: 0,
		failedRows: 0,
		fractional: 0,
		fractionalLine: 0,
		beyondContext: 0,
		beyondContextLine: 0,
		lastArrival: -Infinity,
		backwards: 0,
		backwardsLine: 0,
		maxArrival: -Infinity,
		maxArrivalLine: 0,

		/** Counts a skipped row; the text is a string or a byte range (decoded only when quoted, no per-row closures). */
		skip(reason: string, line: number, text: string | Uint8Array, s = 0, e = 0): void {
			skipped[reason] = (skipped[reason] ?? 0) + 1;
			if (badLines.length < MAX_BAD_LINES) {
				const shown = typeof text === 'string' ? text.slice(0, 400) : decodeRange(text, s, Math.min(e, s + 400));
				badLines.push({ line, text: quoteLine(shown), reason });
			}
		},

		/** A token count that was rounded to a whole number. */
		noteFractional(line: number): void {
			if (r.fractional++ === 0) r.fractionalLine = line;
		},

		/**
		 * Sizes the columns for about `rows` kept rows in all (estimated from the input's size), so
		 * they are allocated once instead of doubling their way there. Never shrinks them.
		 */
		expectRows(rows: number): void {
			const cap = cols.arrivalS.length;
			if (rows > cap) reserveColumns(cols, Math.max(rows * ESTIMATE_SPARE, cap * ESTIMATE_MIN_GROWTH));
		},

		/** Keeps one row; false when the request limit refused it. */
		commit(arrivalS: number, prompt: number, output: number, model: number, logType: number, line: number): boolean {
			if (cols.length >= ctx.limits.maxRequests) {
				tooMany(line);
				return false;
			}
			if (arrivalS < r.lastArrival && r.backwards++ === 0) r.backwardsLine = line;
			r.lastArrival = arrivalS;
			if (arrivalS > r.maxArrival) {
				r.maxArrival = arrivalS;
				r.maxArrivalLine = line;
			}
			if (output === 0) r.failedRows++;
			if (prompt + output > MAX_CONTEXT && r.beyondContext++ === 0) r.beyondContextLine = line;
			pushRow(cols, arrivalS, prompt, output, model, logType, line);
			return true;
		}
	};

	function tooMany(line: number): void {
		const max = ctx.limits.maxRequests;
		fail(ctx, {
			code: 'too-many-requests',
			line,
			message: `"${ctx.name}" has more than ${fmt(max)} requests (the limit, reached at line ${fmt(line)}): parsing holds about ${PARSE_BYTES_PER_REQUEST} bytes per request, ${fmtBytes(max * PARSE_BYTES_PER_REQUEST)} at the limit, which is what this device can spare. Nothing from it was loaded. Load part of the file, or ${ctx.advice.maxRequests}.`
		});
	}
	return r;
}

/** The outcome once every stage has ended: the first error, or the trace and its report. */
export function buildOutcome(ctx: ParseContext, r: RowReport, rec: RecordsSummary, bytesIn: number, sawBom: boolean): ParseOutcome {
	if (ctx.error) return { ok: false, error: ctx.error };
	if (rec.kind === 'unknown') {
		return {
			ok: false,
			error: {
				code: 'empty-file',
				message: `"${ctx.name}" is empty${bytesIn > 0 ? ' (only blank lines' + (sawBom ? ' and a byte-order mark' : '') + ')' : ''}. Load a trace with a header row and at least one request.`
			}
		};
	}
	if (r.rowsRead === 0) {
		return { ok: false, error: { code: 'no-rows', line: ctx.lineNo, message: `"${ctx.name}" has a header but no data rows. Load a file with at least one request after the header.` } };
	}
	const cols = r.cols;
	if (cols.length === 0) {
		const reasons = Object.entries(r.skipped)
			.sort((a, b) => b[1] - a[1])
			.map(([why, n]) => `${why} (${fmt(n)})`)
			.join(', ');
		const first = r.badLines[0];
		return {
			ok: false,
			error: {
				code: 'no-usable-rows',
				line: first?.line,
				message: `None of the ${fmt(r.rowsRead)} rows of "${ctx.name}" could be used: ${reasons}.${first ? ` First bad line ${first.line}: "${first.text}".` : ''} Check that the columns hold what the header says (numbers for times and tokens).`
			}
		};
	}
	trimColumns(cols);
	const warnings: string[] = [];
	let order: Uint32Array | undefined;
	if (r.backwards > 0) {
		order = sortByArrival(cols);
		warnings.push(`Timestamps go backwards ${fmt(r.backwards)} time(s) (first at line ${r.backwardsLine}); rows were sorted by time, keeping file order for ties.`);
	}
	if (r.maxArrival > FAR_FUTURE_S) {
		warnings.push(`The timestamp on line ${r.maxArrivalLine} lies after the year 2100 (${fmt(Math.round(r.maxArrival))} s); check the time unit of "${rec.arrivalName}".`);
	}
	warnings.push(...timeWarnings(cols));
	warnings.push(...rowWarnings(r, rec));
	const prefix = finishPrefixColumns(r.prefix, cols, rec.format, order);
	warnings.push(...prefix.warnings);
	const trace: Trace = {
		name: ctx.name,
		format: rec.format,
		synthetic: false,
		arrivalS: cols.arrivalS,
		promptTokens: cols.promptTokens,
		outputTokens: cols.outputTokens,
		modelCode: cols.modelCode,
		modelNames: rec.models.names.length > 0 ? rec.models.names : ['unknown'],
		logTypeCode: cols.logTypeCode,
		logTypeNames: rec.logTypes.names.length > 0 ? rec.logTypes.names : ['unknown'],
		...prefix.fields
	};
	const report: ParseReport = { format: rec.format, rowsRead: r.rowsRead, rowsKept: cols.length, failedRows: r.failedRows, skipped: r.skipped, badLines: r.badLines, warnings };
	return { ok: true, trace, report };
}

/** Long gaps and a zero time span; rebases arrivals to the first request (in place). */
function timeWarnings(cols: ColumnBuilder): string[] {
	const t = cols.arrivalS;
	const n = cols.length;
	const warnings: string[] = [];
	let maxGap = 0;
	let maxGapAt = 0;
	let longGaps = 0;
	// One pass: each gap is taken between the original times, then the later one is rebased.
	const t0 = t[0];
	let prev = t0;
	for (let i = 1; i < n; i++) {
		const cur = t[i];
		const gap = cur - prev;
		if (gap > LONG_GAP_S) longGaps++;
		if (gap > maxGap) {
			maxGap = gap;
			maxGapAt = i;
		}
		t[i] = cur - t0;
		prev = cur;
	}
	if (n > 0) t[0] = 0;
	if (longGaps > 0) {
		warnings.push(
			`${fmt(longGaps)} gap(s) longer than 30 days between consecutive requests; the longest is ${(maxGap / 86400).toLocaleString('en-US', { maximumFractionDigits: 1 })} days (${(maxGap / (365.25 * 86400)).toLocaleString('en-US', { maximumFractionDigits: 2 })} years) before line ${lineOf(cols, maxGapAt)}. Use a time window or re-time the workload.`
		);
	}
	if (n > 1 && t[n - 1] === 0) warnings.push(`All ${fmt(n)} timestamps are equal: every request arrives at once (time span 0 s).`);
	return warnings;
}

/** Warnings about the rows' values: date-times, rounding, context, folded names, skips. */
function rowWarnings(r: RowReport, rec: RecordsSummary): string[] {
	const warnings: string[] = [];
	if (rec.datetimeInNumericFormat) warnings.push(`"${rec.arrivalName}" holds date-times, not seconds; they were read as wall-clock times (UTC).`);
	if (r.fractional > 0) warnings.push(`${fmt(r.fractional)} row(s) had fractional token counts (first at line ${r.fractionalLine}); they were rounded to whole tokens.`);
	if (r.beyondContext > 0) {
		warnings.push(`${fmt(r.beyondContext)} row(s) ask for more than ${fmt(MAX_CONTEXT)} tokens (prompt + output, first at line ${r.beyondContextLine}), beyond any catalog model's context; no catalog model can serve them.`);
	}
	if (rec.models.folded > 0) warnings.push(`More than ${rec.models.names.length - 1} distinct model names; ${fmt(rec.models.folded)} row(s) were counted as "other".`);
	if (rec.logTypes.folded > 0) warnings.push(`More than ${rec.logTypes.names.length - 1} distinct log types; ${fmt(rec.logTypes.folded)} row(s) were counted as "other".`);
	const skippedTotal = Object.values(r.skipped).reduce((a, b) => a + b, 0);
	if (skippedTotal > 0) warnings.push(`${fmt(skippedTotal)} of ${fmt(r.rowsRead)} rows were skipped (see the reasons and quoted lines).`);
	return warnings;
}
