/**
 * The study's tables as files too (bin_effect.csv, gpu_efficiency.csv), the whole set of files, and
 * the same content under the reference study's file names ("reference layout").
 */
import { optimalConfigsJson, SETTING_HEADER, settingCells, step1AllResultsCsv, step1ScalingCsv, step1SummaryCsv, step2ComparisonCsv, toCsv, type Cell } from './export';
import { loadSweepCsv } from './load-sweep-export';
import { studySetting } from './setting';
import type { StudyResult } from './types';

/** bin_effect.csv: per workload and bin count, the chosen predictor's P95 and, beside it, the oracle's. */
export function binEffectCsv(r: StudyResult): string {
	const s = studySetting(r);
	const rows: Cell[][] = [];
	for (const be of r.binEffect) {
		for (const p of be.points) {
			const o = be.oracle?.points.find((x) => x.bins === p.bins);
			rows.push([
				be.size,
				s.model,
				s.gpu,
				p.bins,
				p.bestP95E2eS,
				p.meanChangeVsFewest === null ? null : p.meanChangeVsFewest * 100,
				p.bins === be.bestBins ? 'yes' : 'no',
				be.oracle?.gpus,
				o?.predictedP95E2eS,
				o?.oracleP95E2eS,
				o?.predictedTokPerS,
				o?.oracleTokPerS,
				...settingCells(r)
			]);
		}
	}
	return toCsv(
		[
			'workload_requests',
			'model',
			'gpu',
			'bins',
			'best_e2e_p95_s',
			'mean_change_vs_fewest_pct',
			'best_bins',
			'oracle_compare_gpus',
			'predictor_e2e_p95_s_at_compare_gpus',
			'oracle_e2e_p95_s_at_compare_gpus',
			'predictor_output_tok_per_s_at_compare_gpus',
			'oracle_output_tok_per_s_at_compare_gpus',
			...SETTING_HEADER
		],
		rows
	);
}

/** gpu_efficiency.csv: output tok/s per GPU for each GPU count and workload (best over configurations). */
export function gpuEfficiencyCsv(r: StudyResult): string {
	const s = studySetting(r);
	const rows: Cell[][] = [];
	r.efficiency.gpuCounts.forEach((g, i) => r.efficiency.sizes.forEach((n, j) => rows.push([n, s.model, s.gpu, g, r.efficiency.cells[i][j], ...settingCells(r)])));
	return toCsv(['workload_requests', 'model', 'gpu', 'gpus', 'output_tok_per_s_per_gpu', ...SETTING_HEADER], rows);
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
