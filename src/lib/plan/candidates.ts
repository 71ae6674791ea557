/**
 * The deployment shapes a plan sizes: GPU × TP × precision × method. Each GPU/TP/precision is checked
 * with the engine's own deployment resolver (sim/deploy/resolve.ts) first, so a model that does not fit
 * costs no run and the person reads the resolver's sentence (which names the TP that would fit).
 */
import { findGpu, findModel, GPUS } from '../catalog/index';
import { findInterconnect } from '../catalog/interconnect';
import { findGpuPrice } from '../catalog/prices';
import { resolveDeployment } from '../sim/deploy/resolve';
import { DEFAULT_ROUTING } from '../sim/deploy/routing/registry';
import { sloTargets } from '../sim/metrics/slo';
import { methodDef } from '../sim/methods/registry';
import { defaultPerfSpec } from '../sim/perf/per-op-defaults';
import { defaultScenario } from '../sim/presets';
import type { GpuSpec, ModelSpec, Scenario } from '../sim/types';
import { hopelessReason, replicaLowerBound, replicaPerfModel, type WorkloadFacts } from './bound';
import type { PlanCandidate, PlanConfig, PrecisionChoice } from './types';

/** $/GPU-hour for a GPU: the person's override, else the catalog default, else null. */
export function priceOf(gpuId: string, overrides: Record<string, number>): number | null {
	return overrides[gpuId] ?? findGpuPrice(gpuId)?.usdPerGpuHour ?? null;
}

/** Why a GPU has no price, as the person reads it. */
export function noPriceReason(gpu: GpuSpec): string {
	return `No $/GPU-hour for ${gpu.name}: the catalog has no public price for it. Enter yours (--price ${gpu.id}=USD, or the price field in the page) to rank it by cost.`;
}

const precisionLabel = (p: PrecisionChoice) => `${p.weights}/${p.kvDtype}`;

/** The base scenario of a candidate at one replica (the search sets gpus). */
function candidateScenario(model: ModelSpec, gpu: GpuSpec, c: PlanConfig, tp: number | undefined, p: PrecisionChoice, method: PlanCandidate['method'], price: number | null): Scenario {
	const base = defaultScenario({
		model,
		gpu,
		efficiency: { ...c.base.efficiency },
		perf: c.base.perf ?? defaultPerfSpec(gpu),
		predictor: { ...c.base.predictor },
		binPolicy: c.base.binPolicy,
		seed: c.base.seed,
		sla: sloTargets({ ttftS: c.ttftS, tpotS: c.tpotS, e2eS: c.e2eS ?? undefined }),
		costPerGpuHour: price ?? 0
	});
	const s = methodDef(method).scenario(base, { gpus: 1, bins: method === 'multibin' ? c.bins : 1, batch: c.staticBatch });
	// Undefined = the engine's default, so plan runs at default settings share cache keys with every other run.
	if (tp !== undefined) s.tp = tp;
	if (p.weights !== 'bf16') s.weights = p.weights;
	if (p.kvDtype !== 'bf16') s.kvDtype = p.kvDtype;
	return s;
}

/** The candidates of a plan, and the GPU shapes skipped before any run with why. */
export function planCandidates(c: PlanConfig, facts: WorkloadFacts): { candidates: PlanCandidate[]; skipped: { gpu: string; reason: string }[] } {
	const model = findModel(c.modelId);
	if (!model) throw new Error(`Unknown model "${c.modelId}".`);
	const gpus = c.gpuIds.length ? c.gpuIds.map((id) => findGpu(id)).filter((g): g is GpuSpec => g !== undefined) : [...GPUS];
	const candidates: PlanCandidate[] = [];
	const skipped: { gpu: string; reason: string }[] = [];
	for (const gpu of gpus) {
		const link = findInterconnect(gpu.id);
		const price = priceOf(gpu.id, c.prices);
		const tps: (number | undefined)[] = c.tps.length ? [...new Set(c.tps)].sort((a, b) => a - b) : [undefined];
		for (const tpAsked of tps) {
			for (const p of c.precisions) {
				const r = resolveDeployment({ model, gpu, efficiency: c.base.efficiency, tp: tpAsked, weights: p.weights, kvDtype: p.kvDtype, link });
				if (!r.ok) {
					skipped.push({ gpu: gpu.id, reason: `${tpAsked === undefined ? '' : `TP ${tpAsked}, `}${precisionLabel(p)}: ${r.error.message}` });
					continue;
				}
				const d = r.deployment;
				for (const method of c.methods) {
					const scenario = candidateScenario(model, gpu, c, tpAsked, p, method, price);
					const shape = { scenario, tp: d.tp, weights: p.weights, kvDtype: p.kvDtype, link: d.link, kvCapacityTokens: d.layout.kvCapacityTokens };
					const perf = replicaPerfModel(shape);
					candidates.push({
						id: `${gpu.id}|tp=${d.tp}|${precisionLabel(p)}|${methodDef(method).keyPart(scenario)}`,
						gpuId: gpu.id,
						gpuName: gpu.name,
						tp: d.tp,
						tpDefaulted: d.tpDefaulted,
						weights: p.weights,
						kvDtype: p.kvDtype,
						method,
						bins: scenario.bins,
						...(method === 'static' ? { batch: c.staticBatch } : {}),
						routing: scenario.routing ?? DEFAULT_ROUTING,
						usdPerGpuHour: price,
						lowerBound: replicaLowerBound(shape, facts, perf),
						hopeless: hopelessReason(shape, facts, c.attainment, perf),
						warnings: d.warnings,
						scenario
					});
				}
			}
		}
	}
	return { candidates, skipped };
}

/** The error a plan stops with when the model fits on none of the candidate GPUs. */
export function noFitMessage(c: PlanConfig, skipped: { gpu: string; reason: string }[]): string {
	const model = findModel(c.modelId);
	const gpus = c.gpuIds.length ? c.gpuIds.join(', ') : 'any catalog GPU';
	return (
		`${model?.name ?? c.modelId} fits on no candidate deployment (${gpus}; TP ${c.tps.length ? c.tps.join(', ') : 'default'}; ` +
		`${c.precisions.map(precisionLabel).join(', ')}). ${skipped[0] ? `For example: ${skipped[0].reason} ` : ''}` +
		'Allow larger TP sizes (--tp 1,2,4,8), lower-precision weights (--weights fp8,int4), more GPU types, or a smaller model.'
	);
}
