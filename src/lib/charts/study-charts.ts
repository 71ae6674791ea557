/**
 * From a StudyResult to the props of each study chart. Pure and shared: the page passes these props to
 * the Svelte components, and study-svgs.ts renders the same props to SVG files for the CLI, so the
 * browser and the files always show the same thing.
 */
import type { SimSummary } from '../sim/types';
import { METHOD_LIST } from '../sim/methods/registry';
import type { Step2Method, StudyResult } from '../study/types';
import type { BarSeries } from './bar-layout';
import type { CellMetric, HeatCell } from './heatmap-layout';
import type { LineSeries } from './line-layout';

/** A workload size as people say it: 1000 → "1K", 100000 → "100K", 1000000 → "1M", 1500 → "1.5K". */
export function sizeLabel(n: number): string {
	const fmt = (v: number, s: string) => `${Number(v.toFixed(1))}${s}`;
	if (n >= 1e9) return fmt(n / 1e9, 'B');
	if (n >= 1e6) return fmt(n / 1e6, 'M');
	if (n >= 1e3) return fmt(n / 1e3, 'K');
	return String(n);
}

/** Workload sizes of a study in ascending order (from its workloads, else its config). */
export function studySizes(study: StudyResult): number[] {
	const sizes = study.workloads.length ? study.workloads.map((w) => w.size) : study.config.sizes;
	return [...new Set(sizes)].sort((a, b) => a - b);
}

/** Props of LineChart for "GPU scaling": P95 E2E vs GPU count per workload, log-log, knee marked. */
export interface LineChartProps {
	series: LineSeries[];
	title: string;
	xLabel: string;
	yLabel: string;
	xScale: 'linear' | 'log';
	yScale: 'linear' | 'log';
	xTickValues?: number[];
	yZero?: boolean;
	id: string;
}

/** "GPU scaling": P95 E2E latency against GPU count, one series per workload, the recommended count marked. */
export function gpuScalingChart(study: StudyResult): LineChartProps {
	const bins = study.scaling[0]?.bins ?? study.config.scalingBins;
	const series = [...study.scaling]
		.sort((a, b) => a.size - b.size)
		.map(
			(s): LineSeries => ({
				name: `${sizeLabel(s.size)} requests`,
				points: s.points.map((p) => ({ x: p.gpus, y: p.p95E2eS })),
				mark: s.recommendedGpus === null ? null : { x: s.recommendedGpus, label: `knee: ${s.recommendedGpus} GPU${s.recommendedGpus === 1 ? '' : 's'}` }
			})
		);
	return {
		series,
		title: `GPU scaling: P95 latency vs GPU count (${bins} bin${bins === 1 ? '' : 's'})`,
		xLabel: 'GPUs',
		yLabel: 'P95 E2E latency (s)',
		xScale: 'log',
		yScale: 'log',
		xTickValues: [...study.config.gpuCounts].sort((a, b) => a - b),
		id: 'gpu-scaling'
	};
}

/** "GPU efficiency": output tok/s per GPU against GPU count, one series per workload. */
export function gpuEfficiencyChart(study: StudyResult): LineChartProps {
	const t = study.efficiency;
	const series = t.sizes
		.map((size, j) => ({ size, j }))
		.sort((a, b) => a.size - b.size)
		.map(({ size, j }): LineSeries => ({ name: `${sizeLabel(size)} requests`, points: t.gpuCounts.map((g, i) => ({ x: g, y: t.cells[i]?.[j] ?? null })) }));
	return {
		series,
		title: 'GPU efficiency: output tokens/s per GPU',
		xLabel: 'GPUs',
		yLabel: 'Output tok/s per GPU',
		xScale: 'log',
		yScale: 'linear',
		xTickValues: [...t.gpuCounts].sort((a, b) => a - b),
		yZero: true,
		id: 'gpu-efficiency'
	};
}

/** Every metric of a run, in the order the heatmap tooltip lists them. */
export function summaryMetrics(s: SimSummary): CellMetric[] {
	const pct = (v: number | null) => (v === null ? null : `${(v * 100).toFixed(1)}%`);
	return [
		{ label: 'P50 E2E (s)', value: s.e2eP50S },
		{ label: 'P95 E2E (s)', value: s.e2eP95S },
		{ label: 'P99 E2E (s)', value: s.e2eP99S },
		{ label: 'P95 TTFT (s)', value: s.ttftP95S },
		{ label: 'P95 TBT (ms)', value: s.tbtP95Ms },
		{ label: 'P95 queue (s)', value: s.queueP95S },
		{ label: 'Output tok/s', value: s.outputTokPerS },
		{ label: 'Tok/s per GPU', value: s.tokPerSPerGpu },
		{ label: 'SLA violation', value: pct(s.slaViolationRate) },
		{ label: 'GPU utilization', value: pct(s.gpuUtilization) },
		{ label: 'Mean batch', value: s.meanBatchSize },
		{ label: 'Completed', value: s.completed },
		{ label: 'Dropped', value: s.dropped },
		{ label: '$ per M output tokens', value: s.costPerMTokUsd }
	];
}

/** Props of Heatmap for "Latency heatmap" of one workload. */
export interface HeatmapProps {
	rows: string[];
	cols: string[];
	cells: HeatCell[];
	title: string;
	rowLabel: string;
	colLabel: string;
	valueLabel: string;
	id: string;
}

/** "Latency heatmap": GPUs (rows) × bins (columns) for one workload, colour = P95 E2E (log). */
export function latencyHeatmap(study: StudyResult, size: number): HeatmapProps {
	const gpus = [...new Set(study.config.gpuCounts)].sort((a, b) => a - b);
	const bins = [...new Set(study.config.binCounts)].sort((a, b) => a - b);
	const cells: HeatCell[] = study.step1
		// The heatmap is the multi-bin grid; continuous-batching rows are not cells.
		.filter((r) => r.size === size && (r.method ?? 'multibin') === 'multibin')
		.map((r) => ({ row: String(r.gpus), col: String(r.bins), value: r.summary.e2eP95S, metrics: summaryMetrics(r.summary) }));
	return {
		rows: gpus.map(String),
		cols: bins.map(String),
		cells,
		title: `Latency heatmap: P95 E2E for ${sizeLabel(size)} requests`,
		rowLabel: 'GPUs',
		colLabel: 'Bins',
		valueLabel: 'P95 E2E latency (s)',
		id: `latency-heatmap-${sizeLabel(size).toLowerCase().replace('.', '-')}`
	};
}

/** Props of BarChart for "Method comparison". */
export interface BarChartProps {
	groups: string[];
	series: BarSeries[];
	title: string;
	xLabel: string;
	yLabel: string;
	yScale: 'linear' | 'log';
	id: string;
}

// Chart order from the method registry (src/lib/sim/methods/registry.ts), optimized last.
const METHOD_ORDER: Step2Method[] = [...METHOD_LIST.map((m) => m.name), 'optimized'];

/** "Method comparison": grouped bars per workload, one bar per Step 2 method; throughput or P95 E2E. */
export function methodComparisonChart(study: StudyResult, metric: 'throughput' | 'p95'): BarChartProps {
	const sizes = studySizes(study);
	const present = new Set(study.step2.map((r) => r.method));
	const methods = METHOD_ORDER.filter((m) => present.has(m));
	const pick = (s: SimSummary | null) => (s === null ? null : metric === 'throughput' ? s.outputTokPerS : s.e2eP95S);
	const series: BarSeries[] = methods.map((m) => ({
		name: m,
		values: sizes.map((size) => pick(study.step2.find((r) => r.method === m && r.size === size)?.summary ?? null))
	}));
	return metric === 'throughput'
		? {
				groups: sizes.map(sizeLabel),
				series,
				title: 'Method comparison: output throughput',
				xLabel: 'Workload (requests)',
				yLabel: 'Output tok/s',
				// Throughputs sit within one order of magnitude: a linear axis from 0 compares them honestly.
				yScale: 'linear',
				id: 'method-throughput'
			}
		: {
				groups: sizes.map(sizeLabel),
				series,
				title: 'Method comparison: P95 E2E latency',
				xLabel: 'Workload (requests)',
				yLabel: 'P95 E2E latency (s)',
				// Static batching's P95 can be orders of magnitude above continuous batching's.
				yScale: 'log',
				id: 'method-p95'
			};
}
