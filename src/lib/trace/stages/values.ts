/**
 * Field values of one record: token counts (whole, non-negative, within u32) and arrival times
 * (numbers in the file's unit, or date-times; a file may not mix the two). A refused value comes
 * back as the reason string the report counts it under.
 */
import { parseDateTimeS } from '../text';
import type { RowReport } from './report';

const U32_MAX = 4294967295;

/** A count, or the reason it was refused. */
export type TokenResult = number | string;

/** How the file's arrivals are read so far: the first value decides. */
export type ArrivalMode = 'unknown' | 'numeric' | 'datetime';

/** Column names (for reasons such as "negative Request tokens") and the arrival unit. */
export interface ValueNames {
	arrival: string;
	prompt: string;
	output: string;
	/** Multiplies numeric arrival values into seconds (1e-3 for milliseconds). */
	numericFactor: number;
	/** 'datetime' when the format says so up front. */
	mode: ArrivalMode;
	/** True for formats whose arrivals are numbers (a date-time there earns a warning). */
	expectsNumbers: boolean;
}

/** The value reader of one file; `mode` and `datetimeInNumericFormat` are read by the records stage. */
export type ValueReader = ReturnType<typeof createValueReader>;

/** A value reader that notes rounded token counts in the report. */
export function createValueReader(report: RowReport, names: ValueNames) {
	const v = {
		mode: names.mode,
		datetimeInNumericFormat: false,
		numericFactor: names.numericFactor,
		names,

		tokensFromNumber(x: number, col: string, line: number): TokenResult {
			if (Number.isNaN(x)) return `${col} is NaN`;
			if (!Number.isFinite(x)) return `${col} is infinite`;
			if (x < 0) return `negative ${col}`;
			if (x > U32_MAX) return `${col} out of range (more than 4,294,967,295)`;
			if (!Number.isInteger(x)) {
				report.noteFractional(line);
				return Math.round(x);
			}
			return x;
		},

		tokensFromString(raw: string, col: string, line: number): TokenResult {
			const s = raw.trim();
			if (s === '') return `empty ${col}`;
			const x = Number(s);
			if (Number.isNaN(x)) return /^[+-]?nan$/i.test(s) ? `${col} is NaN` : `non-numeric ${col}`;
			return v.tokensFromNumber(x, col, line);
		},

		tokensFromJson(x: unknown, col: string, line: number): TokenResult {
			if (typeof x === 'number') return v.tokensFromNumber(x, col, line);
			return typeof x === 'string' ? v.tokensFromString(x, col, line) : `non-numeric ${col}`;
		},

		arrivalFromNumber(x: number): number | string {
			if (!Number.isFinite(x)) return Number.isNaN(x) ? `${names.arrival} is NaN` : `${names.arrival} is infinite`;
			if (v.mode === 'datetime') return `${names.arrival} is a number among date-times`;
			v.mode = 'numeric';
			return x * v.numericFactor;
		},

		arrivalFromString(raw: string): number | string {
			const s = raw.trim();
			if (s === '') return `empty ${names.arrival}`;
			const x = Number(s);
			if (!Number.isNaN(x) || /^[+-]?nan$/i.test(s)) return v.arrivalFromNumber(x);
			const t = parseDateTimeS(s);
			if (Number.isNaN(t)) return `non-numeric ${names.arrival}`;
			if (v.mode === 'numeric') return `${names.arrival} is a date-time among numbers`;
			if (v.mode === 'unknown' && names.expectsNumbers) v.datetimeInNumericFormat = true;
			v.mode = 'datetime';
			return t;
		}
	};
	return v;
}
