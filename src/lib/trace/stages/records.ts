/**
 * Stage 4: physical lines in, rows out. The first non-blank line decides the kind: a JSON object
 * starts a JSONL trace (Mooncake), anything else is a CSV header matched against the known formats
 * (or the person's column mapping). Data lines then go to the CSV or JSONL body stage.
 */
import Papa from 'papaparse';
import { checkMooncakeKeys, detectCsvLayout, MOONCAKE_KEYS, type ColumnMapping } from '../formats';
import { createNameTable } from '../names';
import { decodeRange, quoteLine } from '../text';
import type { TraceFormat } from '../types';
import { fail, fmt, type ParseContext } from './context';
import { createCsvRecords, type CsvRecords } from './csv-records';
import { jsonlRecord } from './jsonl-records';
import { MAX_LINE_BYTES, type LineSink } from './lines';
import type { RecordsSummary, RowReport } from './report';
import { createValueReader, type ValueReader } from './values';

/** The records stage: a LineSink, plus end-of-file and what the report quotes. */
export interface RecordsStage extends LineSink {
	end(): void;
	summary(): RecordsSummary;
}

function isBlank(buf: Uint8Array, s: number, e: number): boolean {
	for (let i = s; i < e; i++) {
		const b = buf[i];
		if (b !== 32 && b !== 9) return false;
	}
	return true;
}

/** The records stage for one file, writing into `report`. */
export function createRecordsStage(ctx: ParseContext, report: RowReport, mapping: ColumnMapping | undefined): RecordsStage {
	let kind: RecordsSummary['kind'] = 'unknown';
	let format: TraceFormat = 'mapped-csv';
	const models = createNameTable();
	const logTypes = createNameTable();
	let values: ValueReader | undefined;
	let csv: CsvRecords | undefined;

	function jsonHeader(buf: Uint8Array, s: number, e: number): void {
		const lineNo = ctx.lineNo;
		kind = 'jsonl';
		format = 'mooncake-jsonl';
		const text = decodeRange(buf, s, e);
		let rec: unknown;
		try {
			rec = JSON.parse(text);
		} catch {
			return fail(ctx, { code: 'bad-json', line: lineNo, message: `Line ${lineNo} starts like JSON but is not valid JSON: ${quoteLine(text, 120)}. A Mooncake JSONL trace holds one JSON object per line with "timestamp", "input_length" and "output_length".` });
		}
		const keyError = typeof rec === 'object' && rec !== null && !Array.isArray(rec) ? checkMooncakeKeys(rec as Record<string, unknown>, lineNo) : { code: 'bad-json', line: lineNo, message: `Line ${lineNo} is JSON but not an object.` };
		if (keyError) return fail(ctx, keyError);
		// Mooncake timestamps are milliseconds.
		values = createValueReader(report, { arrival: MOONCAKE_KEYS.arrival, prompt: MOONCAKE_KEYS.prompt, output: MOONCAKE_KEYS.output, numericFactor: 1e-3, mode: 'unknown', expectsNumbers: true });
		models.codeOf('unknown');
		logTypes.codeOf('unknown');
		report.rowsRead++;
		jsonlRecord(text, lineNo, report, values);
	}

	function csvHeader(buf: Uint8Array, s: number, e: number): void {
		kind = 'csv';
		const parsed = Papa.parse<string[]>(decodeRange(buf, s, e), { delimiter: ',', newline: '\n' });
		const detected = detectCsvLayout(parsed.data[0] ?? [''], mapping);
		if (!detected.ok) return fail(ctx, detected.error);
		const L = detected.layout;
		format = L.format;
		values = createValueReader(report, {
			arrival: L.names.arrival,
			prompt: L.names.prompt,
			output: L.names.output,
			numericFactor: L.arrivalUnit === 'ms' ? 1e-3 : 1,
			mode: L.arrivalUnit === 'datetime' ? 'datetime' : 'unknown',
			expectsNumbers: format !== 'azure-2023' && L.arrivalUnit !== 'datetime'
		});
		if (L.model < 0) models.codeOf('unknown');
		if (L.logType < 0) logTypes.codeOf('unknown');
		if (mapping?.prefixBlockTokens !== undefined && mapping.prefixBlockTokens >= 1) report.prefix.blockTokens = Math.floor(mapping.prefixBlockTokens);
		csv = createCsvRecords(L, report, values, models, logTypes);
	}

	return {
		line(buf: Uint8Array, s: number, e: number): void {
			if (csv !== undefined && csv.inQuotedField) return csv.continueQuoted(decodeRange(buf, s, e), ctx.lineNo);
			if (e === s || ((buf[s] === 32 || buf[s] === 9) && isBlank(buf, s, e))) return;
			if (kind === 'unknown') {
				let i = s;
				while (i < e && (buf[i] === 32 || buf[i] === 9)) i++;
				return buf[i] === 123 /* { */ ? jsonHeader(buf, s, e) : csvHeader(buf, s, e);
			}
			report.rowsRead++;
			if (csv !== undefined) csv.line(buf, s, e, ctx.lineNo);
			else jsonlRecord(decodeRange(buf, s, e), ctx.lineNo, report, values as ValueReader);
		},
		overlong(bytes: number, preview: string): void {
			if (kind === 'unknown') {
				return fail(ctx, { code: 'line-too-long', line: ctx.lineNo, message: `Line ${ctx.lineNo} (the header) is ${fmt(bytes)} bytes long, over the ${fmt(MAX_LINE_BYTES)}-byte limit for one line. This is not a trace file servescope can read; check the file and its format.` });
			}
			report.rowsRead++;
			if (csv?.dropOpenRecord(preview)) return;
			report.skip(`line longer than ${fmt(MAX_LINE_BYTES)} bytes`, ctx.lineNo, `${preview}… (${fmt(bytes)} bytes)`);
		},
		end(): void {
			csv?.end();
		},
		summary(): RecordsSummary {
			const arrivalName = values?.names.arrival ?? 'Timestamp';
			return { kind, format, arrivalName, datetimeInNumericFormat: values?.datetimeInNumericFormat ?? false, models, logTypes };
		}
	};
}
