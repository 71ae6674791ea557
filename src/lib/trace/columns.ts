/**
 * Growable typed-array columns for parsed rows: no per-row objects. When the parser can tell how
 * many rows are coming (the file's size and the rows per byte so far), the columns are sized once
 * for them (reserveColumns); otherwise, or past that estimate, capacity doubles. Never beyond
 * `maxCapacity` (the request limit): the limit refuses the next row anyway. At the end the columns
 * are cut to length (18 bytes per request retained, see Trace), without a copy when little would be
 * freed. The line column only lives during the parse, to name file lines in warnings, and only
 * once rows stop following each other line by line (a skipped, blank or multi-line record): until
 * then a row's line is `lineBase + row`, and a clean file never pays its 4 bytes per row.
 */

/** Columns being filled; `length` rows are valid. */
export interface ColumnBuilder {
	length: number;
	/** Most rows the columns will ever need to hold (the request limit); growth stops there. */
	maxCapacity: number;
	arrivalS: Float64Array;
	promptTokens: Uint32Array;
	outputTokens: Uint32Array;
	modelCode: Uint8Array;
	logTypeCode: Uint8Array;
	/** 1-based file line of each row; null while every row's line is lineBase + row (see lineOf). */
	line: Uint32Array | null;
	/** The first row's line, while `line` is null. */
	lineBase: number;
}

/** The 1-based file line of row `row`. */
export function lineOf(c: ColumnBuilder, row: number): number {
	return c.line !== null ? c.line[row] : c.lineBase + row;
}

/** An empty builder with room for `capacity` rows. */
export function createColumns(capacity = 4096, maxCapacity = Infinity): ColumnBuilder {
	capacity = Math.max(1, Math.min(capacity, Math.ceil(maxCapacity)));
	return {
		length: 0,
		maxCapacity,
		arrivalS: new Float64Array(capacity),
		promptTokens: new Uint32Array(capacity),
		outputTokens: new Uint32Array(capacity),
		modelCode: new Uint8Array(capacity),
		logTypeCode: new Uint8Array(capacity),
		line: null,
		lineBase: 0
	};
}

function grow<T extends Float64Array | Uint32Array | Uint8Array>(a: T, cap: number): T {
	const b = new (a.constructor as new (n: number) => T)(cap);
	b.set(a.subarray(0, Math.min(a.length, cap)));
	return b;
}

/** Gives every column room for `capacity` rows (capped at maxCapacity); never shrinks them. */
export function reserveColumns(c: ColumnBuilder, capacity: number): void {
	const cap = Math.min(Math.ceil(capacity), Math.ceil(c.maxCapacity));
	if (cap <= c.arrivalS.length) return;
	c.arrivalS = grow(c.arrivalS, cap);
	c.promptTokens = grow(c.promptTokens, cap);
	c.outputTokens = grow(c.outputTokens, cap);
	c.modelCode = grow(c.modelCode, cap);
	c.logTypeCode = grow(c.logTypeCode, cap);
	if (c.line !== null) c.line = grow(c.line, cap);
}

/** The first row off the line-by-line pattern: the line column starts, filled in for the rows before. */
function startLineColumn(c: ColumnBuilder, row: number, line: number): void {
	const lines = new Uint32Array(c.arrivalS.length);
	for (let k = 0; k < row; k++) lines[k] = c.lineBase + k;
	lines[row] = line;
	c.line = lines;
}

/** Appends one row, doubling capacity when full. */
export function pushRow(c: ColumnBuilder, arrivalS: number, prompt: number, output: number, model: number, logType: number, line: number): void {
	const i = c.length;
	if (i === c.arrivalS.length) reserveColumns(c, Math.max(i + 1, i * 2));
	c.length = i + 1;
	c.arrivalS[i] = arrivalS;
	c.promptTokens[i] = prompt;
	c.outputTokens[i] = output;
	c.modelCode[i] = model;
	c.logTypeCode[i] = logType;
	if (c.line !== null) c.line[i] = line;
	else if (i === 0) c.lineBase = line;
	else if (line !== c.lineBase + i) startLineColumn(c, i, line);
}

/**
 * Stable sort of all columns by arrival (ties keep file order), in place on trimmed copies.
 * Only called when the file went backwards, so sorted files pay nothing. Returns the order
 * (order[k] = old row of new row k) so columns kept elsewhere (sessions, block ids) follow.
 */
export function sortByArrival(c: ColumnBuilder): Uint32Array {
	const n = c.length;
	const order = new Uint32Array(n);
	for (let i = 0; i < n; i++) order[i] = i;
	const t = c.arrivalS;
	order.sort((a, b) => t[a] - t[b] || a - b);
	const permute = <T extends Float64Array | Uint32Array | Uint8Array>(src: T): T => {
		const out = new (src.constructor as new (n: number) => T)(n);
		for (let i = 0; i < n; i++) out[i] = src[order[i]];
		return out;
	};
	c.arrivalS = permute(c.arrivalS);
	c.promptTokens = permute(c.promptTokens);
	c.outputTokens = permute(c.outputTokens);
	c.modelCode = permute(c.modelCode);
	c.logTypeCode = permute(c.logTypeCode);
	if (c.line !== null) c.line = permute(c.line);
	else {
		const base = c.lineBase;
		c.line = order.map((row) => base + row);
	}
	return order;
}

/**
 * Spare capacity, as a share of the capacity, up to which trimming keeps the arrays and only views
 * their first `length` rows: copying 18 bytes per row to free a few percent costs more (fresh pages,
 * a full pass) than the few percent are worth. Past it the columns are copied to exact length.
 */
export const TRIM_IN_PLACE_SPARE = 1 / 8;

/** Cuts every column to `length`: a view when the spare capacity is small, a copy (freeing it) otherwise. */
export function trimColumns(c: ColumnBuilder): void {
	const n = c.length;
	const cap = c.arrivalS.length;
	const cut = cap - n <= cap * TRIM_IN_PLACE_SPARE ? 'subarray' : 'slice';
	c.arrivalS = c.arrivalS[cut](0, n);
	c.promptTokens = c.promptTokens[cut](0, n);
	c.outputTokens = c.outputTokens[cut](0, n);
	c.modelCode = c.modelCode[cut](0, n);
	c.logTypeCode = c.logTypeCode[cut](0, n);
	// The line column dies with the builder: a view is always enough.
	if (c.line !== null) c.line = c.line.subarray(0, n);
}
