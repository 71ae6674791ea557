/**
 * Trace formats recognised from the header line (CSV) or the first record (JSONL).
 * Columns are matched by name (case-insensitive, trimmed), in any order; extra columns are ignored.
 */
import type { TraceFormat, UserError } from './types';

/** How the arrival column is read: seconds, milliseconds, or wall-clock date-time strings. */
export type ArrivalUnit = 's' | 'ms' | 'datetime';

/**
 * A user-chosen mapping for a plain CSV: the header names of the arrival, prompt-token and
 * output-token columns. `arrivalUnit` omitted: numbers are seconds, non-numbers are read as date-times.
 */
export interface ColumnMapping {
	arrival: string;
	prompt: string;
	output: string;
	arrivalUnit?: ArrivalUnit;
	/** Optional model column (names become small integer codes). */
	model?: string;
	/** Optional log-type column. */
	logType?: string;
	/**
	 * Optional session (conversation) column: rows with the same value are turns of one conversation,
	 * ASSUMED to extend the previous turn's prompt plus response (the prefix cache's identities).
	 */
	session?: string;
	/**
	 * Optional prefix column: each row's prompt block ids, as in Mooncake's hash_ids ("[3, 8, 9]" or
	 * "3 8 9"), one per `prefixBlockTokens` prompt tokens (default 512); equal leading ids = equal leading tokens.
	 */
	prefix?: string;
	prefixBlockTokens?: number;
}

/** Column positions for one CSV layout: -1 where the file has no such column. */
export interface CsvLayout {
	format: TraceFormat;
	arrival: number;
	prompt: number;
	output: number;
	model: number;
	logType: number;
	/** Session id column (BurstGPT v2.0 "Session ID", or mapped), -1 when none. */
	session: number;
	/** Prompt block ids column (mapped), -1 when none. */
	prefix: number;
	/** Header names of the columns above, as written in the file (for messages such as "negative Request tokens"). */
	names: { arrival: string; prompt: string; output: string };
	/** Unit for numeric arrival values; a date-time string is read as wall-clock time whatever this says. */
	arrivalUnit: ArrivalUnit | 'auto';
}

/** One known CSV format: the columns it needs and the optional ones it uses. */
interface CsvFormatSpec {
	format: TraceFormat;
	label: string;
	/** Every column of the published header, in the published order (shown in messages). */
	header: string[];
	arrival: string;
	prompt: string;
	output: string;
	model?: string;
	logType?: string;
	session?: string;
	/** Columns that tell this format apart from a sibling with the same core columns. */
	distinguishing: string[];
	arrivalUnit: ArrivalUnit | 'auto';
}

/** Known CSV formats, most specific first (v2 is v1 with two inserted columns). */
export const CSV_FORMATS: readonly CsvFormatSpec[] = [
	{
		format: 'burstgpt-v2',
		label: 'BurstGPT v2.0',
		header: ['Timestamp', 'Session ID', 'Elapsed time', 'Model', 'Request tokens', 'Response tokens', 'Total tokens', 'Log Type'],
		arrival: 'Timestamp',
		prompt: 'Request tokens',
		output: 'Response tokens',
		model: 'Model',
		logType: 'Log Type',
		session: 'Session ID',
		distinguishing: ['Session ID', 'Elapsed time'],
		arrivalUnit: 'auto'
	},
	{
		format: 'burstgpt-v1',
		label: 'BurstGPT v1.x',
		header: ['Timestamp', 'Model', 'Request tokens', 'Response tokens', 'Total tokens', 'Log Type'],
		arrival: 'Timestamp',
		prompt: 'Request tokens',
		output: 'Response tokens',
		model: 'Model',
		logType: 'Log Type',
		distinguishing: [],
		arrivalUnit: 'auto'
	},
	{
		format: 'azure-2023',
		label: 'Azure LLM inference 2023',
		header: ['TIMESTAMP', 'ContextTokens', 'GeneratedTokens'],
		arrival: 'TIMESTAMP',
		prompt: 'ContextTokens',
		output: 'GeneratedTokens',
		distinguishing: [],
		arrivalUnit: 'auto'
	}
];

/** Keys a Mooncake JSONL record must hold; timestamp is in milliseconds from the trace start. */
export const MOONCAKE_KEYS = { arrival: 'timestamp', prompt: 'input_length', output: 'output_length' } as const;

/** Normalises a header cell for matching: trimmed, lower case, quotes and inner whitespace runs folded. */
export function normalizeColumn(name: string): string {
	return name.replace(/^\uFEFF/, '').trim().replace(/^"|"$/g, '').trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * Most column names a header error carries in UserError.columns: enough for any real trace, and a
 * bound on what a garbage "header" (one line of a binary-ish file) can put in a page's select.
 */
export const MAX_OFFERED_COLUMNS = 256;

/** Header names a person can choose from: BOM and padding removed, blank ones dropped, bounded. */
function offeredColumns(found: string[]): string[] {
	return found.map((c) => c.replace(/^\uFEFF/, '').trim()).filter((c) => c !== '').slice(0, MAX_OFFERED_COLUMNS);
}

/** Cuts a list of column names for a message: at most 12 names, each at most 40 characters. */
function listColumns(cols: string[]): string {
	const shown = cols.slice(0, 12).map((c) => `"${c.length > 40 ? c.slice(0, 40) + '…' : c}"`);
	return shown.join(', ') + (cols.length > 12 ? ` and ${cols.length - 12} more` : '');
}

/**
 * A header that names two columns alike (after trimming and case folding) cannot be read: which of
 * them is "Request tokens"? The page could not even offer them apart in its column choice.
 */
function duplicateColumns(header: string[], norm: string[]): UserError | undefined {
	const first = new Map<string, number>();
	const dups: string[] = [];
	const dupNames: string[] = [];
	norm.forEach((n, i) => {
		if (n === '') return;
		const at = first.get(n);
		if (at === undefined) first.set(n, i);
		else {
			dups.push(`"${header[i].trim()}" (columns ${at + 1} and ${i + 1})`);
			dupNames.push(header[i].trim());
		}
	});
	if (dups.length === 0) return undefined;
	return {
		code: 'duplicate-columns',
		line: 1,
		field: dupNames[0],
		message: `The header on line 1 names the same column more than once: ${dups.slice(0, 5).join(', ')}${dups.length > 5 ? ` and ${dups.length - 5} more` : ''}. servescope cannot tell which one holds the data: rename the columns so each name is used once, then load the file again.`
	};
}

/** One column cannot be two of arrival time, prompt tokens and output tokens. */
function mappingReuse(m: ColumnMapping): UserError | undefined {
	const roles: [string, string][] = [
		['arrival', m.arrival],
		['prompt', m.prompt],
		['output', m.output]
	];
	for (let i = 0; i < roles.length; i++) {
		for (let j = i + 1; j < roles.length; j++) {
			if (normalizeColumn(roles[i][1]) === normalizeColumn(roles[j][1])) {
				return {
					code: 'mapping-reuses-column',
					field: roles[i][1],
					message: `The column mapping uses "${roles[i][1]}" for both ${roles[i][0]} and ${roles[j][0]}. Choose three different columns for the arrival time, prompt tokens and output tokens.`
				};
			}
		}
	}
	return undefined;
}

/**
 * Finds the layout for a CSV header: the user's mapping when given, else the first known format
 * whose required columns are all present. Wrong or missing columns give a UserError that names
 * the columns found and the ones expected.
 */
export function detectCsvLayout(header: string[], mapping?: ColumnMapping): { ok: true; layout: CsvLayout } | { ok: false; error: UserError } {
	const norm = header.map(normalizeColumn);
	const index = (name: string | undefined): number => (name === undefined ? -1 : norm.indexOf(normalizeColumn(name)));
	const found = header.map((h) => h.trim());

	if (header.length === 1 && norm[0] === '') {
		return { ok: false, error: { code: 'empty-header', line: 1, message: 'Line 1 (the header) is empty. Add a header row naming the columns, e.g. "Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type".' } };
	}

	const dup = duplicateColumns(header, norm);
	if (dup) return { ok: false, error: dup };

	if (mapping) {
		const reused = mappingReuse(mapping);
		if (reused) return { ok: false, error: reused };
		const wanted: [keyof Pick<ColumnMapping, 'arrival' | 'prompt' | 'output'>, string][] = [
			['arrival', mapping.arrival],
			['prompt', mapping.prompt],
			['output', mapping.output]
		];
		const missing = wanted.filter(([, col]) => index(col) < 0).map(([role, col]) => `${role} = "${col}"`);
		if (missing.length > 0) {
			return {
				ok: false,
				error: {
					code: 'missing-columns',
					line: 1,
					field: wanted.find(([, col]) => index(col) < 0)?.[1],
					columns: offeredColumns(found),
					message: `The column mapping names column(s) the header does not have: ${missing.join(', ')}. Columns found: ${listColumns(found)}. Pick the arrival, prompt-token and output-token columns from those.`
				}
			};
		}
		for (const opt of [mapping.model, mapping.logType, mapping.session, mapping.prefix]) {
			if (opt !== undefined && index(opt) < 0) {
				return { ok: false, error: { code: 'missing-columns', line: 1, field: opt, columns: offeredColumns(found), message: `The column mapping names "${opt}", which the header does not have. Columns found: ${listColumns(found)}.` } };
			}
		}
		return {
			ok: true,
			layout: {
				format: 'mapped-csv',
				arrival: index(mapping.arrival),
				prompt: index(mapping.prompt),
				output: index(mapping.output),
				model: index(mapping.model),
				logType: index(mapping.logType),
				session: index(mapping.session),
				prefix: index(mapping.prefix),
				names: { arrival: found[index(mapping.arrival)], prompt: found[index(mapping.prompt)], output: found[index(mapping.output)] },
				arrivalUnit: mapping.arrivalUnit ?? 'auto'
			}
		};
	}

	let best: { spec: CsvFormatSpec; missing: string[]; hits: number } | undefined;
	for (const spec of CSV_FORMATS) {
		const required = [spec.arrival, spec.prompt, spec.output, ...spec.distinguishing];
		const missing = required.filter((c) => index(c) < 0);
		if (missing.length === 0) {
			return {
				ok: true,
				layout: {
					format: spec.format,
					arrival: index(spec.arrival),
					prompt: index(spec.prompt),
					output: index(spec.output),
					model: index(spec.model),
					logType: index(spec.logType),
					session: index(spec.session),
					prefix: -1,
					names: { arrival: found[index(spec.arrival)], prompt: found[index(spec.prompt)], output: found[index(spec.output)] },
					arrivalUnit: spec.arrivalUnit
				}
			};
		}
		// Partial matches on the core columns only: "Session ID" missing just means "not v2".
		const core = [spec.arrival, spec.prompt, spec.output, spec.model, spec.logType].filter((c): c is string => c !== undefined);
		const coreHits = core.filter((c) => index(c) >= 0).length;
		// Ranked by the share of the published header present, so a v1-like header is not called v2.
		const share = spec.header.filter((c) => index(c) >= 0).length / spec.header.length;
		const coreMissing = [spec.arrival, spec.prompt, spec.output].filter((c) => index(c) < 0);
		if (coreMissing.length > 0 && coreHits >= 2 && (!best || share > best.hits)) best = { spec, missing: coreMissing, hits: share };
	}
	if (best) {
		return {
			ok: false,
			error: {
				code: 'missing-columns',
				line: 1,
				field: best.missing[0],
				columns: offeredColumns(found),
				message: `The header looks like ${best.spec.label} but lacks column(s) ${listColumns(best.missing)}. Columns found: ${listColumns(found)}. Expected: ${listColumns(best.spec.header)}. Fix the header, or choose the columns yourself with a column mapping.`
			}
		};
	}
	const expected = CSV_FORMATS.map((s) => `${s.label}: ${s.header.join(',')}`).join('; ');
	return {
		ok: false,
		error: {
			code: 'unknown-header',
			line: 1,
			columns: offeredColumns(found),
			message: `Unrecognised header on line 1. Columns found: ${listColumns(found)}. Expected one of — ${expected}; or Mooncake JSONL ({"timestamp", "input_length", "output_length"}). Choose the arrival, prompt-token and output-token columns with a column mapping to load any other CSV.`
		}
	};
}

/** Checks a Mooncake JSON record's keys; a UserError names the keys found and the ones expected. */
export function checkMooncakeKeys(record: Record<string, unknown>, line: number): UserError | undefined {
	const keys = Object.keys(record);
	const missing = Object.values(MOONCAKE_KEYS).filter((k) => !(k in record));
	if (missing.length === 0) return undefined;
	return {
		code: 'missing-columns',
		line,
		field: missing[0],
		message: `Line ${line} is a JSON record without key(s) ${listColumns(missing)}. Keys found: ${listColumns(keys)}. Expected Mooncake JSONL keys: "timestamp" (ms), "input_length", "output_length".`
	};
}
