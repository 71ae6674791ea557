/**
 * Reading a per-operator profile from JSON (a file, IndexedDB, a URL): checks every parameter is in
 * its physical range (sim/perf/per-op-check.ts) so a hand-edited profile fails with a message instead
 * of pricing steps at NaN.
 */
import { PER_OP_PARAM_NAMES, type PerOpParams, type PerOpProfile } from '../sim/perf/per-op-profile';
import { perOpParamsProblem } from '../sim/perf/per-op-check';

/** A validated profile, or a message naming the field at fault. */
export function parseProfile(value: unknown, where: string): { ok: true; profile: PerOpProfile } | { ok: false; message: string } {
	const fail = (message: string) => ({ ok: false as const, message: `${where}: ${message}` });
	if (value === null || typeof value !== 'object') return fail('expected a JSON object with label, source and params (as written by `cli calibrate --out`).');
	const v = value as Record<string, unknown>;
	const problem = perOpParamsProblem(v.params);
	if (problem) return fail(problem.field === 'params' ? `"params" is ${problem.message}` : `params.${problem.field} ${problem.message}`);
	const params = v.params as Record<string, number>;
	const out = {} as PerOpParams;
	for (const k of PER_OP_PARAM_NAMES) out[k] = params[k];
	const source = v.source === 'defaults' ? 'defaults' : 'calibrated';
	const label = typeof v.label === 'string' && v.label !== '' ? v.label : 'per-operator profile';
	const profile: PerOpProfile = { label, source, params: out };
	if (typeof v.gpu === 'string') profile.gpu = v.gpu;
	if (v.fit && typeof v.fit === 'object') profile.fit = v.fit as PerOpProfile['fit'];
	return { ok: true, profile };
}
