/**
 * Stage 4a: CSV lines in, rows out. Unquoted lines take a fast path on the bytes themselves (no
 * string per line, digits read in place); a line with a quote goes to Papaparse, in batches, and
 * may continue over several physical lines.
 */
import Papa from 'papaparse';
import type { CsvLayout } from '../formats';
import type { NameTable } from '../names';
import { decodeRange } from '../text';
import { fnv1a32 } from '../prefix-blocks';
import { blockIdsFromText, pushHashIds, pushSession } from '../prefix-columns';
import { MAX_LINE_BYTES } from './lines';
import type { RowReport } from './report';
import type { TokenResult, ValueReader } from './values';

/** Complete quoted records parsed per Papaparse call. */
const QUOTED_BATCH = 1024;

/** The CSV body stage (after the header). */
export interface CsvRecords {
	/** A data line (not blank, not inside a quoted field). */
	line(buf: Uint8Array, s: number, e: number, lineNo: number): void;
	/** Whether a quoted field is open: the next physical line, even a blank one, belongs to it. */
	readonly inQuotedField: boolean;
	/** The next physical line of an open quoted field. */
	continueQuoted(text: string, lineNo: number): void;
	/** An overlong line (already counted): drops an open quoted record. Returns whether one was open. */
	dropOpenRecord(preview: string): boolean;
	/** End of file: parses the batch and reports an unterminated record. */
	end(): void;
}

/** Digits-only field as an integer; -1 sends it to the string path (signs, dots, spaces, > 15 digits). */
function uintBytes(buf: Uint8Array, s: number, e: number): number {
	if (s === e || e - s > 15) return -1;
	let v = 0;
	for (let i = s; i < e; i++) {
		const d = buf[i] - 48;
		if (d < 0 || d > 9) return -1;
		v = v * 10 + d;
	}
	return v;
}

function hasQuote(buf: Uint8Array, s: number, e: number): boolean {
	for (let i = s; i < e; i++) if (buf[i] === 34) return true;
	return false;
}

function countQuotes(text: string): number {
	let q = 0;
	for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) q++;
	return q;
}

/**
 * The kept row's session key (FNV-1a of the trimmed id, 0 for an empty cell: an API call, no conversation)
 * and block ids, from the layout's session and prefix columns (`cell` reads a column's text).
 */
function keepExtras(report: RowReport, L: CsvLayout, cell: (col: number) => string, line: number): void {
	const row = report.cols.length - 1;
	if (L.session >= 0) {
		const id = cell(L.session).trim();
		pushSession(report.prefix, row, id === '' ? 0 : fnv1a32(id));
	}
	if (L.prefix >= 0) pushHashIds(report.prefix, row, blockIdsFromText(cell(L.prefix)), line);
}

/** The CSV body stage for one layout. */
export function createCsvRecords(L: CsvLayout, report: RowReport, values: ValueReader, models: NameTable, logTypes: NameTable): CsvRecords {
	const maxCol = Math.max(L.arrival, L.prompt, L.output, L.model, L.logType, L.session, L.prefix);
	const fieldStart = new Int32Array(maxCol + 1);
	const fieldEnd = new Int32Array(maxCol + 1);
	const names = values.names;
	const tooFew = `too few columns (need ${maxCol + 1})`;
	let fieldCount = 0;
	let pendingRecord: string | undefined; // a quoted field spanning lines
	let pendingLine = 0;
	let pendingQuotes = 0;
	let batchText: string[] = []; // complete quoted records waiting for one Papaparse call
	let batchLine: number[] = [];

	/** Field bounds of the needed columns; false when the line has a quote (the slow path). */
	function fields(buf: Uint8Array, s: number, e: number): boolean {
		// Scans the whole line (a quote anywhere may open a multi-line field) but records only needed columns.
		let col = 0;
		let fstart = s;
		for (let i = s; i < e; i++) {
			const b = buf[i];
			if (b === 44) {
				if (col <= maxCol) {
					fieldStart[col] = fstart;
					fieldEnd[col] = i;
				}
				col++;
				fstart = i + 1;
			} else if (b === 34) return false;
		}
		if (col <= maxCol) {
			fieldStart[col] = fstart;
			fieldEnd[col] = e;
		}
		fieldCount = col + 1;
		return true;
	}

	/** A token column read in place, or through the string path when not plain digits. */
	function tokens(buf: Uint8Array, col: number, name: string, line: number): TokenResult {
		const v = uintBytes(buf, fieldStart[col], fieldEnd[col]);
		return v >= 0 ? v : values.tokensFromString(decodeRange(buf, fieldStart[col], fieldEnd[col]), name, line);
	}

	function fast(buf: Uint8Array, s: number, e: number, line: number): void {
		if (!fields(buf, s, e)) return quoted(decodeRange(buf, s, e), line);
		if (fieldCount <= maxCol) return report.skip(tooFew, line, buf, s, e);
		let arrival: number | string;
		const ai = uintBytes(buf, fieldStart[L.arrival], fieldEnd[L.arrival]);
		if (ai >= 0 && values.mode !== 'datetime') {
			values.mode = 'numeric';
			arrival = ai * values.numericFactor;
		} else arrival = values.arrivalFromString(decodeRange(buf, fieldStart[L.arrival], fieldEnd[L.arrival]));
		if (typeof arrival === 'string') return report.skip(arrival, line, buf, s, e);
		const prompt = tokens(buf, L.prompt, names.prompt, line);
		if (typeof prompt === 'string') return report.skip(prompt, line, buf, s, e);
		const output = tokens(buf, L.output, names.output, line);
		if (typeof output === 'string') return report.skip(output, line, buf, s, e);
		const model = L.model >= 0 ? models.codeOfBytes(buf, fieldStart[L.model], fieldEnd[L.model]) : 0;
		const logType = L.logType >= 0 ? logTypes.codeOfBytes(buf, fieldStart[L.logType], fieldEnd[L.logType]) : 0;
		if (report.commit(arrival, prompt, output, model, logType, line) && (L.session >= 0 || L.prefix >= 0)) keepExtras(report, L, (c) => decodeRange(buf, fieldStart[c], fieldEnd[c]), line);
	}

	function quoted(text: string, line: number): void {
		if (pendingRecord === undefined) {
			pendingRecord = text;
			pendingLine = line;
			pendingQuotes = countQuotes(text);
		} else {
			pendingRecord += '\n' + text;
			// Counted per added line: recounting the whole record would be quadratic for an unclosed quote.
			pendingQuotes += countQuotes(text);
		}
		// An odd number of quote characters means a quoted field continues on the next line.
		if (pendingQuotes % 2 === 1) {
			if (pendingRecord.length > MAX_LINE_BYTES) {
				const rec = pendingRecord;
				pendingRecord = undefined;
				report.skip('unterminated quoted field', pendingLine, rec);
			}
			return;
		}
		batchText.push(pendingRecord);
		batchLine.push(pendingLine);
		pendingRecord = undefined;
		if (batchText.length >= QUOTED_BATCH) flushQuoted();
	}

	/**
	 * Complete quoted records are parsed by Papaparse in batches: one call per record costs ~10 µs,
	 * which would make a fully quoted export 20× slower than an unquoted one. Rows must come back
	 * one per record; if Papaparse reports a quote error the batch is redone record by record, so a
	 * malformed line cannot shift its neighbours.
	 */
	function flushQuoted(): void {
		if (batchText.length === 0) return;
		const texts = batchText;
		const lines = batchLine;
		batchText = [];
		batchLine = [];
		const parsed = Papa.parse<string[]>(texts.join('\n'), { delimiter: ',', newline: '\n', skipEmptyLines: false });
		if (parsed.errors.length === 0 && parsed.data.length === texts.length) {
			for (let k = 0; k < texts.length; k++) fromStrings(parsed.data[k], lines[k], texts[k]);
			return;
		}
		for (let k = 0; k < texts.length; k++) {
			const one = Papa.parse<string[]>(texts[k], { delimiter: ',', newline: '\n', skipEmptyLines: false });
			if (one.errors.some((err) => err.type === 'Quotes')) report.skip('malformed quoted field', lines[k], texts[k]);
			else fromStrings(one.data[0] ?? [], lines[k], texts[k]);
		}
	}

	function fromStrings(f: string[], line: number, text: string): void {
		if (f.length <= maxCol) return report.skip(tooFew, line, text);
		const arrival = values.arrivalFromString(f[L.arrival]);
		if (typeof arrival === 'string') return report.skip(arrival, line, text);
		const prompt = values.tokensFromString(f[L.prompt], names.prompt, line);
		if (typeof prompt === 'string') return report.skip(prompt, line, text);
		const output = values.tokensFromString(f[L.output], names.output, line);
		if (typeof output === 'string') return report.skip(output, line, text);
		const model = L.model >= 0 ? models.codeOf(f[L.model]) : 0;
		const logType = L.logType >= 0 ? logTypes.codeOf(f[L.logType]) : 0;
		if (report.commit(arrival, prompt, output, model, logType, line) && (L.session >= 0 || L.prefix >= 0)) keepExtras(report, L, (c) => f[c], line);
	}

	return {
		line(buf: Uint8Array, s: number, e: number, lineNo: number): void {
			// File order matters (backwards-timestamp detection, stable sort): quoted rows go first.
			if (batchText.length > 0 && !hasQuote(buf, s, e)) flushQuoted();
			fast(buf, s, e, lineNo);
		},
		get inQuotedField() {
			return pendingRecord !== undefined;
		},
		continueQuoted: quoted,
		dropOpenRecord(preview: string): boolean {
			if (pendingRecord === undefined) return false;
			pendingRecord = undefined;
			report.skip('unterminated quoted field', pendingLine, preview);
			return true;
		},
		end(): void {
			flushQuoted();
			if (pendingRecord !== undefined) {
				const rec = pendingRecord;
				pendingRecord = undefined;
				report.skip('unterminated quoted field', pendingLine, rec);
			}
		}
	};
}
