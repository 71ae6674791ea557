/**
 * Chart data from a StudyResult: the series, cells and bars the result sections draw. Pure, so the
 * tables (text alternatives) and the charts read exactly the same numbers.
 */
import type { HeatCell } from '../charts/heatmap-layout';
import type { BarSeries } from '../charts/bar-layout';
import type { LineSeries } from '../charts/line-layout';
import type { SimSummary } from '../sim/types';
import type { Step2Method, StudyResult } from '../study/types';
import { fmtPct, fmtSeconds, fmtSig } from './format';

/** "1K", "10K", "1M", "1.5K": a workload size as a short label. */
export function sizeLabel(n: number): string {
	if (n >= 1e6 && n % 1e5 === 0) return `${n / 1e6}M`;
	if (n >= 1e3 && n % 100 === 0) return `${n / 1e3}K`;
	return String(n);
}

/** P95 E2E vs GPU count, one series per workload, the recommended count (knee) marked. */
export function scalingSeries(r: StudyResult): LineSeries[] {
	return r.scaling.map((sc) => {
		const rec = sc.recommendedGpus;
		return {
			name: `${sizeLabel(sc.size)} requests`,
			points: sc.points.map((p) => ({ x: p.gpus, y: p.p95E2eS })),
			mark: rec === null ? null : { x: rec, label: `knee: ${rec} GPU${rec === 1 ? '' : 's'}` }
		};
	});
}

/** Output tok/s per GPU vs GPU count, one series per workload (best over bin counts). */
export function efficiencySeries(r: StudyResult): LineSeries[] {
	const t = r.efficiency;
	return t.sizes.map((size, j) => ({
		name: `${sizeLabel(size)} requests`,
		points: t.gpuCounts.map((g, i) => ({ x: g, y: t.cells[i][j] }))
	}));
}

/** Every metric of a configuration, for the heatmap tooltip. */
export function summaryMetrics(s: SimSummary): { label: string; value: string }[] {
	return [
		{ label: 'P95 E2E', value: fmtSeconds(s.e2eP95S) },
		{ label: 'P50 E2E', value: fmtSeconds(s.e2eP50S) },
		{ label: 'P99 E2E', value: fmtSeconds(s.e2eP99S) },
		{ label: 'P95 TTFT', value: fmtSeconds(s.ttftP95S) },
		{ label: 'P95 TBT', value: s.tbtP95Ms === null ? 'n/a' : `${fmtSig(s.tbtP95Ms)} ms` },
		{ label: 'P95 queue', value: fmtSeconds(s.queueP95S) },
		{ label: 'Output tok/s', value: fmtSig(s.outputTokPerS) },
		{ label: 'tok/s per GPU', value: fmtSig(s.tokPerSPerGpu) },
		{ label: 'SLA violation', value: fmtPct(s.slaViolationRate) },
		{ label: 'GPU utilisation', value: fmtPct(s.gpuUtilization) },
		{ label: 'Completed', value: `${s.completed} of ${s.requests}` }
	];
}

/** Heatmap cells (rows = GPU counts, cols = bin counts) of one workload, colour = P95 E2E. */
export function heatmapCells(r: StudyResult, size: number): { rows: string[]; cols: string[]; cells: HeatCell[] } {
	const rows = [...new Set(r.config.gpuCounts)].sort((a, b) => a - b).map(String);
	const cols = [...new Set(r.config.binCounts)].sort((a, b) => a - b).map(String);
	const cells: HeatCell[] = r.step1
		// The heatmap is the multi-bin grid; continuous-batching rows (method "continuous") are not cells.
		.filter((x) => x.size === size && (x.method ?? 'multibin') === 'multibin')
		.map((x) => ({ row: String(x.gpus), col: String(x.bins), value: x.summary.e2eP95S, metrics: summaryMetrics(x.summary) }));
	return { rows, cols, cells };
}

/** The Step 1 row behind a heatmap cell. */
export function step1Row(r: StudyResult, size: number, gpus: number, bins: number) {
	return r.step1.find((x) => x.size === size && (x.method ?? 'multibin') === 'multibin' && x.gpus === gpus && x.bins === bins) ?? null;
}

/** Step 2 methods in the order the study ran them. */
export function step2Methods(r: StudyResult): Step2Method[] {
	return [...r.config.methods];
}

/** Grouped bars: groups = workloads, one series per method, value picked from each row's summary. */
export function methodBars(r: StudyResult, pick: (s: SimSummary) => number | null): { groups: string[]; series: BarSeries[] } {
	const sizes = r.workloads.map((w) => w.size);
	return {
		groups: sizes.map(sizeLabel),
		series: step2Methods(r).map((m) => ({
			name: m,
			values: sizes.map((n) => {
				const row = r.step2.find((x) => x.size === n && x.method === m);
				return row?.summary ? pick(row.summary) : null;
			})
		}))
	};
}

/** A readable recommendation kind. */
export const RECOMMENDATION_LABEL: Record<string, string> = {
	'min-cost': 'Minimum cost',
	balanced: 'Balanced (knee)',
	'min-latency': 'Minimum latency'
};
