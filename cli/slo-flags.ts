/**
 * Flags shared by `simulate` and `study`: SLO targets (TTFT, TPOT, E2E, attainment), the output-length
 * predictor and the bin policy, and the request rate. Kept here so each command adds a few lines: spread
 * the option objects into its flags, call the parse helpers, append the help blocks.
 */
import { CliError, numberFlag } from './args';
import { DEFAULT_SLO, sloTargets } from '../src/lib/sim/metrics/slo';
import { REALISTIC_PREDICTOR, REALISTIC_SIGMA } from '../src/lib/sim/methods/predictors';
import type { BinPolicy, PredictorSpec, SlaTargets } from '../src/lib/sim/types';

/** parseArgs options for the SLO flags (the older --sla-* names stay as aliases). */
export const SLO_OPTIONS = {
	'ttft-slo-s': { type: 'string' },
	'tpot-slo-ms': { type: 'string' },
	'e2e-slo-s': { type: 'string' },
	attainment: { type: 'string' },
	'no-ttft-slo': { type: 'boolean' },
	'sla-tbt-ms': { type: 'string' },
	'sla-e2e-s': { type: 'string' },
	'sla-ttft-s': { type: 'string' }
} as const;

/** parseArgs options for the predictor and the bin policy. */
export const PREDICTOR_OPTIONS = {
	predictor: { type: 'string' },
	sigma: { type: 'string' },
	policy: { type: 'string' }
} as const;

type Values = Partial<Record<string, string | boolean | undefined>>;
const str = (v: Values, k: string): string | undefined => (typeof v[k] === 'string' ? (v[k] as string) : undefined);

function pick(v: Values, name: string, alias: string): { value: string | undefined; flag: string } {
	const a = str(v, name);
	const b = str(v, alias);
	if (a !== undefined && b !== undefined) throw new CliError(`--${name} and --${alias} set the same target; give only --${name}.`, 2);
	return a !== undefined ? { value: a, flag: name } : { value: b, flag: alias };
}

/** The SLO targets and attainment target the flags set, defaults filled in (TTFT 2 s, TPOT 50 ms, 95%). */
export function sloFromFlags(v: Values): { sla: SlaTargets; attainment: number } {
	const ttft = pick(v, 'ttft-slo-s', 'sla-ttft-s');
	const tpot = pick(v, 'tpot-slo-ms', 'sla-tbt-ms');
	const e2e = pick(v, 'e2e-slo-s', 'sla-e2e-s');
	if (v['no-ttft-slo'] === true && ttft.value !== undefined) throw new CliError(`--no-ttft-slo and --${ttft.flag} contradict each other; give one.`, 2);
	const ttftS = v['no-ttft-slo'] === true ? null : numberFlag(ttft.value, ttft.flag, Number.MIN_VALUE, 1e6);
	const tpotMs = numberFlag(tpot.value, tpot.flag, 0.001, 1e6);
	const e2eS = numberFlag(e2e.value, e2e.flag, Number.MIN_VALUE, 1e7);
	const raw = str(v, 'attainment');
	let attainment = numberFlag(raw, 'attainment', Number.MIN_VALUE, 100) ?? DEFAULT_SLO.attainment;
	// Accept 95 as well as 0.95: a share above 1 can only mean percent.
	if (attainment > 1) attainment /= 100;
	return { sla: sloTargets({ ttftS, tpotS: tpotMs === undefined ? undefined : tpotMs / 1000, e2eS }), attainment };
}

const PREDICTORS = ['oracle', 'noisy', 'prompt'] as const;
const POLICIES: readonly BinPolicy[] = ['oldest', 'round-robin', 'longest'];

/** The predictor the flags choose; `fallback` when --predictor is absent. --sigma alone means noisy. */
export function predictorFromFlags(v: Values, fallback: PredictorSpec = REALISTIC_PREDICTOR): PredictorSpec {
	const kind = str(v, 'predictor');
	const sigmaText = str(v, 'sigma');
	const sigma = numberFlag(sigmaText, 'sigma', 0, 10);
	if (kind === undefined) return sigma !== undefined ? { kind: 'noisy', sigma } : { ...fallback };
	if (!(PREDICTORS as readonly string[]).includes(kind)) throw new CliError(`--predictor must be one of ${PREDICTORS.join(', ')}; got "${kind}".`, 2);
	if (sigma !== undefined && kind !== 'noisy') throw new CliError(`--sigma applies to --predictor noisy only; got --predictor ${kind}.`, 2);
	return kind === 'noisy' ? { kind, sigma: sigma ?? REALISTIC_SIGMA } : { kind: kind as 'oracle' | 'prompt' };
}

/** The bin policy the flags choose (default oldest). */
export function policyFromFlags(v: Values): BinPolicy {
	const p = str(v, 'policy');
	if (p === undefined) return 'oldest';
	if (!(POLICIES as readonly string[]).includes(p)) throw new CliError(`--policy must be one of ${POLICIES.join(', ')}; got "${p}".`, 2);
	return p as BinPolicy;
}

/** Help lines for the SLO flags. */
export const SLO_HELP = `SLO (a request meets it when every set target holds; attainment = meeting / (completed + dropped))
  --ttft-slo-s S        time-to-first-token target, seconds (default ${DEFAULT_SLO.ttftS}); --no-ttft-slo for none
  --tpot-slo-ms T       time per output token after the first (TPOT, alias TBT), ms (default ${DEFAULT_SLO.tpotS * 1000})
  --e2e-slo-s S         optional end-to-end target, seconds
  --attainment X        share of requests that must meet it (default ${DEFAULT_SLO.attainment}; 95 means 95%)
                        (--sla-ttft-s, --sla-tbt-ms, --sla-e2e-s are older names of the first three)`;

/** Help lines for the predictor flags. */
export const PREDICTOR_HELP = `  --predictor P         output-length predictor for bins: oracle | noisy | prompt
                        (default noisy, σ ${REALISTIC_SIGMA}: a realistic learned predictor; oracle = true lengths, the upper bound)
  --sigma S             noise of the noisy predictor (lognormal σ, default ${REALISTIC_SIGMA})
  --policy P            which bin an idle GPU serves: oldest | round-robin | longest (default oldest)`;
