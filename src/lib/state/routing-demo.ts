/**
 * The numbers of How it works' routing section, computed with the person's model and GPU: 1,000
 * synthetic BurstGPT-like requests on 4 GPUs with continuous batching, re-timed (keeping their bursts)
 * to a chosen share of what the 4 GPUs serve when saturated, then simulated once per routing policy.
 * Pure and deterministic (the scenario's seed): the same choices give the same table.
 */
import { ROUTING_POLICIES, ROUTING_POLICY_IDS } from '../sim/deploy/routing/registry';
import { simulate } from '../sim/index';
import { methodScenario } from '../sim/presets';
import type { RoutingPolicyId, Scenario } from '../sim/types';
import { synthesizeBurstGpt } from '../trace/synth';
import type { Workload } from '../trace/types';
import { shapeWorkload } from '../trace/workload';

export interface RoutingDemoRow {
	policy: RoutingPolicyId;
	label: string;
	e2eP50S: number | null;
	e2eP95S: number | null;
	/** The longest queue any one GPU had (the largest sample of SimSeries.replicaQueues). */
	peakQueue: number;
}

export interface RoutingDemo {
	gpus: number;
	requests: number;
	/** Mean arrival rate the workload was re-timed to, requests/s. */
	rateReqPerS: number;
	/** That rate as a share of the saturated throughput (the load asked for). */
	load: number;
	rows: RoutingDemoRow[];
}

function workload(requests: number, seed: number, timing: { kind: 'scale'; rpsScale: number } | { kind: 'rate'; requestsPerS: number }): Workload {
	const shaped = shapeWorkload(synthesizeBurstGpt(requests, seed), { size: requests, selection: { kind: 'first' }, keepFailed: true, timing });
	if (!shaped.ok) throw new Error(shaped.error.message);
	return shaped.workload;
}

/** Every policy on the same bursty workload at `load` × the saturated throughput; an Error when the model does not fit. */
export function routingDemo(base: Scenario, requests = 1000, gpus = 4, load = 0.7): RoutingDemo {
	const scenario = methodScenario('continuous', base, { gpus });
	// Saturated (every request at once, as in the study's RPS ×200): what the GPUs serve per second.
	const saturated = simulate(workload(requests, base.seed, { kind: 'scale', rpsScale: 200 }), { ...scenario, routing: 'global' }).summary.requestsPerS ?? 0;
	const rateReqPerS = Math.max(1e-6, load * saturated);
	const w = workload(requests, base.seed, { kind: 'rate', requestsPerS: rateReqPerS });
	const rows = ROUTING_POLICY_IDS.map((policy): RoutingDemoRow => {
		const r = simulate(w, { ...scenario, routing: policy });
		const q = r.series.replicaQueues;
		return {
			policy,
			label: ROUTING_POLICIES[policy].label,
			e2eP50S: r.summary.e2eP50S,
			e2eP95S: r.summary.e2eP95S,
			peakQueue: q ? Math.max(0, ...q.queues.map((s) => Math.max(0, ...s))) : 0
		};
	});
	return { gpus, requests, rateReqPerS, load, rows };
}
