/**
 * The study's files: step1_all_results.csv, step1_summary_table.csv, step1_scaling_analysis.csv,
 * step2_comparison.csv, bin_effect.csv, gpu_efficiency.csv, optimal_configs.json (and load_sweep.csv
 * when a sweep ran; export-tables.ts). CSV per RFC 4180 with a header row, units in column names, and
 * the setting (model, GPU, performance model, trace, RPS scale, offered load, SLO targets) on every row,
 * so a file read alone still says what its numbers are for. No NaN or Infinity ever: an undefined value
 * is an empty cell (CSV) or null (JSON).
 */
import type { SimSummary } from '../sim/types';
import { DEPLOY_HEADER, SETTING_HEADER, deployCells, settingCells, toCsv, type Cell } from './csv';
import { binEffectCsv, gpuEfficiencyCsv } from './export-tables';
import { loadSweepCsv } from './load-sweep-export';
import { prefixComparisonCsv } from './prefix-compare';
import { studySetting } from './setting';
import { relativeToStatic } from './step2-rows';
import type { StudyResult } from './types';

/** Summary columns shared by Step 1 and Step 2 files: [column name with unit, getter]. TPOT = the engine's TBT. */
const SUMMARY_COLUMNS: [string, (s: SimSummary) => Cell][] = [
	['requests', (s) => s.requests],
	['completed', (s) => s.completed],
	['dropped', (s) => s.dropped],
	['failed_rows', (s) => s.failed],
	['offered_req_per_s', (s) => s.offeredReqPerS],
	['offered_tok_per_s', (s) => s.offeredTokPerS],
	['slo_attainment', (s) => s.sloAttainment],
	['goodput_req_per_s', (s) => s.goodputReqPerS],
	['makespan_s', (s) => s.makespanS],
	['output_tok_per_s', (s) => s.outputTokPerS],
	['total_tok_per_s', (s) => s.totalTokPerS],
	['tok_per_s_per_gpu', (s) => s.tokPerSPerGpu],
	['e2e_p50_s', (s) => s.e2eP50S],
	['e2e_p95_s', (s) => s.e2eP95S],
	['e2e_p99_s', (s) => s.e2eP99S],
	['ttft_p50_s', (s) => s.ttftP50S],
	['ttft_p95_s', (s) => s.ttftP95S],
	['ttft_p99_s', (s) => s.ttftP99S],
	['tpot_p50_ms', (s) => s.tbtP50Ms],
	['tpot_p95_ms', (s) => s.tbtP95Ms],
	['tpot_p99_ms', (s) => s.tbtP99Ms],
	['itl_p50_ms', (s) => s.itlP50Ms],
	['itl_p95_ms', (s) => s.itlP95Ms],
	['itl_p99_ms', (s) => s.itlP99Ms],
	['queue_p95_s', (s) => s.queueP95S],
	['tpot_violation_rate', (s) => s.slaViolationRate],
	['ttft_violation_rate', (s) => s.ttftViolationRate],
	['e2e_violation_rate', (s) => s.e2eViolationRate],
	['gpu_utilization', (s) => s.gpuUtilization],
	['mean_batch_size', (s) => s.meanBatchSize],
	['batches', (s) => s.batches],
	['preemptions', (s) => s.preemptions],
	['cost_per_mtok_usd', (s) => s.costPerMTokUsd]
];
const SUMMARY_HEADER = SUMMARY_COLUMNS.map(([h]) => h);
const summaryCells = (s: SimSummary | null): Cell[] => SUMMARY_COLUMNS.map(([, get]) => (s ? get(s) : null));

/** "yes"/"no" against the attainment target, empty without a value. */
function meets(r: StudyResult, s: SimSummary | null): Cell {
	if (!s || s.sloAttainment === null) return null;
	return s.sloAttainment >= r.config.attainment - 1e-12 ? 'yes' : 'no';
}

/** step1_all_results.csv: every Step 1 configuration (multibin and continuous rows), completed or failed. */
export function step1AllResultsCsv(r: StudyResult): string {
	const s = studySetting(r);
	const tail = settingCells(r);
	const rows: Cell[][] = [
		...r.step1.map((x) => [x.size, s.model, s.gpu, x.method, x.gpus, x.bins, 'ok', meets(r, x.summary), ...summaryCells(x.summary), '', ...deployCells(r, x.gpus), ...tail]),
		...r.failures.filter((f) => f.step === 1).map((f) => [f.size, s.model, s.gpu, f.method, f.gpus, f.bins, 'failed', null, ...summaryCells(null), f.reason, ...deployCells(r, f.gpus), ...tail])
	];
	rows.sort(
		(a, b) => (a[0] as number) - (b[0] as number) || String(b[3]).localeCompare(String(a[3])) || (a[4] as number) - (b[4] as number) || (a[5] as number) - (b[5] as number)
	);
	return toCsv(['workload_requests', 'model', 'gpu', 'method', 'gpus', 'bins', 'status', 'meets_slo', ...SUMMARY_HEADER, 'error', ...DEPLOY_HEADER, ...SETTING_HEADER], rows);
}

/** step1_summary_table.csv: per workload, best latency / throughput / efficiency configurations and the knee. */
export function step1SummaryCsv(r: StudyResult): string {
	const s = studySetting(r);
	return toCsv(
		[
			'workload_requests',
			'model',
			'gpu',
			'offered_req_per_s',
			'offered_tok_per_s',
			'best_latency_method',
			'best_latency_gpus',
			'best_latency_bins',
			'best_latency_e2e_p95_s',
			'best_throughput_method',
			'best_throughput_gpus',
			'best_throughput_bins',
			'best_throughput_output_tok_per_s',
			'best_efficiency_method',
			'best_efficiency_gpus',
			'best_efficiency_bins',
			'best_efficiency_tok_per_s_per_gpu',
			'scaling_bins',
			'recommended_gpus',
			'knee_within_grid',
			'best_bins',
			'arrival_bound',
			...SETTING_HEADER
		],
		r.summary.map((x) => {
			const sc = r.scaling.find((y) => y.size === x.size);
			const be = r.binEffect.find((y) => y.size === x.size);
			const w = r.workloads.find((y) => y.size === x.size);
			return [
				x.size,
				s.model,
				s.gpu,
				w?.offeredReqPerS,
				w?.offeredTokPerS,
				x.bestLatency?.method,
				x.bestLatency?.gpus,
				x.bestLatency?.bins,
				x.bestLatency?.value,
				x.bestThroughput?.method,
				x.bestThroughput?.gpus,
				x.bestThroughput?.bins,
				x.bestThroughput?.value,
				x.bestEfficiency?.method,
				x.bestEfficiency?.gpus,
				x.bestEfficiency?.bins,
				x.bestEfficiency?.value,
				sc?.bins,
				sc?.recommendedGpus,
				sc ? (sc.kneeWithinGrid ? 'yes' : 'no') : null,
				be?.bestBins,
				r.arrivalBound.some((a) => a.size === x.size) ? 'yes' : 'no',
				...settingCells(r)
			];
		})
	);
}

/** step1_scaling_analysis.csv: one row per (workload, GPU count) at the scaling bin count (multibin). */
export function step1ScalingCsv(r: StudyResult): string {
	const s = studySetting(r);
	const rows: Cell[][] = [];
	for (const sc of r.scaling) {
		for (const p of sc.points) {
			rows.push([
				sc.size,
				s.model,
				s.gpu,
				sc.bins,
				p.gpus,
				p.p95E2eS,
				p.reductionVsFirst === null ? null : p.reductionVsFirst * 100,
				p.reductionVsPrev === null ? null : p.reductionVsPrev * 100,
				p.outputTokPerS,
				p.tokPerSPerGpu,
				p.gpus === sc.recommendedGpus ? 'yes' : 'no',
				...settingCells(r)
			]);
		}
	}
	return toCsv(
		['workload_requests', 'model', 'gpu', 'bins', 'gpus', 'e2e_p95_s', 'reduction_vs_first_pct', 'reduction_vs_prev_pct', 'output_tok_per_s', 'tok_per_s_per_gpu', 'knee', ...SETTING_HEADER],
		rows
	);
}

/**
 * step2_comparison.csv: one row per (workload, GPU count, method), with each method's output tok/s and
 * P95 E2E relative to static batching at the same GPU count (the ratios the reference report quotes).
 */
export function step2ComparisonCsv(r: StudyResult, sizes?: (size: number) => boolean): string {
	const s = studySetting(r);
	return toCsv(
		['workload_requests', 'model', 'gpu', 'method', 'gpus', 'bins', 'batch', 'status', 'meets_slo', 'throughput_vs_static', 'e2e_p95_vs_static', ...SUMMARY_HEADER, 'error', ...DEPLOY_HEADER, ...SETTING_HEADER],
		r.step2
			.filter((x) => !sizes || sizes(x.size))
			.map((x) => {
				// A row without a key never ran (no optimized pick): no configuration to show.
				const ran = x.key !== '';
				const rel = relativeToStatic(r.step2, x);
				return [
					x.size,
					s.model,
					s.gpu,
					x.method,
					ran ? x.gpus : null,
					ran ? x.bins : null,
					x.batch,
					x.summary ? 'ok' : ran ? 'failed' : 'not run',
					meets(r, x.summary),
					rel.throughput,
					rel.p95,
					...summaryCells(x.summary),
					x.error ?? '',
					...deployCells(r, ran ? x.gpus : null),
					...settingCells(r)
				];
			})
	);
}

/** optimal_configs.json: the setting, and per workload the picks, knee, optimized selection, recommendations and notices. */
export function optimalConfigsJson(r: StudyResult): string {
	const c = r.config;
	const doc = {
		engineVersion: r.engineVersion,
		setting: studySetting(r),
		model: c.base.model.id,
		gpu: c.base.gpu.id,
		rpsScale: c.rpsScale,
		slo: { ttftS: c.base.sla.ttftS ?? null, tpotMs: c.base.sla.tbtS * 1000, e2eS: c.base.sla.e2eS ?? null, attainment: c.attainment },
		objective: c.objective,
		kneeThreshold: c.kneeThreshold,
		seed: c.base.seed,
		grid: { sizes: c.sizes, gpuCounts: c.gpuCounts, binCounts: c.binCounts, step1Continuous: c.step1Continuous },
		notices: r.notices ?? [],
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

/** Every study file, name → contents (load_sweep.csv only when a sweep ran). */
export function studyFiles(r: StudyResult): { file: string; text: string }[] {
	const files = [
		{ file: 'step1_all_results.csv', text: step1AllResultsCsv(r) },
		{ file: 'step1_summary_table.csv', text: step1SummaryCsv(r) },
		{ file: 'step1_scaling_analysis.csv', text: step1ScalingCsv(r) },
		{ file: 'step2_comparison.csv', text: step2ComparisonCsv(r) },
		{ file: 'bin_effect.csv', text: binEffectCsv(r) },
		{ file: 'gpu_efficiency.csv', text: gpuEfficiencyCsv(r) },
		{ file: 'optimal_configs.json', text: optimalConfigsJson(r) }
	];
	if (r.loadSweeps && r.loadSweeps.length > 0) files.push({ file: 'load_sweep.csv', text: loadSweepCsv(r.loadSweeps, r) });
	if (r.prefixCompare && r.prefixCompare.length > 0) files.push({ file: 'prefix_cache.csv', text: prefixComparisonCsv(r.prefixCompare) });
	return files;
}

/** Workloads of 1M requests and more go to step2_comparison_1m.csv in the reference layout. */
export const REFERENCE_1M = 1_000_000;

/**
 * The six files under the reference study's names, so scripts written against it work unchanged:
 * step1_all_results_final.csv, step1_summary_table.csv, step1_scaling_analysis.csv, step2_comparison.csv
 * (workloads below 1M), step2_comparison_1m.csv (1M and above) and step1_grid_search_results_optimal_configs.json.
 */
export function referenceLayoutFiles(r: StudyResult): { file: string; text: string }[] {
	return [
		{ file: 'step1_all_results_final.csv', text: step1AllResultsCsv(r) },
		{ file: 'step1_summary_table.csv', text: step1SummaryCsv(r) },
		{ file: 'step1_scaling_analysis.csv', text: step1ScalingCsv(r) },
		{ file: 'step2_comparison.csv', text: step2ComparisonCsv(r, (n) => n < REFERENCE_1M) },
		{ file: 'step2_comparison_1m.csv', text: step2ComparisonCsv(r, (n) => n >= REFERENCE_1M) },
		{ file: 'step1_grid_search_results_optimal_configs.json', text: optimalConfigsJson(r) }
	];
}

export { csvCell, toCsv } from './csv';
