/**
 * One call the engine, the CLI and the planner make before a run: from the person's choices (TP or
 * none, weight and KV precision) and the GPU's interconnect, the replica's TP, memory layout, link and
 * warnings, or the one error to show. Keeps the wiring a small change (DESIGN.md, "Deployments").
 */
import type { Efficiency, GpuSpec, ModelSpec } from '../types';
import type { LinkSpec } from './allreduce';
import { linearTflops, type KvPrecision, type WeightPrecision } from './precision';
import { checkTpFit, defaultTp, type DeployError, type TpLayout } from './tensor-parallel';

/** What a deployment needs of the catalog's interconnect entry (catalog/interconnect.ts). */
export interface NodeLink extends LinkSpec {
	gpusPerNode: number;
}

export interface DeploymentChoice {
	model: ModelSpec;
	gpu: GpuSpec;
	efficiency: Efficiency;
	/** undefined = the default: the smallest TP with a useful KV cache. */
	tp?: number;
	weights: WeightPrecision;
	kvDtype: KvPrecision;
	/** undefined when the catalog has no entry for the GPU: then only TP 1 is possible. */
	link?: NodeLink;
}

export interface ResolvedDeployment {
	tp: number;
	/** Whether tp was the default (chosen here) or the person's. */
	tpDefaulted: boolean;
	layout: TpLayout;
	link: LinkSpec;
	warnings: string[];
}

/** The replica for a choice, or the error a person sees (code, field, message). */
export function resolveDeployment(c: DeploymentChoice): { ok: true; deployment: ResolvedDeployment } | { ok: false; error: DeployError } {
	const node = c.link ?? { busBandwidthGBs: 0, hopLatencyUs: 0, gpusPerNode: 1 };
	if (c.tp !== undefined && c.tp > 1 && !c.link)
		return {
			ok: false,
			error: { code: 'tp-invalid', field: 'tp', message: `${c.gpu.name} has no interconnect figures in the catalog, so only TP 1 can be priced; add it to catalog/interconnect.json.` }
		};
	const warnings: string[] = [];
	let tp: number;
	let layout: TpLayout;
	if (c.tp === undefined) {
		const d = defaultTp(c.model, c.gpu, c.efficiency, c.weights, c.kvDtype, node.gpusPerNode);
		if (!d.ok) return d;
		tp = d.choice.tp;
		layout = d.choice.layout;
		if (d.choice.warning) warnings.push(d.choice.warning);
	} else {
		const f = checkTpFit(c.model, c.gpu, c.efficiency, c.tp, c.weights, c.kvDtype, node.gpusPerNode);
		if (!f.ok) return f;
		tp = c.tp;
		layout = f.layout;
	}
	if (layout.replicationNote) warnings.push(layout.replicationNote);
	const fp8 = c.weights === 'fp8' ? linearTflops(c.gpu, 'fp8').warning : null;
	if (fp8) warnings.push(fp8);
	return {
		ok: true,
		deployment: { tp, tpDefaulted: c.tp === undefined, layout, link: { busBandwidthGBs: node.busBandwidthGBs, hopLatencyUs: node.hopLatencyUs }, warnings }
	};
}
