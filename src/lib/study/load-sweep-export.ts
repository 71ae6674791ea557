/** load_sweep.csv: one row per (configuration, rate), with the capacity each configuration reached. */
import { SETTING_HEADER, settingCells, toCsv, type Cell } from './csv';
import type { LoadSweep } from './load-sweep';
import { studySetting } from './setting';
import type { StudyResult } from './types';

export function loadSweepCsv(sweeps: LoadSweep[], r?: StudyResult): string {
	const s = r ? studySetting(r) : null;
	const rows: Cell[][] = [];
	for (const sw of sweeps) {
		for (const p of sw.points) {
			rows.push([
				sw.label,
				s?.model,
				s?.gpu,
				sw.method,
				sw.gpus,
				sw.bins,
				sw.requests,
				p.rateReqPerS,
				p.offeredReqPerS,
				p.offeredTokPerS,
				p.ttftP95S,
				p.tpotP95Ms,
				p.e2eP95S,
				p.outputTokPerS,
				p.goodputReqPerS,
				p.sloAttainment,
				p.meetsSlo ? 'yes' : 'no',
				sw.capacityReqPerS,
				sw.capacityPerGpuReqPerS,
				p.rateReqPerS === sw.capacityReqPerS ? 'yes' : 'no',
				...(r ? settingCells(r) : [])
			]);
		}
	}
	return toCsv(
		[
			'configuration',
			'model',
			'gpu',
			'method',
			'gpus',
			'bins',
			'requests',
			'rate_req_per_s',
			'offered_req_per_s',
			'offered_tok_per_s',
			'ttft_p95_s',
			'tpot_p95_ms',
			'e2e_p95_s',
			'output_tok_per_s',
			'goodput_req_per_s',
			'slo_attainment',
			'meets_slo',
			'capacity_req_per_s',
			'capacity_per_gpu_req_per_s',
			'is_capacity',
			...(r ? SETTING_HEADER : [])
		],
		rows
	);
}
