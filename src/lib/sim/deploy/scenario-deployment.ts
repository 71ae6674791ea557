/**
 * A scenario's deployment, as the engine runs it: the replica's TP (the person's or the default), its
 * KV capacity, the performance model priced for it, and what the person should be told. One function
 * so the engine (sim/index.ts), validation (sim/validate.ts), the reference simulator's callers and the
 * page all read the same answer (DESIGN.md, "Deployments").
 *
 * At TP 1 with BF16 weights and a BF16 KV cache this returns exactly what the engine used before
 * deployments existed: the single-GPU memory rule (sim/memory.ts) and the unwrapped performance model,
 * so every older scenario keeps its numbers to the bit (tests/reliability/golden.test.ts).
 */
import { findInterconnect } from '../../catalog/interconnect';
import { memoryBudget } from '../memory';
import { createPerfModel } from '../perf/registry';
import type { PerfModel } from '../perf/types';
import type { Scenario } from '../types';
import { createDeploymentPerfModel } from './deployment-perf';
import type { KvPrecision, WeightPrecision } from './precision';
import { resolveDeployment, type ResolvedDeployment } from './resolve';
import { DEFAULT_ROUTING } from './routing/registry';
import type { RoutingPolicyId } from './routing/types';
import type { DeployError } from './tensor-parallel';

/** The deployment a run used, as every caller shows it (plain data: it crosses workers and storage). */
export interface DeploymentSummary {
	/** Tensor-parallel GPUs per replica. */
	tp: number;
	/** True when tp was the default (the smallest TP with a useful KV cache), false when the person set it. */
	tpDefaulted: boolean;
	/** Data-parallel replicas (Scenario.gpus). */
	replicas: number;
	/** GPUs the deployment holds: replicas × tp (what cost and utilization count). */
	gpus: number;
	weights: WeightPrecision;
	kvDtype: KvPrecision;
	routing: RoutingPolicyId;
	/** KV capacity of one replica, tokens. */
	kvCapacityTokens: number;
}

export interface ScenarioDeployment {
	summary: DeploymentSummary;
	/** The step-time model of one replica. */
	perf: PerfModel;
	/** Resolution details: the TP layout (per-GPU memory) and the link. */
	resolved: ResolvedDeployment;
	/** What the run's warnings gain: the default TP's note, KV-head replication, an FP8 fallback. */
	warnings: string[];
}

/** The weight and KV precisions a scenario asks for (undefined = the catalog's BF16). */
export function scenarioPrecisions(s: Pick<Scenario, 'weights' | 'kvDtype'>): { weights: WeightPrecision; kvDtype: KvPrecision } {
	return { weights: s.weights ?? 'bf16', kvDtype: s.kvDtype ?? 'bf16' };
}

/** Resolves TP and memory only (no performance model): what validation and the page's TP list need. */
export function resolveScenarioDeployment(s: Scenario): { ok: true; deployment: ResolvedDeployment } | { ok: false; error: DeployError } {
	const { weights, kvDtype } = scenarioPrecisions(s);
	return resolveDeployment({ model: s.model, gpu: s.gpu, efficiency: s.efficiency, tp: s.tp, weights, kvDtype, link: findInterconnect(s.gpu.id) });
}

/**
 * The deployment a scenario runs on, or the one error a person sees (a model that fits at no TP, a TP
 * the model's heads or the node cannot take). The scenario's other fields are assumed valid.
 */
export function scenarioDeployment(s: Scenario): { ok: true; deployment: ScenarioDeployment } | { ok: false; error: DeployError } {
	const r = resolveScenarioDeployment(s);
	if (!r.ok) return r;
	const d = r.deployment;
	const { weights, kvDtype } = scenarioPrecisions(s);
	const inner = createPerfModel(s);
	const warnings = [...d.warnings];
	let perf: PerfModel = inner;
	let kvCapacityTokens: number;
	if (d.tp === 1 && weights === 'bf16' && kvDtype === 'bf16') {
		// The single-GPU rule, unchanged: bit-identical to every run before deployments existed.
		const mem = memoryBudget(s.model, s.gpu, s.efficiency);
		if (!mem.ok) return mem;
		kvCapacityTokens = mem.budget.kvCapacityTokens;
	} else {
		kvCapacityTokens = d.layout.kvCapacityTokens;
		const wrapped = createDeploymentPerfModel(inner, { model: s.model, gpu: s.gpu, efficiency: s.efficiency, tp: d.tp, weights, kvDtype, link: d.link });
		perf = wrapped;
		for (const w of wrapped.warnings) if (!warnings.includes(w)) warnings.push(w);
		if (s.perf.kind === 'fitted') {
			// A fitted T(b, L) prices whole steps: nothing to split or re-price, only all-reduces to add.
			warnings.push(
				`The fitted latency model prices whole steps as measured, so TP ${d.tp} with ${weights} weights and a ${kvDtype} KV cache only adds ` +
					'the all-reduce time (and changes the KV capacity); fit it on measurements of the deployment it should describe.'
			);
		}
	}
	if (d.tpDefaulted && d.tp > 1) {
		warnings.unshift(
			`${s.model.name} runs at TP ${d.tp} by default: each replica spans ${d.tp} × ${s.gpu.name}, the smallest tensor-parallel size whose KV cache ` +
				`holds ${kvCapacityTokens.toLocaleString('en-US')} tokens (room for useful batches). ${s.gpus} replica(s) = ${s.gpus * d.tp} GPUs; set the TP (--tp) to choose another.`
		);
	}
	return {
		ok: true,
		deployment: {
			summary: { tp: d.tp, tpDefaulted: d.tpDefaulted, replicas: s.gpus, gpus: s.gpus * d.tp, weights, kvDtype, routing: s.routing ?? DEFAULT_ROUTING, kvCapacityTokens },
			perf,
			resolved: d,
			warnings
		}
	};
}
