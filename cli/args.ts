/** Small shared pieces for CLI commands: flag parsing and errors a person can act on. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DEFAULT_EFFICIENCY } from '../src/lib/sim/presets';
import type { BinPolicy, Efficiency, PerfModelSpec, PredictorSpec } from '../src/lib/sim/types';
import { MAX_STEP_OVERHEAD_S, MIN_EFFICIENCY_SHARE } from '../src/lib/sim/validate';

/** A command: its --help text and a run function returning the exit code. */
export interface Command {
	help: string;
	run(argv: string[]): Promise<number>;
}

/** An error for the person at the terminal: printed to stderr without a stack, exits non-zero. */
export class CliError extends Error {
	constructor(
		message: string,
		readonly exitCode = 1
	) {
		super(message);
	}
}

/** Parses flags strictly; an unknown flag is a CliError that names it and points to --help. */
export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, command: string) {
	try {
		return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
	} catch (e) {
		throw new CliError(`${command}: ${e instanceof Error ? e.message : String(e)}. See "npm run --silent cli -- ${command} --help".`, 2);
	}
}

/** A number flag: undefined when absent, a CliError when not a finite number within [min, max]. */
export function numberFlag(value: string | undefined, flag: string, min = -Infinity, max = Infinity): number | undefined {
	if (value === undefined) return undefined;
	const n = Number(value);
	if (!Number.isFinite(n) || n < min || n > max) {
		throw new CliError(`--${flag} must be a number between ${min} and ${max}; got "${value}".`, 2);
	}
	return n;
}

/** A comma-separated list of numbers, e.g. --gpus 1,2,4. */
export function numberListFlag(value: string | undefined, flag: string, min = -Infinity, max = Infinity): number[] | undefined {
	if (value === undefined) return undefined;
	return value.split(',').map((v) => numberFlag(v.trim(), flag, min, max) as number);
}

/** Prints a value as one JSON object on stdout. */
export function printJson(value: unknown): void {
	process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/** The flag values parseArgs returns for the flag groups below (strings and booleans by flag name). */
type FlagValues = Partial<Record<string, string | boolean | undefined>>;
const str = (values: FlagValues, flag: string) => (typeof values[flag] === 'string' ? (values[flag] as string) : undefined);

/** Performance-model switches, shared by simulate and study. */
export const MODEL_SWITCH_FLAGS = {
	fit: { type: 'string' },
	mfu: { type: 'string' },
	eta: { type: 'string' },
	'overhead-ms': { type: 'string' },
	'mem-util': { type: 'string' }
} as const;

export const MODEL_SWITCH_HELP = `Fitted model and roofline efficiencies (the default model is per-operator: see --perf-model)
  --fit A,B,G           use the fitted latency model T(b, L) = A + B·L·(1 + G·(b−1)/b) instead:
                        A = prefill seconds, B = seconds per context token, G = batch factor,
                        as printed by "cli fit FILE" (e.g. --fit 0.05965,0.005742,0.316)
  --mfu X               roofline: share of peak FLOP/s reached, in (0, 1] (default ${DEFAULT_EFFICIENCY.mfu});
                        --mfu, --eta and --overhead-ms imply the datasheet roofline
  --eta X               roofline: share of peak memory bandwidth reached, in (0, 1] (default ${DEFAULT_EFFICIENCY.eta})
  --overhead-ms X       roofline: fixed cost of every forward step in ms (default ${DEFAULT_EFFICIENCY.stepOverheadS * 1000})
  --mem-util X          share of GPU memory for weights + KV cache, in (0, 1] (default ${DEFAULT_EFFICIENCY.memUtil})`;

/**
 * The efficiencies and step-time model the flags ask for. Refuses --mfu, --eta or --overhead-ms with
 * --fit: the fitted model prices steps from A, B and G alone, so they would be silently ignored.
 */
export function parseModelSwitches(values: FlagValues): { efficiency: Efficiency; perf?: PerfModelSpec } {
	const share = (flag: string) => {
		const v = numberFlag(str(values, flag), flag, 0, 1);
		if (v !== undefined && !(v >= MIN_EFFICIENCY_SHARE)) {
			throw new CliError(`--${flag} must be a share of at least ${MIN_EFFICIENCY_SHARE} and at most 1 (e.g. 0.5); got "${str(values, flag)}".`, 2);
		}
		return v;
	};
	const overheadMs = numberFlag(str(values, 'overhead-ms'), 'overhead-ms', 0, MAX_STEP_OVERHEAD_S * 1000);
	const efficiency: Efficiency = {
		mfu: share('mfu') ?? DEFAULT_EFFICIENCY.mfu,
		eta: share('eta') ?? DEFAULT_EFFICIENCY.eta,
		stepOverheadS: overheadMs === undefined ? DEFAULT_EFFICIENCY.stepOverheadS : overheadMs / 1000,
		memUtil: share('mem-util') ?? DEFAULT_EFFICIENCY.memUtil
	};
	const fit = str(values, 'fit');
	const roofline = ['mfu', 'eta', 'overhead-ms'].filter((f) => values[f] !== undefined);
	// Without --fit the scenario keeps its model (per-operator by default, or what --perf-model says);
	// a roofline efficiency only means something for the roofline, so it picks it.
	if (fit === undefined) return roofline.length > 0 ? { efficiency, perf: { kind: 'roofline' } } : { efficiency };
	if (roofline.length > 0) {
		throw new CliError(
			`--${roofline.join(', --')} tune${roofline.length === 1 ? 's' : ''} the roofline model, but --fit replaces it (steps then cost A and B·(1 + G·(b−1)/b)). ` +
				'Drop one or the other; --mem-util still applies with --fit.',
			2
		);
	}
	const parts = fit.split(',').map((p) => p.trim());
	const example = 'e.g. --fit 0.05965,0.005742,0.316 (as printed by "cli fit FILE")';
	if (parts.length !== 3 || parts.some((p) => p === '' || !Number.isFinite(Number(p)))) {
		throw new CliError(`--fit needs three numbers ALPHA,BETA,GAMMA separated by commas, ${example}; got "${fit}".`, 2);
	}
	const [alphaS, betaS, gamma] = parts.map(Number);
	if (!(alphaS >= 0 && alphaS <= 3600)) throw new CliError(`--fit: ALPHA (prefill seconds) must be from 0 to 3600; got ${parts[0]}.`, 2);
	if (!(betaS > 0 && betaS <= 1)) throw new CliError(`--fit: BETA (seconds per context token) must be above 0 and at most 1; got ${parts[1]}.`, 2);
	if (!(gamma > -1 && gamma <= 1e6)) throw new CliError(`--fit: GAMMA (batch factor) must be above −1 and at most 1,000,000; got ${parts[2]}.`, 2);
	return { efficiency, perf: { kind: 'fitted', alphaS, betaS, gamma } };
}

// The predictor and bin-policy switches live in cli/slo-flags.ts (predictorFromFlags, policyFromFlags).
