/**
 * The study's files, named as in the reference study: step1_all_results.csv, step1_summary_table.csv,
 * step1_scaling_analysis.csv, step2_comparison.csv and optimal_configs.json. CSV per RFC 4180 with a
 * header row, one row per configuration, units in column names. No NaN or Infinity ever: an undefined
 * value is an empty cell (CSV) or null (JSON).
 */
import type { SimSummary } from '../sim/types';
import type { StudyResult } from './types';

type Cell = string | number | boolean | null | undefined;

/** A CSV cell: finite numbers as shortest round-trip text, non-finite and missing as empty, text quoted when needed. */
export function csvCell(v: Cell): string {
	if (v === null || v === undefined) return '';
	if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
	const s = String(v);
	return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A CSV document: header then rows, CRLF-free ("\n") line ends, trailing newline. */
export function toCsv(header: string[], rows: Cell[][]): string {
	return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

/** Summary columns shared by Step 1 and Step 2 files: [column name with unit, getter]. */
const SUMMARY_COLUMNS: [string, (s: SimSummary) => Cell][] = [
	['requests', (s) => s.requests],
	['completed', (s) => s.completed],
	['dropped', (s) => s.dropped],
	['failed_rows', (s) => s.failed],
	['makespan_s', (s) => s.makespanS],
	['output_tok_per_s', (s) => s.outputTokPerS],
	['total_tok_per_s', (s) => s.totalTokPerS],
	['tok_per_s_per_gpu', (s) => s.tokPerSPerGpu],
	['offered_tok_per_s', (s) => s.offeredTokPerS],
	['e2e_p50_s', (s) => s.e2eP50S],
	['e2e_p95_s', (s) => s.e2eP95S],
	['e2e_p99_s', (s) => s.e2eP99S],
	['ttft_p50_s', (s) => s.ttftP50S],
	['ttft_p95_s', (s) => s.ttftP95S],
	['tbt_p50_ms', (s) => s.tbtP50Ms],
	['tbt_p95_ms', (s) => s.tbtP95Ms],
	['queue_p95_s', (s) => s.queueP95S],
	['sla_violation_rate', (s) => s.slaViolationRate],
	['goodput_req_per_s', (s) => s.goodputRps],
	['gpu_utilization', (s) => s.gpuUtilization],
	['mean_batch_size', (s) => s.meanBatchSize],
	['batches', (s) => s.batches],
	['preemptions', (s) => s.preemptions],
	['cost_per_mtok_usd', (s) => s.costPerMTokUsd]
];
const SUMMARY_HEADER = SUMMARY_COLUMNS.map(([h]) => h);
const summaryCells = (s: SimSummary | null): Cell[] => SUMMARY_COLUMNS.map(([, get]) => (s ? get(s) : null));

/** step1_all_results.csv: every Step 1 configuration, completed or failed (status + error columns). */
export function step1AllResultsCsv(r: StudyResult): string {
	const rows: Cell[][] = [
		...r.step1.map((x) => [x.size, x.gpus, x.bins, 'ok', ...summaryCells(x.summary), '']),
		...r.failures.filter((f) => f.step === 1).map((f) => [f.size, f.gpus, f.bins, 'failed', ...summaryCells(null), f.reason])
	];
	rows.sort((a, b) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number) || (a[2] as number) - (b[2] as number));
	return toCsv(['workload_requests', 'gpus', 'bins', 'status', ...SUMMARY_HEADER, 'error'], rows);
}

/** step1_summary_table.csv: per workload, best latency / throughput / efficiency configurations and the knee. */
export function step1SummaryCsv(r: StudyResult): string {
	return toCsv(
		[
			'workload_requests',
			'best_latency_gpus',
			'best_latency_bins',
			'best_latency_e2e_p95_s',
			'best_throughput_gpus',
			'best_throughput_bins',
			'best_throughput_output_tok_per_s',
			'best_efficiency_gpus',
			'best_efficiency_bins',
			'best_efficiency_tok_per_s_per_gpu',
			'scaling_bins',
			'recommended_gpus',
			'best_bins',
			'offered_tok_per_s',
			'arrival_bound'
		],
		r.summary.map((s) => {
			const sc = r.scaling.find((x) => x.size === s.size);
			const be = r.binEffect.find((x) => x.size === s.size);
			const w = r.workloads.find((x) => x.size === s.size);
			return [
				s.size,
				s.bestLatency?.gpus,
				s.bestLatency?.bins,
				s.bestLatency?.value,
				s.bestThroughput?.gpus,
				s.bestThroughput?.bins,
				s.bestThroughput?.value,
				s.bestEfficiency?.gpus,
				s.bestEfficiency?.bins,
				s.bestEfficiency?.value,
				sc?.bins,
				sc?.recommendedGpus,
				be?.bestBins,
				w?.offeredTokPerS,
				r.arrivalBound.some((a) => a.size === s.size) ? 'yes' : 'no'
			];
		})
	);
}

/** step1_scaling_analysis.csv: one row per (workload, GPU count) at the scaling bin count. */
export function step1ScalingCsv(r: StudyResult): string {
	const rows: Cell[][] = [];
	for (const sc of r.scaling) {
		for (const p of sc.points) {
			rows.push([
				sc.size,
				sc.bins,
				p.gpus,
				p.p95E2eS,
				p.reductionVsFirst === null ? null : p.reductionVsFirst * 100,
				p.reductionVsPrev === null ? null : p.reductionVsPrev * 100,
				p.outputTokPerS,
				p.tokPerSPerGpu,
				p.gpus === sc.recommendedGpus ? 'yes' : 'no'
			]);
		}
	}
	return toCsv(
		['workload_requests', 'bins', 'gpus', 'e2e_p95_s', 'reduction_vs_first_pct', 'reduction_vs_prev_pct', 'output_tok_per_s', 'tok_per_s_per_gpu', 'recommended'],
		rows
	);
}

/** step2_comparison.csv: one row per (workload, method). */
export function step2ComparisonCsv(r: StudyResult): string {
	return toCsv(
		['workload_requests', 'method', 'gpus', 'bins', 'batch', 'status', ...SUMMARY_HEADER, 'error'],
		r.step2.map((x) => {
			// A row without a key never ran (no optimized pick): no configuration to show.
			const ran = x.key !== '';
			return [x.size, x.method, ran ? x.gpus : null, ran ? x.bins : null, x.batch, x.summary ? 'ok' : ran ? 'failed' : 'not run', ...summaryCells(x.summary), x.error ?? ''];
		})
	);
}

/** optimal_configs.json: per workload, the picks, knee, optimized selection, recommendations and notices. */
export function optimalConfigsJson(r: StudyResult): string {
	const c = r.config;
	const doc = {
		engineVersion: r.engineVersion,
		model: c.base.model.id,
		gpu: c.base.gpu.id,
		rpsScale: c.rpsScale,
		slaTbtMs: c.base.sla.tbtS * 1000,
		objective: c.objective,
		slaLimit: c.slaLimit,
		kneeThreshold: c.kneeThreshold,
		seed: c.base.seed,
		grid: { sizes: c.sizes, gpuCounts: c.gpuCounts, binCounts: c.binCounts },
		workloads: r.workloads.map((w) => ({
			...w,
			summary: r.summary.find((s) => s.size === w.size) ?? null,
			scaling: r.scaling.find((s) => s.size === w.size) ?? null,
			binEffect: r.binEffect.find((s) => s.size === w.size) ?? null,
			optimized: r.optimized.find((s) => s.size === w.size) ?? null,
			recommendations: r.recommendations.filter((s) => s.size === w.size),
			arrivalBound: r.arrivalBound.find((s) => s.size === w.size) ?? null
		})),
		efficiency: r.efficiency,
		failures: r.failures
	};
	// JSON.stringify writes NaN/Infinity as null already; the replacer makes that explicit for -0 and friends.
	return JSON.stringify(doc, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n';
}

/** All five files, name → contents. */
export function studyFiles(r: StudyResult): { file: string; text: string }[] {
	return [
		{ file: 'step1_all_results.csv', text: step1AllResultsCsv(r) },
		{ file: 'step1_summary_table.csv', text: step1SummaryCsv(r) },
		{ file: 'step1_scaling_analysis.csv', text: step1ScalingCsv(r) },
		{ file: 'step2_comparison.csv', text: step2ComparisonCsv(r) },
		{ file: 'optimal_configs.json', text: optimalConfigsJson(r) }
	];
}
