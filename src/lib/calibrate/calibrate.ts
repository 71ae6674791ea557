/**
 * Calibration: fits the per-operator model's parameters for one GPU to measured step times by robust
 * least squares on relative error. Residuals are log(predicted / measured), so a 5% miss on a 3 ms
 * decode counts as much as on a 250 ms prefill; the soft-L1 loss (Huber-like, smooth) keeps one odd
 * row from dragging the physics. A weak prior towards A_PRIORI_PARAMS keeps parameters the data
 * cannot see (e.g. prefill attention in a decode-only file) at physical values instead of drifting.
 * Parameters are optimised in log space (fractions: logit), so they stay positive (and ≤ 1).
 */
import { PER_OP_PARAM_NAMES, type PerOpParams, type PerOpProfile } from '../sim/perf/per-op-profile';
import type { MeasuredStep } from './measurements';
import { nelderMead } from './nelder-mead';
import { predictPerOp } from './predict';
import { errorStats, type ErrorStats } from './error-stats';
import { A_PRIORI_PARAMS } from './a-priori';

/** Parameters bounded to (0, 1): shares of a datasheet peak. */
const FRACTIONS = new Set<keyof PerOpParams>(['matmulEff', 'memEff', 'attnEff', 'ctxMaskWaste']);
/** Soft-L1 scale: residuals well under 3% count quadratically, larger ones linearly. */
const DELTA = 0.03;
/** Prior width in log space (a factor e^1.5 ≈ 4.5 costs as much as one row missed by DELTA). */
const PRIOR_SIGMA = 1.5;

/** Rows needed to fit every parameter: one per parameter. */
export const MIN_ROWS = PER_OP_PARAM_NAMES.length;

export type CalibrateResult =
	| { ok: true; profile: PerOpProfile; stats: ErrorStats }
	| { ok: false; message: string };

const toX = (p: PerOpParams, names: readonly (keyof PerOpParams)[]): number[] =>
	names.map((k) => (FRACTIONS.has(k) ? Math.log(p[k] / (1 - p[k])) : Math.log(p[k])));
const fromX = (x: number[], names: readonly (keyof PerOpParams)[], base: PerOpParams): PerOpParams => {
	const p = { ...base };
	names.forEach((k, i) => {
		p[k] = FRACTIONS.has(k) ? 1 / (1 + Math.exp(-x[i])) : Math.exp(x[i]);
	});
	return p;
};

/** Options: the profile's label, the prior to start from (defaults: A_PRIORI_PARAMS), parameters held fixed. */
export interface CalibrateOptions {
	label?: string;
	prior?: PerOpParams;
	/** Parameters measured otherwise (e.g. matmulEff from a large GEMM, memEff from a copy): held, not fitted. */
	fixed?: Partial<PerOpParams>;
}

/** Fits a per-operator profile for the one GPU all rows were measured on. */
export function calibrate(rows: MeasuredStep[], opts: CalibrateOptions = {}): CalibrateResult {
	const names = PER_OP_PARAM_NAMES.filter((k) => opts.fixed?.[k] === undefined);
	if (rows.length < names.length) {
		return {
			ok: false,
			message: `${rows.length} measured step(s) given; calibration needs at least ${names.length} (one per fitted parameter), ideally prefill and decode steps at several batch sizes and contexts (docs/measure.md).`
		};
	}
	const gpus = [...new Set(rows.map((r) => r.gpu))];
	if (gpus.length > 1) return { ok: false, message: `The measurements come from several GPUs (${gpus.join(', ')}); calibrate one GPU at a time.` };
	const impls = [...new Set(rows.map((r) => r.impl ?? ''))];
	if (impls.length > 1) {
		return { ok: false, message: `The measurements come from several implementations (${impls.map((i) => i || 'unlabelled').join(', ')}); their kernel latencies differ, so calibrate one at a time.` };
	}
	if (rows.some((r) => (r.weights ?? 'bf16') !== 'bf16')) {
		return { ok: false, message: `Some rows have weights other than bf16 (${[...new Set(rows.map((r) => r.weights ?? 'bf16'))].join(', ')}): quantized linear layers are not modelled yet, so calibrate on bf16 rows only.` };
	}
	const base: PerOpParams = { ...(opts.prior ?? A_PRIORI_PARAMS), ...opts.fixed };
	const x0 = toX(base, names);
	const pred = new Array<number>(rows.length).fill(0);
	const measuredS = rows.map((r) => r.ms / 1e3);
	const objective = (x: number[]): number => {
		predictPerOp(rows, fromX(x, names, base), pred);
		let loss = 0;
		for (let i = 0; i < rows.length; i++) {
			const r = Math.log(pred[i] / measuredS[i]) / DELTA;
			loss += 2 * (Math.sqrt(1 + r * r) - 1);
		}
		for (let j = 0; j < x.length; j++) {
			const d = (x[j] - x0[j]) / PRIOR_SIGMA;
			loss += d * d;
		}
		return Number.isFinite(loss) ? loss : Number.MAX_VALUE;
	};
	const best = nelderMead(objective, x0);
	const params = fromX(best.x, names, base);
	predictPerOp(rows, params, pred);
	const stats = errorStats(pred.map((p, i) => Math.abs(p - measuredS[i]) / measuredS[i]));
	return {
		ok: true,
		stats,
		profile: {
			label: opts.label ?? `calibrated from ${rows.length} measured steps`,
			source: 'calibrated',
			gpu: gpus[0],
			params,
			fit: {
				rows: rows.length,
				medianAbsErr: stats.medianAbsErr,
				p90AbsErr: stats.p90AbsErr,
				maxAbsErr: stats.maxAbsErr,
				models: [...new Set(rows.map((r) => r.model))].sort()
			}
		}
	};
}
