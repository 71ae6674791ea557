/**
 * A trace at a glance, for the UI and `cli parse --json`: counts, time span, token quantiles
 * (numpy's default linear rule, R-7, shared with the engine's metrics), model and log-type
 * counts, and small log-spaced token histograms. Every number is finite or null (empty trace).
 */
import { quantileSortedTyped } from '../core/quantile';
import type { BadLine, ParseReport, Trace, TraceFormat } from './types';

/** Five numbers for a token column; null when there are no rows. */
export interface TokenStats {
	p25: number;
	p50: number;
	p75: number;
	mean: number;
	max: number;
}

/** A histogram over token counts: counts[i] covers [edges[i], edges[i + 1]); the first bin is exactly 0 tokens. */
export interface TokenHistogram {
	edges: number[];
	counts: number[];
}

/** The summary shown next to a loaded trace. Plain data (JSON-safe). */
export interface TraceSummary {
	format: TraceFormat;
	name: string;
	synthetic: boolean;
	rowsRead: number;
	rowsKept: number;
	failedRows: number;
	skipped: Record<string, number>;
	warnings: string[];
	badLines: BadLine[];
	/** Last arrival minus first, seconds; null for an empty trace. */
	timeSpanS: number | null;
	promptTokens: TokenStats | null;
	outputTokens: TokenStats | null;
	models: Record<string, number>;
	logTypes: Record<string, number>;
	promptHistogram: TokenHistogram;
	outputHistogram: TokenHistogram;
}

/**
 * Largest value for which a column is summarised from a table of per-value counts instead of a
 * sorted copy: token counts rarely pass 100K, so the table is small and the O(n log n) sort of a
 * 1M-row column (~100 ms per column) becomes two linear passes. Larger values take the sort.
 */
const COUNT_TABLE_MAX = 1 << 20;

/** One linear pass over a token column: max, sum, and (when the max is small) how often each value occurs. */
interface ColumnTally {
	max: number;
	sum: number;
	/** counts[v] = rows holding v; null when the max is over COUNT_TABLE_MAX. */
	counts: Uint32Array | null;
}

function tallyColumn(values: Uint32Array): ColumnTally {
	let max = 0;
	let sum = 0;
	for (let i = 0; i < values.length; i++) {
		const v = values[i];
		sum += v;
		if (v > max) max = v;
	}
	if (max > COUNT_TABLE_MAX) return { max, sum, counts: null };
	const counts = new Uint32Array(max + 1);
	for (let i = 0; i < values.length; i++) counts[values[i]]++;
	return { max, sum, counts };
}

/** The value at 0-based rank k of the sorted column, read from the count table. */
function valueAtRank(counts: Uint32Array, k: number): number {
	let seen = 0;
	for (let v = 0; v < counts.length; v++) {
		seen += counts[v];
		if (seen > k) return v;
	}
	return counts.length - 1;
}

/** R-7 quantile from the count table: the same two ranks and interpolation as quantileSortedTyped. */
function quantileFromCounts(counts: Uint32Array, n: number, p: number): number {
	if (p <= 0 || n === 1) return valueAtRank(counts, 0);
	if (p >= 1) return valueAtRank(counts, n - 1);
	const pos = (n - 1) * p;
	const i = Math.floor(pos);
	const lo = valueAtRank(counts, i);
	const hi = valueAtRank(counts, i + 1);
	return lo + (hi - lo) * (pos - i);
}

function statsFromTally(values: Uint32Array, t: ColumnTally): TokenStats | null {
	const n = values.length;
	if (n === 0) return null;
	// Whole numbers add exactly in any order while the total stays below 2^53, so the mean matches
	// the sorted sum bit for bit; a larger total (or a large max) takes the sorted path.
	if (t.counts === null || t.max * n >= 2 ** 53) {
		const sorted = Float64Array.from(values).sort();
		let sum = 0;
		for (let i = 0; i < sorted.length; i++) sum += sorted[i];
		return {
			p25: quantileSortedTyped(sorted, 0.25),
			p50: quantileSortedTyped(sorted, 0.5),
			p75: quantileSortedTyped(sorted, 0.75),
			mean: sum / n,
			max: sorted[n - 1]
		};
	}
	return {
		p25: quantileFromCounts(t.counts, n, 0.25),
		p50: quantileFromCounts(t.counts, n, 0.5),
		p75: quantileFromCounts(t.counts, n, 0.75),
		mean: t.sum / n,
		max: t.max
	};
}

/** Quantiles, mean and max of a token column. */
export function tokenStats(values: Uint32Array): TokenStats | null {
	return statsFromTally(values, tallyColumn(values));
}

/** The 0-token bin, then [2^k, 2^(k+1)) bins up past `max`. */
function histogramEdges(max: number): number[] {
	const edges = [0, 1];
	while (edges[edges.length - 1] <= max) edges.push(edges[edges.length - 1] * 2);
	return edges;
}

const binOf = (v: number) => (v === 0 ? 0 : 1 + Math.floor(Math.log2(v)));

function histogramFromTally(values: Uint32Array, t: ColumnTally): TokenHistogram {
	const edges = histogramEdges(t.max);
	const counts = new Array<number>(edges.length - 1).fill(0);
	if (t.counts !== null) {
		for (let v = 0; v < t.counts.length; v++) if (t.counts[v] > 0) counts[binOf(v)] += t.counts[v];
	} else {
		for (let i = 0; i < values.length; i++) counts[binOf(values[i])]++;
	}
	return { edges, counts };
}

/**
 * Log-spaced histogram: a bin for 0, then powers-of-two edges 1, 2, 4, … up past the max
 * (token counts span 1 to ~100K, so ~18 bins at most).
 */
export function tokenHistogram(values: Uint32Array): TokenHistogram {
	return histogramFromTally(values, tallyColumn(values));
}

function countCodes(codes: Uint8Array, names: string[]): Record<string, number> {
	const counts = new Array<number>(256).fill(0);
	for (let i = 0; i < codes.length; i++) counts[codes[i]]++;
	const out: Record<string, number> = {};
	names.forEach((name, code) => {
		if (counts[code] > 0) out[name] = (out[name] ?? 0) + counts[code];
	});
	return out;
}

/** Summarises a parsed trace and its report. */
export function summarizeTrace(trace: Trace, report: ParseReport): TraceSummary {
	const n = trace.arrivalS.length;
	const prompt = tallyColumn(trace.promptTokens);
	const output = tallyColumn(trace.outputTokens);
	return {
		format: trace.format,
		name: trace.name,
		synthetic: trace.synthetic,
		rowsRead: report.rowsRead,
		rowsKept: report.rowsKept,
		failedRows: report.failedRows,
		skipped: { ...report.skipped },
		warnings: [...report.warnings],
		badLines: report.badLines.map((b) => ({ ...b })),
		timeSpanS: n > 0 ? trace.arrivalS[n - 1] - trace.arrivalS[0] : null,
		promptTokens: statsFromTally(trace.promptTokens, prompt),
		outputTokens: statsFromTally(trace.outputTokens, output),
		models: countCodes(trace.modelCode, trace.modelNames),
		logTypes: countCodes(trace.logTypeCode, trace.logTypeNames),
		promptHistogram: histogramFromTally(trace.promptTokens, prompt),
		outputHistogram: histogramFromTally(trace.outputTokens, output)
	};
}

/** The report a synthetic trace gets (it was generated, not parsed): every row kept. */
export function syntheticReport(trace: Trace): ParseReport {
	let failed = 0;
	for (let i = 0; i < trace.outputTokens.length; i++) if (trace.outputTokens[i] === 0) failed++;
	return {
		format: 'synthetic',
		rowsRead: trace.arrivalS.length,
		rowsKept: trace.arrivalS.length,
		failedRows: failed,
		skipped: {},
		badLines: [],
		warnings: ['Synthetic BurstGPT-like trace generated in the browser, not real data.']
	};
}
