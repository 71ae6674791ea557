/**
 * Growable typed-array columns for parsed rows: no per-row objects, amortised doubling while
 * parsing, trimmed to exact length at the end (18 bytes per request retained, see Trace).
 * The line column only lives during the parse, to name file lines in warnings.
 */

/** Columns being filled; `length` rows are valid. */
export interface ColumnBuilder {
	length: number;
	arrivalS: Float64Array;
	promptTokens: Uint32Array;
	outputTokens: Uint32Array;
	modelCode: Uint8Array;
	logTypeCode: Uint8Array;
	/** 1-based file line of each row. */
	line: Uint32Array;
}

/** An empty builder with room for `capacity` rows. */
export function createColumns(capacity = 4096): ColumnBuilder {
	return {
		length: 0,
		arrivalS: new Float64Array(capacity),
		promptTokens: new Uint32Array(capacity),
		outputTokens: new Uint32Array(capacity),
		modelCode: new Uint8Array(capacity),
		logTypeCode: new Uint8Array(capacity),
		line: new Uint32Array(capacity)
	};
}

function grow<T extends Float64Array | Uint32Array | Uint8Array>(a: T, cap: number): T {
	const b = new (a.constructor as new (n: number) => T)(cap);
	b.set(a);
	return b;
}

/** Appends one row, doubling capacity when full. */
export function pushRow(c: ColumnBuilder, arrivalS: number, prompt: number, output: number, model: number, logType: number, line: number): void {
	if (c.length === c.arrivalS.length) {
		const cap = c.length * 2;
		c.arrivalS = grow(c.arrivalS, cap);
		c.promptTokens = grow(c.promptTokens, cap);
		c.outputTokens = grow(c.outputTokens, cap);
		c.modelCode = grow(c.modelCode, cap);
		c.logTypeCode = grow(c.logTypeCode, cap);
		c.line = grow(c.line, cap);
	}
	const i = c.length++;
	c.arrivalS[i] = arrivalS;
	c.promptTokens[i] = prompt;
	c.outputTokens[i] = output;
	c.modelCode[i] = model;
	c.logTypeCode[i] = logType;
	c.line[i] = line;
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
	c.line = permute(c.line);
	return order;
}

/** Cuts every column to `length` (copies, so the spare capacity is freed). */
export function trimColumns(c: ColumnBuilder): void {
	const n = c.length;
	c.arrivalS = c.arrivalS.slice(0, n);
	c.promptTokens = c.promptTokens.slice(0, n);
	c.outputTokens = c.outputTokens.slice(0, n);
	c.modelCode = c.modelCode.slice(0, n);
	c.logTypeCode = c.logTypeCode.slice(0, n);
	c.line = c.line.slice(0, n);
}
