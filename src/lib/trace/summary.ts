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

/** Quantiles, mean and max of a token column. */
export function tokenStats(values: Uint32Array): TokenStats | null {
	if (values.length === 0) return null;
	const sorted = Float64Array.from(values).sort();
	let sum = 0;
	for (let i = 0; i < sorted.length; i++) sum += sorted[i];
	return {
		p25: quantileSortedTyped(sorted, 0.25),
		p50: quantileSortedTyped(sorted, 0.5),
		p75: quantileSortedTyped(sorted, 0.75),
		mean: sum / sorted.length,
		max: sorted[sorted.length - 1]
	};
}

/**
 * Log-spaced histogram: a bin for 0, then powers-of-two edges 1, 2, 4, … up past the max
 * (token counts span 1 to ~100K, so ~18 bins at most).
 */
export function tokenHistogram(values: Uint32Array): TokenHistogram {
	let max = 0;
	for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
	const edges = [0, 1];
	while (edges[edges.length - 1] <= max) edges.push(edges[edges.length - 1] * 2);
	const counts = new Array<number>(edges.length - 1).fill(0);
	for (let i = 0; i < values.length; i++) {
		const v = values[i];
		counts[v === 0 ? 0 : 1 + Math.floor(Math.log2(v))]++;
	}
	return { edges, counts };
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
		promptTokens: tokenStats(trace.promptTokens),
		outputTokens: tokenStats(trace.outputTokens),
		models: countCodes(trace.modelCode, trace.modelNames),
		logTypes: countCodes(trace.logTypeCode, trace.logTypeNames),
		promptHistogram: tokenHistogram(trace.promptTokens),
		outputHistogram: tokenHistogram(trace.outputTokens)
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
