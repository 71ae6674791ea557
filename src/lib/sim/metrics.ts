/**
 * Per-request records -> the summary and small chart series. The pieces live in ./metrics/:
 * stats.ts (percentiles), series.ts (CDF, histogram, timeline), slo.ts (SLO, goodput, ITL definitions)
 * and summarize.ts (records -> SimResult). This file keeps the one import path the engine and tests use.
 */
export { finiteOrNull, quantileOf, percentilesOf } from './metrics/stats';
export {
	METRICS_CDF_POINTS,
	METRICS_TIMELINE_POINTS,
	METRICS_HISTOGRAM_BINS,
	EXACT_CDF_MAX,
	cdfPoints,
	cdfAndLogHistogram,
	logHistogram,
	timelineSeries
} from './metrics/series';
export { summarize, type SummarizeInfo } from './metrics/summarize';
export { DEFAULT_SLO, sloTargets, meetsSlo, sloMisses, sloAttainmentOf, itlPercentilesMs, describeSlo } from './metrics/slo';
export type { SloInputs, RequestLatency } from './metrics/slo';
