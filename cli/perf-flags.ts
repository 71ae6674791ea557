/**
 * The performance-model flags of `simulate` and `study`: --perf-model roofline|per-op and
 * --profile PROFILE.json (a per-operator profile from `cli calibrate`). One helper so each command
 * adds two lines.
 */
import { readFile } from 'node:fs/promises';
import { CliError } from './args';
import { parseProfile } from '../src/lib/calibrate/profile-file';
import type { PerOpProfile } from '../src/lib/sim/perf/per-op-profile';
import { defaultPerfSpec } from '../src/lib/sim/perf/per-op-defaults';
import type { GpuSpec, PerfModelSpec } from '../src/lib/sim/types';

/** The flag definitions to spread into parseFlags' options. */
export const PERF_FLAGS = {
	'perf-model': { type: 'string' },
	profile: { type: 'string' }
} as const;

/** Reads and validates a profile file; a CliError says what is wrong. */
export async function readProfileFile(path: string): Promise<PerOpProfile> {
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch {
		throw new CliError(`Cannot open profile "${path}": no such file or not readable. Write one with \`cli calibrate --measurements ... --out ${path}\`.`);
	}
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		throw new CliError(`${path}: not valid JSON. A profile is the JSON file \`cli calibrate --out\` writes.`);
	}
	const r = parseProfile(json, path);
	if (!r.ok) throw new CliError(r.message);
	return r.profile;
}

/**
 * The PerfModelSpec the flags ask for, or undefined to keep the scenario's own. --profile implies
 * per-op; --perf-model per-op without a profile takes the GPU's default profile.
 */
export async function perfSpecFromFlags(values: { 'perf-model'?: string; profile?: string }, gpu: GpuSpec): Promise<PerfModelSpec | undefined> {
	const kind = values['perf-model'];
	if (kind !== undefined && kind !== 'roofline' && kind !== 'per-op') throw new CliError(`--perf-model must be roofline or per-op; got "${kind}".`, 2);
	if (values.profile) {
		if (kind === 'roofline') throw new CliError('--profile is a per-operator profile; it cannot go with --perf-model roofline.', 2);
		const profile = await readProfileFile(values.profile);
		if (profile.gpu && profile.gpu !== gpu.id) {
			console.error(`servescope: note: ${values.profile} was calibrated on ${profile.gpu}; its achieved fractions and latencies are applied to the ${gpu.name} datasheet.`);
		}
		return { kind: 'per-op', profile };
	}
	if (kind === 'roofline') return { kind: 'roofline' };
	if (kind === 'per-op') return defaultPerfSpec(gpu);
	return undefined;
}

/**
 * --fit picks the fitted latency model and --mfu/--eta/--overhead-ms tune the datasheet roofline, so
 * neither goes with --perf-model per-op or --profile: refuse the mix rather than ignore a flag.
 */
export function refuseMixedPerfFlags(values: Partial<Record<string, string | boolean | undefined>>): void {
	const perOp = values.profile !== undefined || values['perf-model'] === 'per-op';
	if (values.fit !== undefined && (perOp || values['perf-model'] !== undefined)) {
		throw new CliError('--fit chooses the fitted latency model; it cannot go with --perf-model or --profile. Give one of them.', 2);
	}
	const roofline = ['mfu', 'eta', 'overhead-ms'].filter((f) => values[f] !== undefined);
	if (roofline.length > 0 && (perOp || values.fit !== undefined)) {
		throw new CliError(`--${roofline.join(', --')} tune the datasheet roofline; add --perf-model roofline, or drop them (the per-operator model takes its parameters from its profile).`, 2);
	}
}
