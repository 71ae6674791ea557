/**
 * The deployment flags of `simulate`, `study` and `sweep`: --tp (tensor-parallel GPUs per replica; a
 * list in the study), --weights (weight precision) and --kv-dtype (KV-cache precision). One helper so
 * each command adds a line or two; the valid values and their one-line explanations come from the
 * engine's registries (sim/deploy/precision.ts, tensor-parallel.ts), so help and errors never drift.
 */
import { CliError } from './args';
import {
	KV_PRECISIONS,
	KV_PRECISION_IDS,
	WEIGHT_PRECISIONS,
	WEIGHT_PRECISION_IDS,
	isKvPrecision,
	isWeightPrecision,
	type KvPrecision,
	type WeightPrecision
} from '../src/lib/sim/deploy/precision';
import { TP_SIZES } from '../src/lib/sim/deploy/tensor-parallel';

/** parseArgs options to spread into a command's flags. */
export const DEPLOY_FLAGS = {
	tp: { type: 'string' },
	weights: { type: 'string' },
	'kv-dtype': { type: 'string' }
} as const;

type Values = Partial<Record<string, string | boolean | undefined>>;
const str = (v: Values, k: string): string | undefined => (typeof v[k] === 'string' ? (v[k] as string) : undefined);

/** The Scenario fields the deployment flags set (absent = the engine's default). */
export interface DeployChoice {
	tp?: number;
	weights?: WeightPrecision;
	kvDtype?: KvPrecision;
}

const TP_CHOICES = `${TP_SIZES.join(', ')} or auto`;

/** One TP value: a size from TP_SIZES, or "auto" (undefined: the smallest TP with a useful KV cache). */
function tpValue(text: string, flag: string): number | undefined {
	const t = text.trim();
	if (t === 'auto') return undefined;
	const n = Number(t);
	if (t === '' || !(TP_SIZES as readonly number[]).includes(n)) {
		throw new CliError(`--${flag} must be one of ${TP_CHOICES} (GPUs per replica, within one node); got "${text}".`, 2);
	}
	return n;
}

/** --weights and --kv-dtype, checked against the registries. */
export function precisionsFromFlags(v: Values): Pick<DeployChoice, 'weights' | 'kvDtype'> {
	const w = str(v, 'weights');
	const kv = str(v, 'kv-dtype');
	if (w !== undefined && !isWeightPrecision(w)) throw new CliError(`--weights must be one of ${WEIGHT_PRECISION_IDS.join(', ')}; got "${w}".`, 2);
	if (kv !== undefined && !isKvPrecision(kv)) throw new CliError(`--kv-dtype must be one of ${KV_PRECISION_IDS.join(', ')}; got "${kv}".`, 2);
	return { ...(w !== undefined ? { weights: w } : {}), ...(kv !== undefined ? { kvDtype: kv } : {}) };
}

/** The deployment one scenario asks for (simulate, sweep): a single --tp. */
export function deployFromFlags(v: Values): DeployChoice {
	const t = str(v, 'tp');
	if (t !== undefined && t.includes(',')) throw new CliError(`--tp takes one value here (${TP_CHOICES}); got "${t}". The study accepts a list.`, 2);
	const tp = t === undefined ? undefined : tpValue(t, 'tp');
	return { ...(tp !== undefined ? { tp } : {}), ...precisionsFromFlags(v) };
}

/**
 * The study's --tp list: each entry a TP size or auto; undefined entries mean the default TP. Returns
 * undefined when --tp is absent (one study at the default TP). Duplicates are refused.
 */
export function tpListFromFlags(v: Values): (number | undefined)[] | undefined {
	const t = str(v, 'tp');
	if (t === undefined) return undefined;
	const list = t.split(',').map((x) => tpValue(x, 'tp'));
	const seen = new Set(list.map(String));
	if (seen.size !== list.length) throw new CliError(`--tp lists a size twice ("${t}"); give each once.`, 2);
	return list;
}

const pad = (s: string) => s.padEnd(22);

/** Help lines (the explanations are the registries'). */
export function deployHelp(list = false): string {
	return [
		`Deployment (a deployment holds replicas × TP GPUs; cost and utilization count all of them)`,
		`  ${pad(list ? '--tp LIST' : '--tp N')}tensor-parallel GPUs per replica: ${TP_CHOICES} (default auto: the smallest TP`,
		`                        whose KV cache holds 16 requests of 2,048 tokens)${list ? '; a list such as 1,2,auto runs one study per TP' : ''}`,
		`  ${pad('--weights P')}weight precision (default bf16):`,
		...WEIGHT_PRECISION_IDS.map((id) => `                          ${id.padEnd(5)} ${WEIGHT_PRECISIONS[id].explanation}`),
		`  ${pad('--kv-dtype P')}KV-cache precision (default bf16):`,
		...KV_PRECISION_IDS.map((id) => `                          ${id.padEnd(5)} ${KV_PRECISIONS[id].explanation}`)
	].join('\n');
}
