/**
 * Streaming trace parser: bytes in (any chunking), a columnar Trace and a ParseReport out.
 * Environment-agnostic (worker, page, Node): no DOM, no node: imports.
 *
 * Pipeline: gzip (magic bytes, fflate streaming) -> BOM / UTF-16 -> binary sniff (first 64 KiB)
 * -> line splitter (LF, CRLF, lone CR; lines over 1 MiB skipped without being held)
 * -> records (CSV fast path on bytes for unquoted lines, Papaparse for quoted ones; JSONL via JSON.parse)
 * -> growable typed-array columns. Only the current line and the columns are ever held,
 * never the text of the file.
 */
import { Gunzip } from 'fflate';
import Papa from 'papaparse';
import { MODELS } from '../catalog';
import { createColumns, pushRow, sortByArrival, trimColumns, type ColumnBuilder } from './columns';
import { checkMooncakeKeys, detectCsvLayout, MOONCAKE_KEYS, type ColumnMapping, type CsvLayout } from './formats';
import { createNameTable, type NameTable } from './names';
import { decodeRange, encodeUtf8, makeDecoder, parseDateTimeS, quoteLine, type Utf8Decoder } from './text';
import type { BadLine, ParseOutcome, ParseReport, Trace, TraceFormat, UserError } from './types';

/** What the parser needs besides the bytes. */
export interface ParseOptions {
	/** File name, kept on the Trace and used in messages. */
	name: string;
	/** Column mapping for a CSV whose header is not a known format. */
	mapping?: ColumnMapping;
	/** Called after each pushed chunk with the number of (compressed) input bytes consumed so far. */
	onProgress?: (bytesDone: number) => void;
}

/** A push-based parser: feed chunks in order, then finish once. Never throws. */
export interface TraceParser {
	push(chunk: Uint8Array): void;
	finish(): ParseOutcome;
}

/** Lines longer than this are skipped (counted, quoted) without being buffered: a 10 MB row cannot stall the tab. */
export const MAX_LINE_BYTES = 1 << 20;
/** Complete quoted records parsed per Papaparse call. */
const QUOTED_BATCH = 1024;
/** How many bad lines a report quotes. */
export const MAX_BAD_LINES = 5;
/** Bytes examined for NUL / invalid UTF-8 before deciding the file is text. */
const SNIFF_BYTES = 1 << 16;
/** Year 2100 as Unix seconds: a later timestamp is almost certainly a unit mistake. */
const FAR_FUTURE_S = 4102444800;
/** A gap between consecutive requests longer than this is worth a warning (30 days). */
const LONG_GAP_S = 30 * 86400;
/** Longest context of any catalog model: rows asking for more cannot run on any of them. */
const MAX_CONTEXT = Math.max(...MODELS.map((m) => m.maxContext));
const U32_MAX = 4294967295;

type ArrivalMode = 'unknown' | 'numeric' | 'datetime';
type TokenResult = number | string; // a count, or the reason it was refused

const fmt = (n: number) => n.toLocaleString('en-US');

/** Creates a streaming parser. */
export function createTraceParser(opts: ParseOptions): TraceParser {
	let error: UserError | undefined;
	let bytesIn = 0;
	let finished = false;

	// --- byte stages ---------------------------------------------------------------------------
	let head: Uint8Array = new Uint8Array(0); // first bytes, until gzip / BOM can be decided
	let stage: 'start' | 'plain' | 'gzip' = 'start';
	let gunzip: Gunzip | undefined;
	let textStage: 'start' | 'utf8' | 'utf16' = 'start';
	let textHead: Uint8Array = new Uint8Array(0);
	let utf16: Utf8Decoder | undefined;
	let sniffed = 0;
	const sniffDecoder = makeDecoder('utf-8', true);
	let sawBom = false;
	let textBytes = 0;

	// --- line splitting ------------------------------------------------------------------------
	let carry = new Uint8Array(256);
	let carryLen = 0;
	let overlong = false;
	let overlongBytes = 0;
	let overlongPreview = '';
	let pendingCR = false;
	let lineNo = 0;

	// --- records -------------------------------------------------------------------------------
	let kind: 'unknown' | 'csv' | 'jsonl' = 'unknown';
	let layout: CsvLayout | undefined;
	let format: TraceFormat = 'mapped-csv';
	let maxCol = 0;
	let fieldStart = new Int32Array(1);
	let fieldEnd = new Int32Array(1);
	let pendingRecord: string | undefined; // a quoted field spanning lines
	let pendingLine = 0;
	let pendingQuotes = 0;
	let batchText: string[] = []; // complete quoted records waiting for one Papaparse call
	let batchLine: number[] = [];
	let arrivalMode: ArrivalMode = 'unknown';
	let numericFactor = 1; // multiplies numeric arrival values into seconds
	let arrivalName = 'Timestamp';
	let promptName = 'prompt tokens';
	let outputName = 'output tokens';
	const models: NameTable = createNameTable();
	const logTypes: NameTable = createNameTable();
	const cols: ColumnBuilder = createColumns();

	// --- report --------------------------------------------------------------------------------
	let rowsRead = 0;
	let failedRows = 0;
	const skipped: Record<string, number> = {};
	const badLines: BadLine[] = [];
	let fractional = 0;
	let fractionalLine = 0;
	let beyondContext = 0;
	let beyondContextLine = 0;
	let lastArrival = -Infinity;
	let backwards = 0;
	let backwardsLine = 0;
	let maxArrival = -Infinity;
	let maxArrivalLine = 0;
	let datetimeInNumericFormat = false;

	const fail = (e: UserError) => {
		if (!error) error = e;
	};

	/** Counts a skipped row; the text is a string or a byte range (decoded only when quoted, no per-row closures). */
	function skip(reason: string, line: number, text: string | Uint8Array, s = 0, e = 0): void {
		skipped[reason] = (skipped[reason] ?? 0) + 1;
		if (badLines.length < MAX_BAD_LINES) {
			const shown = typeof text === 'string' ? text.slice(0, 400) : decodeRange(text, s, Math.min(e, s + 400));
			badLines.push({ line, text: quoteLine(shown), reason });
		}
	}

	// ------------------------------------------------------------------ values

	function tokensFromNumber(v: number, col: string, line: number): TokenResult {
		if (Number.isNaN(v)) return `${col} is NaN`;
		if (!Number.isFinite(v)) return `${col} is infinite`;
		if (v < 0) return `negative ${col}`;
		if (v > U32_MAX) return `${col} out of range (more than 4,294,967,295)`;
		if (!Number.isInteger(v)) {
			if (fractional++ === 0) fractionalLine = line;
			return Math.round(v);
		}
		return v;
	}

	function tokensFromString(raw: string, col: string, line: number): TokenResult {
		const s = raw.trim();
		if (s === '') return `empty ${col}`;
		const v = Number(s);
		if (Number.isNaN(v)) return /^[+-]?nan$/i.test(s) ? `${col} is NaN` : `non-numeric ${col}`;
		return tokensFromNumber(v, col, line);
	}

	function tokensFromJson(v: unknown, col: string, line: number): TokenResult {
		if (typeof v === 'number') return tokensFromNumber(v, col, line);
		return typeof v === 'string' ? tokensFromString(v, col, line) : `non-numeric ${col}`;
	}

	function arrivalFromNumber(v: number): number | string {
		if (!Number.isFinite(v)) return Number.isNaN(v) ? `${arrivalName} is NaN` : `${arrivalName} is infinite`;
		if (arrivalMode === 'datetime') return `${arrivalName} is a number among date-times`;
		arrivalMode = 'numeric';
		return v * numericFactor;
	}

	function arrivalFromString(raw: string): number | string {
		const s = raw.trim();
		if (s === '') return `empty ${arrivalName}`;
		const v = Number(s);
		if (!Number.isNaN(v) || /^[+-]?nan$/i.test(s)) return arrivalFromNumber(v);
		const t = parseDateTimeS(s);
		if (Number.isNaN(t)) return `non-numeric ${arrivalName}`;
		if (arrivalMode === 'numeric') return `${arrivalName} is a date-time among numbers`;
		if (arrivalMode === 'unknown' && format !== 'azure-2023' && layout?.arrivalUnit !== 'datetime') datetimeInNumericFormat = true;
		arrivalMode = 'datetime';
		return t;
	}

	function commit(arrivalS: number, prompt: number, output: number, model: number, logType: number, line: number): void {
		if (arrivalS < lastArrival && backwards++ === 0) backwardsLine = line;
		lastArrival = arrivalS;
		if (arrivalS > maxArrival) {
			maxArrival = arrivalS;
			maxArrivalLine = line;
		}
		if (output === 0) failedRows++;
		if (prompt + output > MAX_CONTEXT && beyondContext++ === 0) beyondContextLine = line;
		pushRow(cols, arrivalS, prompt, output, model, logType, line);
	}

	// ------------------------------------------------------------------ records

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

	function csvFields(buf: Uint8Array, s: number, e: number): boolean {
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
			} else if (b === 34) {
				return false;
			}
		}
		if (col <= maxCol) {
			fieldStart[col] = fstart;
			fieldEnd[col] = e;
		}
		fieldCount = col + 1;
		return true;
	}
	let fieldCount = 0;

	function csvLineFast(buf: Uint8Array, s: number, e: number, line: number): void {
		const L = layout as CsvLayout;
		if (!csvFields(buf, s, e)) {
			csvLineQuoted(decodeRange(buf, s, e), line);
			return;
		}
		if (fieldCount <= maxCol) return skip(`too few columns (need ${maxCol + 1})`, line, buf, s, e);
		let arrival: number | string;
		const ai = uintBytes(buf, fieldStart[L.arrival], fieldEnd[L.arrival]);
		if (ai >= 0 && arrivalMode !== 'datetime') {
			arrivalMode = 'numeric';
			arrival = ai * numericFactor;
		} else arrival = arrivalFromString(decodeRange(buf, fieldStart[L.arrival], fieldEnd[L.arrival]));
		if (typeof arrival === 'string') return skip(arrival, line, buf, s, e);
		let prompt: TokenResult = uintBytes(buf, fieldStart[L.prompt], fieldEnd[L.prompt]);
		if (prompt < 0) prompt = tokensFromString(decodeRange(buf, fieldStart[L.prompt], fieldEnd[L.prompt]), promptName, line);
		if (typeof prompt === 'string') return skip(prompt, line, buf, s, e);
		let output: TokenResult = uintBytes(buf, fieldStart[L.output], fieldEnd[L.output]);
		if (output < 0) output = tokensFromString(decodeRange(buf, fieldStart[L.output], fieldEnd[L.output]), outputName, line);
		if (typeof output === 'string') return skip(output, line, buf, s, e);
		const model = L.model >= 0 ? models.codeOfBytes(buf, fieldStart[L.model], fieldEnd[L.model]) : 0;
		const logType = L.logType >= 0 ? logTypes.codeOfBytes(buf, fieldStart[L.logType], fieldEnd[L.logType]) : 0;
		commit(arrival, prompt, output, model, logType, line);
	}

	function countQuotes(text: string): number {
		let q = 0;
		for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) q++;
		return q;
	}

	function csvLineQuoted(text: string, line: number): void {
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
				skip('unterminated quoted field', pendingLine, rec);
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
			for (let k = 0; k < texts.length; k++) csvRecordFromStrings(parsed.data[k], lines[k], texts[k]);
			return;
		}
		for (let k = 0; k < texts.length; k++) {
			const one = Papa.parse<string[]>(texts[k], { delimiter: ',', newline: '\n', skipEmptyLines: false });
			if (one.errors.some((e) => e.type === 'Quotes')) skip('malformed quoted field', lines[k], texts[k]);
			else csvRecordFromStrings(one.data[0] ?? [], lines[k], texts[k]);
		}
	}

	function csvRecordFromStrings(fields: string[], line: number, text: string): void {
		const L = layout as CsvLayout;
		if (fields.length <= maxCol) return skip(`too few columns (need ${maxCol + 1})`, line, text);
		const arrival = arrivalFromString(fields[L.arrival]);
		if (typeof arrival === 'string') return skip(arrival, line, text);
		const prompt = tokensFromString(fields[L.prompt], promptName, line);
		if (typeof prompt === 'string') return skip(prompt, line, text);
		const output = tokensFromString(fields[L.output], outputName, line);
		if (typeof output === 'string') return skip(output, line, text);
		const model = L.model >= 0 ? models.codeOf(fields[L.model]) : 0;
		const logType = L.logType >= 0 ? logTypes.codeOf(fields[L.logType]) : 0;
		commit(arrival, prompt, output, model, logType, line);
	}

	function jsonLine(text: string, line: number): void {
		let rec: unknown;
		try {
			rec = JSON.parse(text);
		} catch {
			return skip('not valid JSON', line, text);
		}
		if (typeof rec !== 'object' || rec === null || Array.isArray(rec)) return skip('not a JSON object', line, text);
		const r = rec as Record<string, unknown>;
		for (const k of Object.values(MOONCAKE_KEYS)) if (!(k in r)) return skip(`missing "${k}"`, line, text);
		const ta = r[MOONCAKE_KEYS.arrival];
		const arrival = typeof ta === 'number' ? arrivalFromNumber(ta) : typeof ta === 'string' ? arrivalFromString(ta) : `non-numeric ${arrivalName}`;
		if (typeof arrival === 'string') return skip(arrival, line, text);
		const prompt = tokensFromJson(r[MOONCAKE_KEYS.prompt], promptName, line);
		if (typeof prompt === 'string') return skip(prompt, line, text);
		const output = tokensFromJson(r[MOONCAKE_KEYS.output], outputName, line);
		if (typeof output === 'string') return skip(output, line, text);
		commit(arrival, prompt, output, 0, 0, line);
	}

	// ------------------------------------------------------------------ header / lines

	function headerLine(buf: Uint8Array, s: number, e: number): void {
		let i = s;
		while (i < e && (buf[i] === 32 || buf[i] === 9)) i++;
		if (buf[i] === 123 /* { */) {
			kind = 'jsonl';
			format = 'mooncake-jsonl';
			const text = decodeRange(buf, s, e);
			let rec: unknown;
			try {
				rec = JSON.parse(text);
			} catch {
				return fail({ code: 'bad-json', line: lineNo, message: `Line ${lineNo} starts like JSON but is not valid JSON: ${quoteLine(text, 120)}. A Mooncake JSONL trace holds one JSON object per line with "timestamp", "input_length" and "output_length".` });
			}
			const keyError = typeof rec === 'object' && rec !== null && !Array.isArray(rec) ? checkMooncakeKeys(rec as Record<string, unknown>, lineNo) : { code: 'bad-json', line: lineNo, message: `Line ${lineNo} is JSON but not an object.` };
			if (keyError) return fail(keyError);
			arrivalName = MOONCAKE_KEYS.arrival;
			promptName = MOONCAKE_KEYS.prompt;
			outputName = MOONCAKE_KEYS.output;
			numericFactor = 1e-3; // Mooncake timestamps are milliseconds
			models.codeOf('unknown');
			logTypes.codeOf('unknown');
			rowsRead++;
			jsonLine(text, lineNo);
			return;
		}
		kind = 'csv';
		const text = decodeRange(buf, s, e);
		const parsed = Papa.parse<string[]>(text, { delimiter: ',', newline: '\n' });
		const header = parsed.data[0] ?? [''];
		const detected = detectCsvLayout(header, opts.mapping);
		if (!detected.ok) return fail(detected.error);
		layout = detected.layout;
		format = layout.format;
		maxCol = Math.max(layout.arrival, layout.prompt, layout.output, layout.model, layout.logType);
		fieldStart = new Int32Array(maxCol + 1);
		fieldEnd = new Int32Array(maxCol + 1);
		arrivalName = layout.names.arrival;
		promptName = layout.names.prompt;
		outputName = layout.names.output;
		if (layout.arrivalUnit === 'ms') numericFactor = 1e-3;
		if (layout.arrivalUnit === 'datetime') arrivalMode = 'datetime';
		if (layout.model < 0) models.codeOf('unknown');
		if (layout.logType < 0) logTypes.codeOf('unknown');
	}

	function hasQuote(buf: Uint8Array, s: number, e: number): boolean {
		for (let i = s; i < e; i++) if (buf[i] === 34) return true;
		return false;
	}

	function isBlank(buf: Uint8Array, s: number, e: number): boolean {
		for (let i = s; i < e; i++) {
			const b = buf[i];
			if (b !== 32 && b !== 9) return false;
		}
		return true;
	}

	/** One physical line [s, e) without its terminator. */
	function emitLine(buf: Uint8Array, s: number, e: number): void {
		lineNo++;
		if (error) return;
		if (pendingRecord !== undefined) return csvLineQuoted(decodeRange(buf, s, e), lineNo);
		if (e === s || ((buf[s] === 32 || buf[s] === 9) && isBlank(buf, s, e))) return;
		if (kind === 'unknown') return headerLine(buf, s, e);
		rowsRead++;
		if (kind === 'csv') {
			// File order matters (backwards-timestamp detection, stable sort): quoted rows go first.
			if (batchText.length > 0 && !hasQuote(buf, s, e)) flushQuoted();
			csvLineFast(buf, s, e, lineNo);
		}
		else jsonLine(decodeRange(buf, s, e), lineNo);
	}

	function emitOverlong(): void {
		lineNo++;
		const bytes = overlongBytes;
		overlong = false;
		overlongBytes = 0;
		if (error) return;
		if (kind === 'unknown') {
			return fail({ code: 'line-too-long', line: lineNo, message: `Line ${lineNo} (the header) is ${fmt(bytes)} bytes long, over the ${fmt(MAX_LINE_BYTES)}-byte limit for one line. This is not a trace file servescope can read; check the file and its format.` });
		}
		rowsRead++;
		if (pendingRecord !== undefined) {
			pendingRecord = undefined;
			return skip('unterminated quoted field', pendingLine, overlongPreview);
		}
		skip(`line longer than ${fmt(MAX_LINE_BYTES)} bytes`, lineNo, `${overlongPreview}… (${fmt(bytes)} bytes)`);
	}

	function appendCarry(d: Uint8Array, s: number, e: number): void {
		const n = e - s;
		if (overlong) {
			overlongBytes += n;
			return;
		}
		if (carryLen + n > MAX_LINE_BYTES) {
			overlong = true;
			overlongBytes = carryLen + n;
			const previewBytes = new Uint8Array(Math.min(120, carryLen + n));
			previewBytes.set(carry.subarray(0, Math.min(carryLen, previewBytes.length)));
			if (carryLen < previewBytes.length) previewBytes.set(d.subarray(s, s + previewBytes.length - carryLen), carryLen);
			overlongPreview = decodeRange(previewBytes, 0, previewBytes.length);
			carryLen = 0;
			if (carry.length > 1 << 16) carry = new Uint8Array(256); // release the big buffer
			return;
		}
		if (carryLen + n > carry.length) {
			let cap = carry.length * 2;
			while (cap < carryLen + n) cap *= 2;
			const next = new Uint8Array(cap);
			next.set(carry.subarray(0, carryLen));
			carry = next;
		}
		carry.set(d.subarray(s, e), carryLen);
		carryLen += n;
	}

	function flushCarry(): void {
		if (overlong) emitOverlong();
		else {
			const len = carryLen;
			carryLen = 0;
			emitLine(carry, 0, len);
		}
	}

	/** Splits UTF-8 bytes into lines at LF, CRLF or a lone CR; a partial last line waits in `carry`. */
	function splitLines(d: Uint8Array): void {
		let start = 0;
		if (d.length === 0) return;
		if (pendingCR) {
			pendingCR = false;
			if (d[0] === 10) start = 1;
		}
		let nextCR = -2;
		while (start < d.length && !error) {
			const nl = d.indexOf(10, start);
			// The CR position is cached: searching it afresh per line would be quadratic in the chunk size.
			if (nextCR !== -1 && nextCR < start) nextCR = d.indexOf(13, start);
			let end: number;
			let next: number;
			if (nextCR >= 0 && (nl < 0 || nextCR < nl)) {
				end = nextCR;
				if (nextCR + 1 < d.length) next = d[nextCR + 1] === 10 ? nextCR + 2 : nextCR + 1;
				else {
					next = d.length;
					pendingCR = true;
				}
			} else if (nl >= 0) {
				end = nl;
				next = nl + 1;
			} else {
				appendCarry(d, start, d.length);
				return;
			}
			if (carryLen > 0 || overlong) {
				appendCarry(d, start, end);
				flushCarry();
			} else if (end - start > MAX_LINE_BYTES) {
				appendCarry(d, start, end);
				flushCarry();
			} else emitLine(d, start, end);
			start = next;
		}
	}

	// ------------------------------------------------------------------ text stages

	function sniff(d: Uint8Array): void {
		const n = Math.min(d.length, SNIFF_BYTES - sniffed);
		if (n <= 0) return;
		const part = d.subarray(0, n);
		const nul = part.indexOf(0);
		const binaryMsg = (what: string) =>
			fail({
				code: 'binary-file',
				message: `"${opts.name}" is not a text trace: ${what} near byte ${fmt(textBytes + 1)}. servescope reads CSV or JSONL text (UTF-8 or UTF-16 with a byte-order mark), optionally gzip-compressed. If this is a spreadsheet or archive, export or extract the CSV first.`
			});
		if (nul >= 0) {
			textBytes += nul;
			return binaryMsg('it contains NUL bytes (binary data, or UTF-16 without a byte-order mark)');
		}
		try {
			sniffDecoder.decode(part, { stream: true });
		} catch {
			return binaryMsg('it contains bytes that are not valid UTF-8');
		}
		sniffed += n;
	}

	function utf8Bytes(d: Uint8Array): void {
		if (sniffed < SNIFF_BYTES) sniff(d);
		if (error) return;
		textBytes += d.length;
		splitLines(d);
	}

	function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
		if (a.length === 0) return b;
		const out = new Uint8Array(a.length + b.length);
		out.set(a);
		out.set(b, a.length);
		return out;
	}

	function textIn(d: Uint8Array, final: boolean): void {
		if (textStage === 'start') {
			textHead = concat(textHead, d);
			if (textHead.length < 4 && !final) return;
			const h = textHead;
			textHead = new Uint8Array(0);
			if (h[0] === 0x50 && h[1] === 0x4b && h[2] === 3 && h[3] === 4) {
				return fail({ code: 'zip-archive', message: `"${opts.name}" is a ZIP archive (or an .xlsx spreadsheet), not a trace. Extract the CSV/JSONL inside it (or export the sheet as CSV) and load that.` });
			}
			if (h[0] === 0xef && h[1] === 0xbb && h[2] === 0xbf) {
				sawBom = true;
				textStage = 'utf8';
				return utf8Bytes(h.subarray(3));
			}
			if ((h[0] === 0xff && h[1] === 0xfe) || (h[0] === 0xfe && h[1] === 0xff)) {
				if (h[0] === 0xff && h[2] === 0 && h[3] === 0) {
					return fail({ code: 'unsupported-encoding', message: `"${opts.name}" is UTF-32 text. Save it as UTF-8 and load it again.` });
				}
				utf16 = makeDecoder(h[0] === 0xff ? 'utf-16le' : 'utf-16be');
				textStage = 'utf16';
				return textIn(h.subarray(2), final);
			}
			textStage = 'utf8';
			return utf8Bytes(h);
		}
		if (textStage === 'utf16') {
			// UTF-16 is rare: decode and re-encode so the one UTF-8 line machinery serves both.
			const s = (utf16 as Utf8Decoder).decode(d, { stream: !final });
			return utf8Bytes(encodeUtf8(s));
		}
		utf8Bytes(d);
	}

	function bytesIn_(d: Uint8Array, final: boolean): void {
		if (stage === 'start') {
			head = concat(head, d);
			if (head.length < 2 && !final) return;
			const h = head;
			head = new Uint8Array(0);
			if (h[0] === 0x1f && h[1] === 0x8b) {
				stage = 'gzip';
				gunzip = new Gunzip((data) => {
					if (!error) textIn(data, false);
				});
				return bytesIn_(h, final);
			}
			stage = 'plain';
			return textIn(h, final);
		}
		if (stage === 'gzip') {
			try {
				(gunzip as Gunzip).push(d, final);
			} catch (e) {
				// The row columns grow inside fflate's callback: running out of memory there is not a damaged file.
				if (isOutOfMemory(e)) throw e;
				const why = e instanceof Error ? e.message : String(e);
				fail(
					final && /unexpected EOF|EOF/i.test(why)
						? { code: 'truncated-gzip', message: `"${opts.name}" is gzip-compressed but ends early (truncated after ${fmt(bytesIn)} compressed bytes, line ${fmt(lineNo + 1)} of the text). Download or copy the file again; nothing from it was loaded.` }
						: { code: 'bad-gzip', message: `"${opts.name}" starts like gzip but cannot be decompressed (${why}). The file is damaged; download or compress it again.` }
				);
			}
			if (final && !error) textIn(new Uint8Array(0), true);
			return;
		}
		textIn(d, final);
	}

	// ------------------------------------------------------------------ finish

	function build(): ParseOutcome {
		if (error) return { ok: false, error };
		if (kind === 'unknown') {
			return {
				ok: false,
				error: {
					code: 'empty-file',
					message: `"${opts.name}" is empty${bytesIn > 0 ? ' (only blank lines' + (sawBom ? ' and a byte-order mark' : '') + ')' : ''}. Load a trace with a header row and at least one request.`
				}
			};
		}
		if (rowsRead === 0) {
			return { ok: false, error: { code: 'no-rows', line: lineNo, message: `"${opts.name}" has a header but no data rows. Load a file with at least one request after the header.` } };
		}
		if (cols.length === 0) {
			const reasons = Object.entries(skipped)
				.sort((a, b) => b[1] - a[1])
				.map(([r, n]) => `${r} (${fmt(n)})`)
				.join(', ');
			const first = badLines[0];
			return {
				ok: false,
				error: {
					code: 'no-usable-rows',
					line: first?.line,
					message: `None of the ${fmt(rowsRead)} rows of "${opts.name}" could be used: ${reasons}.${first ? ` First bad line ${first.line}: "${first.text}".` : ''} Check that the columns hold what the header says (numbers for times and tokens).`
				}
			};
		}
		const warnings: string[] = [];
		trimColumns(cols);
		if (backwards > 0) {
			sortByArrival(cols);
			warnings.push(`Timestamps go backwards ${fmt(backwards)} time(s) (first at line ${backwardsLine}); rows were sorted by time, keeping file order for ties.`);
		}
		const n = cols.length;
		const t = cols.arrivalS;
		const t0 = t[0];
		if (maxArrival > FAR_FUTURE_S) {
			warnings.push(`The timestamp on line ${maxArrivalLine} lies after the year 2100 (${fmt(Math.round(maxArrival))} s); check the time unit of "${arrivalName}".`);
		}
		let maxGap = 0;
		let maxGapAt = 0;
		let longGaps = 0;
		for (let i = 1; i < n; i++) {
			const gap = t[i] - t[i - 1];
			if (gap > LONG_GAP_S) longGaps++;
			if (gap > maxGap) {
				maxGap = gap;
				maxGapAt = i;
			}
		}
		if (longGaps > 0) {
			warnings.push(
				`${fmt(longGaps)} gap(s) longer than 30 days between consecutive requests; the longest is ${(maxGap / 86400).toLocaleString('en-US', { maximumFractionDigits: 1 })} days (${(maxGap / (365.25 * 86400)).toLocaleString('en-US', { maximumFractionDigits: 2 })} years) before line ${cols.line[maxGapAt]}. Use a time window or re-time the workload.`
			);
		}
		for (let i = 0; i < n; i++) t[i] -= t0;
		if (n > 1 && t[n - 1] === 0) warnings.push(`All ${fmt(n)} timestamps are equal: every request arrives at once (time span 0 s).`);
		if (datetimeInNumericFormat) warnings.push(`"${arrivalName}" holds date-times, not seconds; they were read as wall-clock times (UTC).`);
		if (fractional > 0) warnings.push(`${fmt(fractional)} row(s) had fractional token counts (first at line ${fractionalLine}); they were rounded to whole tokens.`);
		if (beyondContext > 0) {
			warnings.push(`${fmt(beyondContext)} row(s) ask for more than ${fmt(MAX_CONTEXT)} tokens (prompt + output, first at line ${beyondContextLine}), beyond any catalog model's context; no catalog model can serve them.`);
		}
		if (models.folded > 0) warnings.push(`More than ${models.names.length - 1} distinct model names; ${fmt(models.folded)} row(s) were counted as "other".`);
		if (logTypes.folded > 0) warnings.push(`More than ${logTypes.names.length - 1} distinct log types; ${fmt(logTypes.folded)} row(s) were counted as "other".`);
		const skippedTotal = Object.values(skipped).reduce((a, b) => a + b, 0);
		if (skippedTotal > 0) warnings.push(`${fmt(skippedTotal)} of ${fmt(rowsRead)} rows were skipped (see the reasons and quoted lines).`);

		const trace: Trace = {
			name: opts.name,
			format,
			synthetic: false,
			arrivalS: t,
			promptTokens: cols.promptTokens,
			outputTokens: cols.outputTokens,
			modelCode: cols.modelCode,
			modelNames: models.names.length > 0 ? models.names : ['unknown'],
			logTypeCode: cols.logTypeCode,
			logTypeNames: logTypes.names.length > 0 ? logTypes.names : ['unknown']
		};
		const report: ParseReport = { format, rowsRead, rowsKept: n, failedRows, skipped, badLines, warnings };
		return { ok: true, trace, report };
	}

	const internal = (e: unknown): UserError =>
		isOutOfMemory(e)
			? {
					code: 'out-of-memory',
					line: lineNo || undefined,
					message: `Reading "${opts.name}" ran out of memory near line ${fmt(lineNo + 1)}, after ${fmt(cols.length)} requests (${e instanceof Error ? e.message : String(e)}): the trace's columns take 18 bytes per request and need twice that for a moment while they grow, and this tab could not allocate more. Close other tabs, or load a smaller file or part of it; the previously loaded trace is still usable.`
				}
			: internalError(e);
	const internalError = (e: unknown): UserError => ({
		code: 'parse-failed',
		line: lineNo || undefined,
		message: `Reading "${opts.name}" failed near line ${fmt(lineNo + 1)} (${e instanceof Error ? e.message : String(e)}). This is a servescope bug or an unusual file; please report it with the file's first lines.`
	});

	return {
		push(chunk: Uint8Array): void {
			if (finished || error) return;
			bytesIn += chunk.length;
			try {
				bytesIn_(chunk, false);
			} catch (e) {
				fail(internal(e));
			}
			opts.onProgress?.(bytesIn);
		},
		finish(): ParseOutcome {
			if (!finished) {
				finished = true;
				try {
					if (!error) bytesIn_(new Uint8Array(0), true);
					if (!error && (carryLen > 0 || overlong)) flushCarry();
					if (!error) flushQuoted();
					if (!error && pendingRecord !== undefined) {
						const rec = pendingRecord;
						pendingRecord = undefined;
						skip('unterminated quoted field', pendingLine, rec);
					}
				} catch (e) {
					fail(internal(e));
				}
			}
			try {
				return build();
			} catch (e) {
				return { ok: false, error: internal(e) };
			}
		}
	};
}

/**
 * Whether `e` is an allocation failure (V8: RangeError "Array buffer allocation failed" or "Invalid
 * typed array length"; Firefox: "out of memory"): the tab ran out of memory, not a parser bug.
 * Same test as study/memory.ts isAllocationFailure (trace code cannot import the study's).
 */
function isOutOfMemory(e: unknown): boolean {
	if (!(e instanceof Error)) return false;
	if (/out of memory|allocation failed/i.test(`${e.name} ${e.message}`)) return true;
	return e.name === 'RangeError' && /invalid (typed )?array (buffer )?length|array buffer allocation|cannot allocate/i.test(e.message);
}

/** Parses a whole byte array (tests, small files, drag-and-drop of an in-memory buffer). */
export function parseTraceBytes(bytes: Uint8Array, opts: ParseOptions): ParseOutcome {
	const p = createTraceParser(opts);
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

/** Parses a stream (a browser File.stream(), a Node fs stream, fetch body) chunk by chunk. */
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
