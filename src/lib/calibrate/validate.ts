/**
 * The validation table: for each measured set, the error of the datasheet roofline, the per-operator
 * model with a-priori parameters, and the per-operator model calibrated on the lean and mixed sets;
 * plus leave-one-model-out (calibrate on one model's sets, predict the other's). Generated from the
 * data by `cli calibrate --validate`, never written by hand.
 */
import type { PerfModelSpec } from '../sim/types';
import type { PerOpProfile } from '../sim/perf/per-op-profile';
import { A_PRIORI_PARAMS } from './a-priori';
import { calibrate } from './calibrate';
import type { ErrorStats } from './error-stats';
import type { MeasuredStep } from './measurements';
import { checkRows } from './predict';

/** A named measured set (one fixture file). */
export interface MeasuredSet {
	name: string;
	rows: MeasuredStep[];
}

/** One line of the table. */
export interface ValidationLine {
	set: string;
	rows: number;
	roofline: ErrorStats;
	perOpDefaults: ErrorStats;
	calibrated: ErrorStats;
	/** What "calibrated" was fitted on. */
	calibratedOn: string;
}

/** A leave-one-model-out line: fitted on `trainedOn`, predicting `set`. */
export interface HoldOutLine {
	set: string;
	trainedOn: string;
	stats: ErrorStats;
}

export interface ValidationTable {
	lines: ValidationLine[];
	holdOut: HoldOutLine[];
	profile: PerOpProfile;
}

const APRIORI: PerfModelSpec = { kind: 'per-op', profile: { label: 'a-priori parameters', source: 'defaults', params: A_PRIORI_PARAMS } };
const ROOFLINE: PerfModelSpec = { kind: 'roofline' };

function fitOrThrow(rows: MeasuredStep[], label: string): PerOpProfile {
	const r = calibrate(rows, { label });
	if (!r.ok) throw new Error(r.message);
	return r.profile;
}

/**
 * Builds the table. `training` names the sets the built-in profile is fitted on (lean + mixed);
 * a set named in `ownFit` (e.g. the unfused implementation) is also calibrated on itself.
 */
export function validationTable(sets: MeasuredSet[], training: string[], label: string, ownFit: string[] = []): ValidationTable {
	const byName = new Map(sets.map((s) => [s.name, s]));
	const train = training.map((n) => byName.get(n)).filter((s): s is MeasuredSet => !!s);
	const profile = fitOrThrow(train.flatMap((s) => s.rows), label);
	const calibrated: PerfModelSpec = { kind: 'per-op', profile };
	const lines: ValidationLine[] = sets.map((s) => {
		const own = ownFit.includes(s.name);
		const spec: PerfModelSpec = own ? { kind: 'per-op', profile: fitOrThrow(s.rows, `calibrated on ${s.name}`) } : calibrated;
		return {
			set: s.name,
			rows: s.rows.length,
			roofline: checkRows(s.rows, () => ROOFLINE).stats,
			perOpDefaults: checkRows(s.rows, () => APRIORI).stats,
			calibrated: checkRows(s.rows, () => spec).stats,
			calibratedOn: own ? `${s.name} itself` : training.join(' + ')
		};
	});
	// Leave one model out, over the training sets: fit on every other model's sets, predict this model's.
	const models = [...new Set(train.flatMap((s) => s.rows.map((r) => r.model)))];
	const holdOut: HoldOutLine[] = [];
	for (const m of models) {
		const others = train.filter((s) => !s.rows.some((r) => r.model === m));
		const mine = train.filter((s) => s.rows.some((r) => r.model === m));
		if (others.length === 0) continue;
		const p = fitOrThrow(others.flatMap((s) => s.rows), `calibrated without ${m}`);
		for (const s of mine) {
			holdOut.push({ set: s.name, trainedOn: others.map((o) => o.name).join(' + '), stats: checkRows(s.rows, () => ({ kind: 'per-op', profile: p })).stats });
		}
	}
	return { lines, holdOut, profile };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const cell = (s: ErrorStats) => `${pct(s.medianAbsErr)} / ${pct(s.p90AbsErr)} / ${pct(s.maxAbsErr)}`;

/** The table as Markdown (median / p90 / max absolute relative error). */
export function validationMarkdown(t: ValidationTable): string {
	const out = [
		'| measured set | rows | datasheet roofline | per-operator, a-priori parameters | per-operator, calibrated | calibrated on |',
		'|---|---|---|---|---|---|',
		...t.lines.map((l) => `| ${l.set} | ${l.rows} | ${cell(l.roofline)} | ${cell(l.perOpDefaults)} | ${cell(l.calibrated)} | ${l.calibratedOn} |`),
		'',
		'Leave one model out (calibrated without the model, then predicting it):',
		'',
		'| predicted set | calibrated on | median / p90 / max |',
		'|---|---|---|',
		...t.holdOut.map((h) => `| ${h.set} | ${h.trainedOn} | ${cell(h.stats)} |`)
	];
	return out.join('\n');
}
