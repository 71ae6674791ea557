/**
 * The study's chart specs: for each chart, one pure function from a StudyResult to everything the chart
 * shows (data, axes and their titles, scales, value formats, marks, title, id). The page passes a spec
 * to its Svelte component as props; the CLI's study-svgs.ts renders the same spec to an SVG file; the
 * page's tables (state/result-views.ts) read their series from here too. One spec per chart, so the
 * browser, the files and the tables cannot drift apart.
 */
import type { SimSummary } from '../sim/types';
import type { StudyResult } from '../study/types';
import type { BarLayoutInput, BarSeries } from './bar-layout';
import type { CellMetric, HeatCell, HeatmapLayoutInput } from './heatmap-layout';
import { formatCount, formatDuration, formatDurationMs, formatPercent, formatSig, METRIC_LABEL, plural, sizeLabel } from './labels';
import type { LineLayoutInput, LineSeries } from './line-layout';
import { inChartOrder } from './methods';

export { sizeLabel };

/** Spec of a line chart (LineChart.svelte's props). */
export type LineChartSpec = LineLayoutInput & { id: string };
/** Spec of a heatmap (Heatmap.svelte's props but the selection). */
export type HeatmapSpec = HeatmapLayoutInput & { id: string };
/** Spec of a grouped bar chart (BarChart.svelte's props). */
export type BarChartSpec = BarLayoutInput & { id: string };

/** @deprecated Former names of the spec types. */
export type LineChartProps = LineChartSpec;
export type HeatmapProps = HeatmapSpec;
export type BarChartProps = BarChartSpec;

/** Workload sizes of a study in ascending order (from its workloads, else its config). */
export function studySizes(study: StudyResult): number[] {
	const sizes = study.workloads.length ? study.workloads.map((w) => w.size) : study.config.sizes;
	return [...new Set(sizes)].sort((a, b) => a - b);
}

/** The study's GPU counts, ascending and unique (the x ticks of the GPU charts, the heatmap's rows). */
export function studyGpuCounts(study: StudyResult): number[] {
	return [...new Set(study.config.gpuCounts)].sort((a, b) => a - b);
}

/** A series name for a workload: "10K requests". */
export function workloadName(size: number): string {
	return `${sizeLabel(size)} requests`;
}

/** The knee's label: "knee: 4 GPUs". */
export function kneeLabel(gpus: number): string {
	return `knee: ${plural(gpus, 'GPU')}`;
}

const anyPositive = (series: LineSeries[]) => series.some((s) => s.points.some((p) => p.y !== null && p.y > 0));

/** "GPU scaling": P95 E2E latency against GPU count, one series per workload, the knee marked. Log-log when it can be. */
export function gpuScalingChart(study: StudyResult): LineChartSpec {
	const bins = study.scaling[0]?.bins ?? study.config.scalingBins;
	const series = [...study.scaling]
		.sort((a, b) => a.size - b.size)
		.map(
			(s): LineSeries => ({
				name: workloadName(s.size),
				points: s.points.map((p) => ({ x: p.gpus, y: p.p95E2eS })),
				mark: s.recommendedGpus === null ? null : { x: s.recommendedGpus, label: kneeLabel(s.recommendedGpus) }
			})
		);
	return {
		series,
		title: `GPU scaling: P95 E2E latency vs GPU count (${plural(bins, 'bin')})`,
		xLabel: 'GPUs',
		yLabel: 'P95 E2E latency (s)',
		xScale: 'log',
		// A log axis cannot show zero latencies (a trivially light workload): fall back to linear then.
		yScale: anyPositive(series) ? 'log' : 'linear',
		yFormat: 'duration',
		xTickValues: studyGpuCounts(study),
		id: 'gpu-scaling'
	};
}

/** "GPU efficiency": output tok/s per GPU against GPU count, one series per workload. */
export function gpuEfficiencyChart(study: StudyResult): LineChartSpec {
	const t = study.efficiency;
	const series = t.sizes
		.map((size, j) => ({ size, j }))
		.sort((a, b) => a.size - b.size)
		.map(({ size, j }): LineSeries => ({ name: workloadName(size), points: t.gpuCounts.map((g, i) => ({ x: g, y: t.cells[i]?.[j] ?? null })) }));
	return {
		series,
		title: 'GPU efficiency: output tok/s per GPU vs GPU count',
		xLabel: 'GPUs',
		yLabel: 'Output tok/s per GPU',
		xScale: 'log',
		yScale: 'linear',
		xTickValues: [...new Set(t.gpuCounts)].sort((a, b) => a - b),
		yZero: true,
		id: 'gpu-efficiency'
	};
}

/**
 * Every metric of a run, formatted once, in the order the heatmap tooltip and the detail view list them.
 * Durations use the one duration format; counts have separators; shares are percentages.
 */
export function summaryMetrics(s: SimSummary): { label: string; value: string }[] {
	const L = METRIC_LABEL;
	return [
		{ label: L.e2eP95, value: formatDuration(s.e2eP95S) },
		{ label: L.e2eP50, value: formatDuration(s.e2eP50S) },
		{ label: L.e2eP99, value: formatDuration(s.e2eP99S) },
		{ label: L.ttftP95, value: formatDuration(s.ttftP95S) },
		{ label: L.tbtP95, value: formatDurationMs(s.tbtP95Ms) },
		{ label: L.itlP95, value: formatDurationMs(s.itlP95Ms) },
		{ label: L.queueP95, value: formatDuration(s.queueP95S) },
		{ label: L.outputTokPerS, value: formatSig(s.outputTokPerS) },
		{ label: L.tokPerSPerGpu, value: formatSig(s.tokPerSPerGpu) },
		{ label: L.sloAttainment, value: formatPercent(s.sloAttainment) },
		{ label: L.goodput, value: formatSig(s.goodputReqPerS) },
		{ label: L.gpuUtilization, value: formatPercent(s.gpuUtilization) },
		{ label: L.meanBatch, value: formatSig(s.meanBatchSize) },
		{ label: L.completed, value: `${formatCount(s.completed)} of ${formatCount(s.requests)}` },
		{ label: L.dropped, value: formatCount(s.dropped) },
		{ label: L.costPerMTok, value: s.costPerMTokUsd === null ? 'n/a' : `$${formatSig(s.costPerMTokUsd)}` }
	];
}

/** Heatmap cells (rows = GPU counts, cols = bin counts) of one workload, colour = P95 E2E seconds. */
export function heatmapCells(study: StudyResult, size: number): { rows: string[]; cols: string[]; cells: HeatCell[] } {
	const cells: HeatCell[] = study.step1
		// The heatmap is the multi-bin grid; continuous-batching rows are not cells.
		.filter((r) => r.size === size && (r.method ?? 'multibin') === 'multibin')
		.map((r) => ({ row: String(r.gpus), col: String(r.bins), value: r.summary.e2eP95S, metrics: summaryMetrics(r.summary) }));
	return {
		rows: studyGpuCounts(study).map(String),
		cols: [...new Set(study.config.binCounts)].sort((a, b) => a - b).map(String),
		cells
	};
}

/** "Latency heatmap": GPUs (rows) × bins (columns) for one workload, colour = P95 E2E (log), cells in the duration format. */
export function latencyHeatmap(study: StudyResult, size: number): HeatmapSpec {
	const grid = heatmapCells(study, size);
	return {
		...grid,
		title: `Latency heatmap: P95 E2E latency for ${workloadName(size)}`,
		rowLabel: 'GPUs',
		colLabel: 'Bins',
		valueLabel: 'P95 E2E latency',
		valueFormat: 'duration',
		// Rows keep a readable height (34 px) however many GPU counts the grid has.
		height: Math.max(260, 100 + grid.rows.length * 34),
		id: `latency-heatmap-${sizeLabel(size).toLowerCase().replace('.', '-')}`
	};
}

/** Which number a method-comparison chart shows. */
export type MethodMetric = 'throughput' | 'p95';

/** Grouped bars: groups = workloads, one series per Step 2 method (chart order, fixed colours), null where a run has no summary. */
export function methodBars(study: StudyResult, pick: (s: SimSummary) => number | null): { groups: string[]; series: BarSeries[] } {
	const sizes = studySizes(study);
	const methods = inChartOrder([...study.config.methods, ...study.step2.map((r) => r.method)]).filter((m) => study.step2.some((r) => r.method === m.id));
	return {
		groups: sizes.map(sizeLabel),
		series: methods.map((m) => ({
			name: m.label,
			color: m.color,
			values: sizes.map((size) => {
				const s = study.step2.find((r) => r.method === m.id && r.size === size)?.summary ?? null;
				return s === null ? null : pick(s);
			})
		}))
	};
}

/** "Method comparison": grouped bars per workload, one bar per Step 2 method; throughput or P95 E2E. */
export function methodComparisonChart(study: StudyResult, metric: MethodMetric): BarChartSpec {
	if (metric === 'throughput') {
		return {
			...methodBars(study, (s) => s.outputTokPerS),
			title: 'Method comparison: output throughput',
			xLabel: 'Workload (requests)',
			yLabel: 'Output tok/s',
			// Throughputs sit within one order of magnitude: a linear axis from 0 compares them honestly.
			yScale: 'linear',
			valueFormat: 'number',
			id: 'method-throughput'
		};
	}
	return {
		...methodBars(study, (s) => s.e2eP95S),
		title: 'Method comparison: P95 E2E latency',
		xLabel: 'Workload (requests)',
		yLabel: 'P95 E2E latency (s)',
		// Static batching's P95 can be orders of magnitude above continuous batching's.
		yScale: 'log',
		valueFormat: 'duration',
		id: 'method-p95'
	};
}

/** Every chart of a study, in page order, with the file name the CLI writes it under. */
export type StudyChart =
	| { kind: 'line'; file: string; spec: LineChartSpec }
	| { kind: 'heatmap'; file: string; spec: HeatmapSpec }
	| { kind: 'bar'; file: string; spec: BarChartSpec };

/**
 * The study's charts: gpu_scaling_by_workload, latency_heatmap_<size> per workload size (size as "1k",
 * "100k", "1m"), step2_method_comparison_throughput and _p95, and gpu_efficiency. Charts whose data is
 * absent (no Step 2 rows, no grid) are left out.
 */
export function studyCharts(study: StudyResult): StudyChart[] {
	const out: StudyChart[] = [];
	if (study.scaling.length > 0) out.push({ kind: 'line', file: 'gpu_scaling_by_workload.svg', spec: gpuScalingChart(study) });
	for (const size of studySizes(study)) {
		if (!study.step1.some((r) => r.size === size)) continue;
		out.push({ kind: 'heatmap', file: `latency_heatmap_${sizeLabel(size).toLowerCase()}.svg`, spec: latencyHeatmap(study, size) });
	}
	if (study.step2.length > 0) {
		out.push({ kind: 'bar', file: 'step2_method_comparison_throughput.svg', spec: methodComparisonChart(study, 'throughput') });
		out.push({ kind: 'bar', file: 'step2_method_comparison_p95.svg', spec: methodComparisonChart(study, 'p95') });
	}
	if (study.efficiency.gpuCounts.length > 0 && study.efficiency.sizes.length > 0) {
		out.push({ kind: 'line', file: 'gpu_efficiency.svg', spec: gpuEfficiencyChart(study) });
	}
	return out;
}
