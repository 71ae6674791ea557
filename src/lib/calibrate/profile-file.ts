/**
 * Reading a per-operator profile from JSON (a file, IndexedDB, a URL): checks every parameter is a
 * positive finite number (fractions at most 1) so a hand-edited profile fails with a message instead
 * of pricing steps at NaN.
 */
import { PER_OP_PARAM_NAMES, type PerOpParams, type PerOpProfile } from '../sim/perf/per-op-profile';

const FRACTIONS: readonly (keyof PerOpParams)[] = ['matmulEff', 'memEff', 'attnEff', 'ctxMaskWaste'];

/** A validated profile, or a message naming the field at fault. */
export function parseProfile(value: unknown, where: string): { ok: true; profile: PerOpProfile } | { ok: false; message: string } {
	const fail = (message: string) => ({ ok: false as const, message: `${where}: ${message}` });
	if (value === null || typeof value !== 'object') return fail('expected a JSON object with label, source and params (as written by `cli calibrate --out`).');
	const v = value as Record<string, unknown>;
	const params = v.params as Record<string, unknown> | undefined;
	if (!params || typeof params !== 'object') return fail('missing "params": the per-operator parameters (see docs/design-notes/fidelity.md).');
	const out = {} as PerOpParams;
	for (const k of PER_OP_PARAM_NAMES) {
		const x = params[k];
		if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) return fail(`params.${k} is ${JSON.stringify(x)}; it must be a number ≥ 0.`);
		if (FRACTIONS.includes(k) && (x > 1 || (k !== 'ctxMaskWaste' && x === 0))) return fail(`params.${k} is ${x}; it is a share of a datasheet peak, in (0, 1].`);
		out[k] = x;
	}
	const source = v.source === 'defaults' ? 'defaults' : 'calibrated';
	const label = typeof v.label === 'string' && v.label !== '' ? v.label : 'per-operator profile';
	const profile: PerOpProfile = { label, source, params: out };
	if (typeof v.gpu === 'string') profile.gpu = v.gpu;
	if (v.fit && typeof v.fit === 'object') profile.fit = v.fit as PerOpProfile['fit'];
	return { ok: true, profile };
}
