/**
 * The page's choice of performance model: the textbook roofline or the per-operator model, with
 * either the GPU's default profile (built-in calibrated for the H200, learned fractions elsewhere) or
 * a profile the person calibrated. Plain data in StudyParams; carried in the URL as
 *   perf=per-op|roofline   prof=<9 parameters, comma-separated>   profl=<label>
 * so a shared link reproduces the same step times. (A fitted latency model, `fit`, wins over both.)
 */
import { defaultProfile } from '../sim/perf/per-op-defaults';
import { PER_OP_PARAM_NAMES, type PerOpProfile } from '../sim/perf/per-op-profile';
import { perOpParamsProblem } from '../sim/perf/per-op-check';
import type { GpuSpec, PerfModelSpec } from '../sim/types';

export type PerfModelName = 'roofline' | 'per-op';

/** What the person picked. profile null = the GPU's default profile. */
export interface PerfChoice {
	model: PerfModelName;
	profile: PerOpProfile | null;
}

/**
 * The page's default, the same as the engine's (presets.ts): the per-operator model. The URL carries
 * perf=roofline when a person picks the textbook model.
 */
export const DEFAULT_PERF_MODEL: PerfModelName = 'per-op';

/** A fresh default choice. */
export function defaultPerfChoice(): PerfChoice {
	return { model: DEFAULT_PERF_MODEL, profile: null };
}

/** The engine's PerfModelSpec for a choice on a GPU. */
export function perfSpecOfChoice(c: PerfChoice, gpu: GpuSpec | undefined): PerfModelSpec {
	if (c.model === 'roofline' || !gpu) return { kind: 'roofline' };
	return { kind: 'per-op', profile: c.profile ?? defaultProfile(gpu) };
}

/** URL names this module reads. */
export const PERF_URL_NAMES = ['perf', 'prof', 'profl'] as const;

/** The URL entries of a choice (only what differs from the default). */
export function perfChoiceToQuery(c: PerfChoice): [string, string][] {
	const out: [string, string][] = [];
	if (c.model !== DEFAULT_PERF_MODEL) out.push(['perf', c.model]);
	if (c.model === 'per-op' && c.profile) {
		out.push(['prof', PER_OP_PARAM_NAMES.map((k) => String(c.profile!.params[k])).join(',')]);
		out.push(['profl', c.profile.label]);
	}
	return out;
}

/** Reads the choice from a query; a bad value keeps the default and is reported through `bad`. */
export function perfChoiceFromQuery(q: URLSearchParams, bad: (name: string, value: string, why: string) => void): PerfChoice {
	const c = defaultPerfChoice();
	const perf = q.get('perf');
	if (perf !== null) {
		if (perf === 'roofline' || perf === 'per-op') c.model = perf;
		else bad('perf', perf, 'expected roofline or per-op');
	}
	const prof = q.get('prof');
	if (prof !== null) {
		const values = prof.split(',').map((s) => (s.trim() === '' ? NaN : Number(s)));
		const params = Object.fromEntries(PER_OP_PARAM_NAMES.map((k, i) => [k, values[i]]));
		const problem = values.length === PER_OP_PARAM_NAMES.length ? perOpParamsProblem(params) : { field: 'prof', message: `needs ${PER_OP_PARAM_NAMES.length} numbers` };
		if (problem) bad('prof', prof, `${problem.field} ${problem.message}`);
		else c.profile = { label: q.get('profl') || 'calibrated profile from a link', source: 'calibrated', params: params as unknown as PerOpProfile['params'] };
	}
	return c;
}

/** What a person reads about the model a run uses: "datasheet roofline" or the profile's label. */
export function perfChoiceLabel(c: PerfChoice, gpu: GpuSpec | undefined): string {
	const spec = perfSpecOfChoice(c, gpu);
	return spec.kind === 'per-op' ? `per-operator model, ${spec.profile.label}` : 'datasheet roofline (textbook model)';
}
