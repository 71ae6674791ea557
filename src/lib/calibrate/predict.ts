/**
 * Predicting measured steps with a performance model: the same PerfModel the simulator runs, fed the
 * StepLoad of each measured step. Used by the calibration's objective, `cli calibrate --check` and
 * the validation table.
 */
import { findGpu, findModel } from '../catalog';
import { createPerfModel } from '../sim/perf/registry';
import type { Efficiency, PerfModelSpec } from '../sim/types';
import type { PerfModel } from '../sim/perf/types';
import { createPerOpModel } from '../sim/perf/per-op';
import type { PerOpParams } from '../sim/perf/per-op-profile';
import { DEFAULT_EFFICIENCY } from '../sim/presets';
import { measuredStepLoad } from './step-load';
import type { MeasuredStep } from './measurements';
import { errorStats, type ErrorStats } from './error-stats';

/** One row's prediction against its measurement. */
export interface RowCheck {
	set: string;
	model: string;
	kind: MeasuredStep['kind'];
	batch: number;
	newTokens: number;
	contextTokens: number;
	prefillTokens?: number;
	prefillContextTokens?: number;
	measuredMs: number;
	predictedMs: number;
	/** (predicted − measured) / measured. */
	relErr: number;
	/** Which model priced it, e.g. "per-operator, calibrated from measurements (2026-11-30)". */
	perfLabel: string;
}

/** A catalog lookup that cannot fail after parseMeasurements validated the ids. */
function specs(r: MeasuredStep) {
	const model = findModel(r.model);
	const gpu = findGpu(r.gpu);
	if (!model || !gpu) throw new Error(`unknown model or GPU in a validated row: ${r.model} on ${r.gpu}`);
	return { model, gpu };
}

/** Predicted step time (seconds) of every row under per-operator params: the calibration's inner loop. */
export function predictPerOp(rows: MeasuredStep[], params: PerOpParams, out: number[]): void {
	const models = new Map<string, PerfModel>();
	const profile = { label: 'fit', source: 'calibrated' as const, params };
	for (let i = 0; i < rows.length; i++) {
		const r = rows[i];
		const key = `${r.model}@${r.gpu}`;
		let m = models.get(key);
		if (!m) {
			const { model, gpu } = specs(r);
			m = createPerOpModel(model, gpu, profile);
			models.set(key, m);
		}
		out[i] = m.stepTimeS(measuredStepLoad(r));
	}
}

/** Checks rows against the perf model `specFor` gives each row's GPU. */
export function checkRows(rows: MeasuredStep[], specFor: (gpu: string) => PerfModelSpec): { stats: ErrorStats; rows: RowCheck[] } {
	const out: RowCheck[] = rows.map((r) => {
		const { model, gpu } = specs(r);
		const spec = specFor(r.gpu);
		const perf = createPerfModel({ model, gpu, efficiency: DEFAULT_EFFICIENCY, perf: spec });
		const predictedMs = perf.stepTimeS(measuredStepLoad(r)) * 1e3;
		return {
			set: r.set ?? '',
			model: r.model,
			kind: r.kind,
			batch: r.batch,
			newTokens: r.newTokens,
			contextTokens: r.contextTokens,
			...(r.kind === 'mixed' ? { prefillTokens: r.prefillTokens, prefillContextTokens: r.prefillContextTokens } : {}),
			measuredMs: r.ms,
			predictedMs,
			relErr: (predictedMs - r.ms) / r.ms,
			perfLabel: perfLabel(spec)
		};
	});
	return { stats: errorStats(out.map((r) => Math.abs(r.relErr))), rows: out };
}

/** What a person reads next to a predicted number: which model and which parameters priced it. */
export function perfLabel(spec: PerfModelSpec, efficiency: Efficiency = DEFAULT_EFFICIENCY): string {
	if (spec.kind === 'per-op') return `per-operator, ${spec.profile.label}`;
	if (spec.kind === 'fitted') return 'fitted latency model T(b, L)';
	const e = efficiency;
	return `datasheet roofline (mfu ${e.mfu}, eta ${e.eta}, ${e.stepOverheadS * 1e3} ms per step)`;
}
