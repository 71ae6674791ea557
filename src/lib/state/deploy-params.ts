/**
 * The deployment part of the page's scenario: TP per replica (null = auto, the smallest TP with a
 * useful KV cache), weight precision and KV precision; how they travel in the URL (tp, weights, kv:
 * written only when not the default, so older links and cache keys stay as they were) and how they
 * reach the engine's Scenario.
 */
import { isKvPrecision, isWeightPrecision, KV_PRECISION_IDS, WEIGHT_PRECISION_IDS, type KvPrecision, type WeightPrecision } from '../sim/deploy/precision';
import { resolveScenarioDeployment } from '../sim/deploy/scenario-deployment';
import { TP_SIZES } from '../sim/deploy/tensor-parallel';
import type { Scenario } from '../sim/types';

/** The page's deployment fields (flat, as StudyParams holds them). */
export interface DeployParams {
	/** Tensor-parallel GPUs per replica; null = auto. */
	tp: number | null;
	weights: WeightPrecision;
	kvDtype: KvPrecision;
}

export const DEFAULT_DEPLOY: Readonly<DeployParams> = { tp: null, weights: 'bf16', kvDtype: 'bf16' };

/** URL names this module reads. */
export const DEPLOY_URL_NAMES = ['tp', 'weights', 'kv'];

/** Reads tp, weights and kv from a query into `p`; a bad value keeps the default and gets a notice via `bad`. */
export function deployFromQuery(q: URLSearchParams, p: DeployParams, bad: (name: string, value: string, why: string) => void): void {
	const tp = q.get('tp');
	if (tp !== null) {
		const n = Number(tp);
		if (tp === 'auto') p.tp = null;
		else if ((TP_SIZES as readonly number[]).includes(n)) p.tp = n;
		else bad('tp', tp, `expected one of ${TP_SIZES.join(', ')} or auto`);
	}
	const w = q.get('weights');
	if (w !== null) {
		if (isWeightPrecision(w)) p.weights = w;
		else bad('weights', w, `expected one of ${WEIGHT_PRECISION_IDS.join(', ')}`);
	}
	const kv = q.get('kv');
	if (kv !== null) {
		if (isKvPrecision(kv)) p.kvDtype = kv;
		else bad('kv', kv, `expected one of ${KV_PRECISION_IDS.join(', ')}`);
	}
}

/** Query pairs for the non-default deployment fields. */
export function deployToQuery(p: DeployParams): [string, string][] {
	const out: [string, string][] = [];
	if (p.tp !== DEFAULT_DEPLOY.tp) out.push(['tp', String(p.tp)]);
	if (p.weights !== DEFAULT_DEPLOY.weights) out.push(['weights', p.weights]);
	if (p.kvDtype !== DEFAULT_DEPLOY.kvDtype) out.push(['kv', p.kvDtype]);
	return out;
}

/** The Scenario fields: only the ones set, so a default scenario (and its cache key) is unchanged. */
export function deployScenarioFields(p: DeployParams): Pick<Scenario, 'tp' | 'weights' | 'kvDtype'> {
	return {
		...(p.tp !== null ? { tp: p.tp } : {}),
		...(p.weights !== 'bf16' ? { weights: p.weights } : {}),
		...(p.kvDtype !== 'bf16' ? { kvDtype: p.kvDtype } : {})
	};
}

/** Why the scenario's model fits at no TP, or not at the chosen one (the engine's message), keyed by form field. */
export function deployFitError(s: Scenario): { field: 'model' | 'tp'; message: string } | null {
	const r = resolveScenarioDeployment(s);
	if (r.ok) return null;
	return { field: r.error.field === 'tp' ? 'tp' : 'model', message: r.error.message };
}
