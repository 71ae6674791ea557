/**
 * Chart data from a StudyResult for the page's result sections and their tables (text alternatives).
 * Every series, cell and bar comes from the chart specs in src/lib/charts/study-charts.ts, the same
 * specs the CLI renders to SVG, so the page, its tables and the CLI's files print the same labels.
 */
import type { BarSeries } from '../charts/bar-layout';
import type { LineSeries } from '../charts/line-layout';
import {
	gpuEfficiencyChart,
	gpuScalingChart,
	heatmapCells,
	methodBars as specMethodBars,
	sizeLabel,
	summaryMetrics
} from '../charts/study-charts';
import type { SimSummary } from '../sim/types';
import type { Step2Method, StudyResult } from '../study/types';

// One definition each, shared with the CLI's charts (formerly duplicated here with other rules).
export { heatmapCells, sizeLabel, summaryMetrics };

/** P95 E2E vs GPU count, one series per workload, the recommended count (knee) marked. */
export function scalingSeries(r: StudyResult): LineSeries[] {
	return gpuScalingChart(r).series;
}

/** Output tok/s per GPU vs GPU count, one series per workload (best over bin counts). */
export function efficiencySeries(r: StudyResult): LineSeries[] {
	return gpuEfficiencyChart(r).series;
}

/** The Step 1 row behind a heatmap cell. */
export function step1Row(r: StudyResult, size: number, gpus: number, bins: number) {
	return r.step1.find((x) => x.size === size && (x.method ?? 'multibin') === 'multibin' && x.gpus === gpus && x.bins === bins) ?? null;
}

/** Step 2 methods in the order the study ran them. */
export function step2Methods(r: StudyResult): Step2Method[] {
	return [...r.config.methods];
}

/** Grouped bars: groups = workloads, one series per method (chart order and colours), value picked from each row's summary. */
export function methodBars(r: StudyResult, pick: (s: SimSummary) => number | null): { groups: string[]; series: BarSeries[] } {
	return specMethodBars(r, pick);
}

/** A readable recommendation kind. */
export const RECOMMENDATION_LABEL: Record<string, string> = {
	'min-cost': 'Minimum cost',
	balanced: 'Balanced (knee)',
	'min-latency': 'Minimum latency'
};
