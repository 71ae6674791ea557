/**
 * What the page shows about deployments, computed from the same functions the engine runs (never
 * typed in): which TP sizes a model can use on a GPU and why the others cannot, and the replica's
 * memory, KV capacity and decode step time at a few TP sizes and precisions (How it works).
 */
import { findInterconnect } from '../../catalog/interconnect';
import type { StepLoad } from '../perf/types';
import type { Efficiency, GpuSpec, ModelSpec, Scenario } from '../types';
import type { KvPrecision, WeightPrecision } from './precision';
import { scenarioDeployment } from './scenario-deployment';
import { checkTpFit, defaultTp, TP_SIZES, type TpLayout } from './tensor-parallel';

/** One TP size as the form offers it: usable or not, and why not. */
export interface TpOption {
	tp: number;
	usable: boolean;
	/** Why it cannot be used (the engine's own message), or null. */
	reason: string | null;
	/** Per-GPU memory and the replica's KV capacity when the heads allow the size. */
	layout: TpLayout | null;
}

export interface TpOptions {
	options: TpOption[];
	/** GPUs in one node of this GPU (1 when the catalog has no interconnect entry for it). */
	gpusPerNode: number;
	/** The TP "auto" resolves to, or null when the model fits at no TP (then `defaultError` says why). */
	defaultTp: number | null;
	defaultError: string | null;
	/** A note on the default (no TP reaches a useful KV cache), or null. */
	defaultWarning: string | null;
}

/** Every TP size in TP_SIZES for a model on a GPU at the given precisions. */
export function tpOptions(model: ModelSpec, gpu: GpuSpec, eff: Efficiency, weights: WeightPrecision, kvDtype: KvPrecision): TpOptions {
	const link = findInterconnect(gpu.id);
	const gpusPerNode = link?.gpusPerNode ?? 1;
	const options = TP_SIZES.map((tp): TpOption => {
		if (tp > 1 && !link) return { tp, usable: false, reason: `${gpu.name} has no interconnect figures in the catalog, so only TP 1 can be priced.`, layout: null };
		const f = checkTpFit(model, gpu, eff, tp, weights, kvDtype, gpusPerNode);
		if (f.ok) return { tp, usable: true, reason: null, layout: f.layout };
		return { tp, usable: false, reason: f.error.message, layout: null };
	});
	const d = defaultTp(model, gpu, eff, weights, kvDtype, gpusPerNode);
	return {
		options,
		gpusPerNode,
		defaultTp: d.ok ? d.choice.tp : null,
		defaultError: d.ok ? null : d.error.message,
		defaultWarning: d.ok ? d.choice.warning : null
	};
}

/** One decode step: `batch` sequences each holding `context` tokens read their KV and write one token. */
export function decodeLoad(batch: number, context: number): StepLoad {
	return {
		prefillTokens: 0,
		prefillSeqs: 0,
		prefillAttnPairs: 0,
		decodeSeqs: batch,
		decodeAttnCtx: batch * (context + 1),
		emitters: batch,
		kvReadTokens: batch * context,
		kvWriteTokens: batch
	};
}

/** One row of the How-it-works table: a deployment and what it costs per GPU and per step. */
export interface DeploymentRow {
	tp: number;
	weights: WeightPrecision;
	kvDtype: KvPrecision;
	/** null when this deployment cannot run (then `error` says why). */
	weightBytesPerGpu: number | null;
	kvCapacityTokens: number | null;
	/** One decode step at `batch` and `context`, seconds; and the all-reduce part of it. */
	stepS: number | null;
	communicationS: number | null;
	error: string | null;
}

/**
 * The replica at each (tp, weights, kvDtype): per-GPU weights, KV capacity and one decode step's time
 * (and its all-reduce share) with the scenario's own performance model, exactly as a run prices it.
 */
export function deploymentRows(
	scenario: Scenario,
	shapes: { tp: number; weights: WeightPrecision; kvDtype: KvPrecision }[],
	batch: number,
	context: number
): DeploymentRow[] {
	return shapes.map((sh) => {
		const d = scenarioDeployment({ ...scenario, ...sh });
		if (!d.ok) return { ...sh, weightBytesPerGpu: null, kvCapacityTokens: null, stepS: null, communicationS: null, error: d.error.message };
		const b = d.deployment.perf.stepBreakdown(decodeLoad(batch, context));
		return {
			...sh,
			weightBytesPerGpu: d.deployment.resolved.layout.weightBytesPerGpu,
			kvCapacityTokens: d.deployment.summary.kvCapacityTokens,
			stepS: b.totalS,
			communicationS: b.communicationS,
			error: null
		};
	});
}
