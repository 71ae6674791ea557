/** The study's tables as files too: bin_effect.csv (predictor beside oracle) and gpu_efficiency.csv. */
import { SETTING_HEADER, settingCells, toCsv, type Cell } from './csv';
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
