/**
 * CSV per RFC 4180 (header row, quoted text where needed, no NaN/Infinity: an undefined value is an
 * empty cell) and the setting columns every study CSV row ends with.
 */
import { studySetting } from './setting';
import type { StudyResult } from './types';

export type Cell = string | number | boolean | null | undefined;

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

/** The setting columns every CSV row ends with. */
const SETTING_HEADER = [
	'trace',
	'rps_scale',
	'rate_req_per_s',
	'perf_model',
	'predictor',
	'ttft_slo_s',
	'tpot_slo_ms',
	'e2e_slo_s',
	'slo_attainment_target',
	'cost_per_gpu_hour_usd',
	'tp',
	'tp_defaulted',
	'weights',
	'kv_dtype',
	'routing'
];
function settingCells(r: StudyResult): Cell[] {
	const s = studySetting(r);
	return [s.trace, s.requestsPerS ? null : s.rpsScale, s.requestsPerS, s.perfModel, s.predictor, s.ttftSloS, s.tpotSloMs, s.e2eSloS, s.attainmentTarget, s.costPerGpuHourUsd, s.tp, s.tpDefaulted ? 'yes' : 'no', s.weights, s.kvDtype, s.routing];
}

/** Per-run deployment columns: the grid's GPU count is replicas; each replica spans the study's TP. */
const DEPLOY_HEADER = ['replicas', 'total_gpus'];
function deployCells(r: StudyResult, replicas: number | null | undefined): Cell[] {
	const tp = studySetting(r).tp;
	return [replicas, replicas == null || tp === null ? null : replicas * tp];
}

export { DEPLOY_HEADER, SETTING_HEADER, deployCells, settingCells };
