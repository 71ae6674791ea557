/**
 * What the trace summary shows, computed from the columns: requests, time span, token quantiles,
 * failure share, per-model counts, and a bounded sample of token counts for the small histograms.
 * Pure and O(n) (quantiles on a bounded sample), so it is cheap for a million rows.
 */
import type { ParseReport, Trace } from '../trace/types';

/** Most values any histogram receives: an evenly strided sample beyond this. */
export const HISTOGRAM_SAMPLE = 50_000;

/** The numbers the trace summary shows. */
export interface TraceFacts {
	requests: number;
	spanS: number;
	/** Requests per second over the span (null for < 2 distinct arrivals). */
	meanRps: number | null;
	failed: number;
	failedShare: number | null;
	prompt: { mean: number | null; p50: number | null; p95: number | null; max: number };
	output: { mean: number | null; p50: number | null; p95: number | null; max: number };
	/** Per model name: request count, most first. */
	models: { name: string; count: number }[];
	/** Strided samples for histograms (outputs exclude failed rows). */
	promptSample: Float64Array;
	outputSample: Float64Array;
}

function quantileSorted(a: Float64Array, q: number): number | null {
	if (a.length === 0) return null;
	const h = (a.length - 1) * q;
	const lo = Math.floor(h);
	const hi = Math.min(a.length - 1, lo + 1);
	return a[lo] + (a[hi] - a[lo]) * (h - lo);
}

function stats(col: Uint32Array, keep: (i: number) => boolean) {
	const stride = Math.max(1, Math.ceil(col.length / HISTOGRAM_SAMPLE));
	const sample: number[] = [];
	let sum = 0;
	let n = 0;
	let max = 0;
	for (let i = 0; i < col.length; i++) {
		if (!keep(i)) continue;
		const v = col[i];
		sum += v;
		n++;
		if (v > max) max = v;
	}
	for (let i = 0; i < col.length; i += stride) if (keep(i)) sample.push(col[i]);
	const s = Float64Array.from(sample).sort();
	return { summary: { mean: n ? sum / n : null, p50: quantileSorted(s, 0.5), p95: quantileSorted(s, 0.95), max }, sample: Float64Array.from(sample) };
}

/** Summary numbers of a trace (the ParseReport supplies the failed-row count). */
export function traceFacts(trace: Trace, report: ParseReport): TraceFacts {
	const n = trace.arrivalS.length;
	const spanS = n > 1 ? trace.arrivalS[n - 1] - trace.arrivalS[0] : 0;
	const failed = report.failedRows;
	const counts = new Array<number>(trace.modelNames.length).fill(0);
	for (let i = 0; i < n; i++) counts[trace.modelCode[i]] = (counts[trace.modelCode[i]] ?? 0) + 1;
	const prompt = stats(trace.promptTokens, () => true);
	const output = stats(trace.outputTokens, (i) => trace.outputTokens[i] > 0);
	return {
		requests: n,
		spanS,
		meanRps: spanS > 0 ? n / spanS : null,
		failed,
		failedShare: n ? failed / n : null,
		prompt: prompt.summary,
		output: output.summary,
		models: trace.modelNames.map((name, i) => ({ name, count: counts[i] ?? 0 })).filter((m) => m.count > 0).sort((a, b) => b.count - a.count),
		promptSample: prompt.sample,
		outputSample: output.sample
	};
}
