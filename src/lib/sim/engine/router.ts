/**
 * The router in front of the replicas (deploy/routing holds the policies): each servable request is
 * sent to one replica when it arrives, from what a real router knows at that moment. The scheduler
 * owns the per-replica queues and says what each replica's load is; this module holds the policy,
 * its state, the loads it reads and the request object it is shown, all reused, so a decision
 * allocates nothing.
 *
 * 'global' (the ideal shared queue) is not a router: createRouter returns null and the scheduler keeps
 * its shared-queue path, unchanged.
 *
 * Loads a policy may read (ReplicaLoad), at the request's arrival time t, before anything else that
 * happens at t (arrivals come before wake-ups):
 * - outstanding: requests assigned to the replica and not finished (waiting, preempted or running; a
 *   request-level batch member counts until its last token, not until its batch ends);
 * - kvUsedTokens: KV blocks allocated on the replica × block size (blocks a step in flight reserved
 *   for its new tokens included, as vLLM allocates them before the step runs).
 * The scheduler fills only the fields the policy lists in `reads`.
 *
 * Outstanding counts change through setOutstanding only, which keeps an indexed minimum over them
 * (min-tree.ts): the policy asks it for the least-outstanding replica through its probe
 * (ReplicaProbe.leastOutstanding) in O(1) instead of scanning every replica, and each change costs
 * O(log replicas). The policies stay pure functions of the loads (their scan gives the same replica,
 * which is what the reference simulator checks).
 */
import { DEFAULT_ROUTING, findRoutingPolicy } from '../deploy/routing/registry';
import type { ReplicaLoad, ReplicaProbe, RouteRequest, RouterPolicy } from '../deploy/routing/types';
import type { Scenario } from '../types';
import { MinTree } from './min-tree';
import type { SchedulerHooks } from './scheduler';

export interface EngineRouter {
	policy: RouterPolicy<unknown>;
	state: unknown;
	/**
	 * One entry per replica; the scheduler refreshes the fields in `reads` before each route().
	 * `outstanding` is written through setOutstanding only (it keeps `byOutstanding` in step).
	 */
	loads: ReplicaLoad[];
	/** Indexed minimum over loads[g].outstanding (null when the policy does not read it). */
	byOutstanding: MinTree | null;
	/**
	 * What the policy may ask beyond the loads: the least-outstanding replica (from byOutstanding), and
	 * cachedPrefixTokens, which the continuous scheduler adds when a prefix cache can answer it.
	 */
	probe: ReplicaProbe;
	/** Whether the scheduler must keep loads[g].outstanding up to date (the policy reads it and there are 2+ replicas). */
	readsOutstanding: boolean;
	/** Whether the scheduler must fill loads[g].kvUsedTokens before each route() (likewise). */
	readsKv: boolean;
	/** The request shown to the policy (reused). */
	request: RouteRequest;
	/** Workload.sessionKey (0 = none), when the trace has one. */
	sessionKey: Uint32Array | undefined;
	/** Prompt tokens per request (shown to the policy as request.promptTokens). */
	promptTokens: Uint32Array | undefined;
	replicas: number;
	/** Test instrumentation (SchedulerHooks.onRoute). */
	onRoute: ((id: number, replica: number) => void) | undefined;
}

/** The scenario's routing policy id (undefined = DEFAULT_ROUTING). */
export function routingOf(scenario: Pick<Scenario, 'routing'>): string {
	return scenario.routing ?? DEFAULT_ROUTING;
}

/**
 * The router for a run, or null when the scenario keeps the ideal shared queue ('global'). Throws
 * with the list of policies when the scenario names an unknown one.
 */
export function createRouter(
	scenario: Scenario,
	replicas: number,
	sessionKey: Uint32Array | undefined,
	hooks?: SchedulerHooks,
	promptTokens?: Uint32Array
): EngineRouter | null {
	const found = findRoutingPolicy(routingOf(scenario));
	if (!found.ok) throw new Error(found.message);
	const policy = found.policy;
	if (policy.kind === 'shared-queue') return null;
	const loads: ReplicaLoad[] = [];
	for (let g = 0; g < replicas; g++) loads.push({ outstanding: 0, kvUsedTokens: 0 });
	// With one replica every policy must answer 0 (routeRequest refuses anything else), so no load can
	// change a decision: the scheduler then keeps none up to date. Counting a request-level batch's
	// members down to their last tokens was about 30% of a one-replica 1M-request multibin run.
	const oneReplica = replicas === 1;
	const readsOutstanding = !oneReplica && policy.reads.includes('outstanding');
	const byOutstanding = readsOutstanding && replicas > 0 ? new MinTree(replicas, 0) : null;
	const probe: ReplicaProbe = byOutstanding === null ? {} : { leastOutstanding: () => byOutstanding.argmin() };
	return {
		policy,
		state: policy.initialState(scenario.seed),
		loads,
		byOutstanding,
		probe,
		readsOutstanding,
		readsKv: !oneReplica && policy.reads.includes('kvUsedTokens'),
		request: { id: 0, sessionKey: undefined },
		sessionKey,
		promptTokens,
		replicas,
		onRoute: hooks?.onRoute
	};
}

/** The replica request `id` goes to; the caller has refreshed the loads the policy reads. */
export function routeRequest(r: EngineRouter, id: number): number {
	const req = r.request;
	req.id = id;
	const key = r.sessionKey === undefined ? 0 : r.sessionKey[id];
	req.sessionKey = key !== 0 ? key : undefined;
	if (r.promptTokens !== undefined) req.promptTokens = r.promptTokens[id];
	const g = r.policy.route(req, r.loads, r.state, r.probe);
	if (!(g >= 0 && g < r.replicas && Number.isInteger(g))) {
		throw new Error(`Routing policy "${r.policy.id}" sent request ${id} to replica ${g}, outside 0..${r.replicas - 1}; the policy is wrong.`);
	}
	if (r.onRoute !== undefined) r.onRoute(id, g);
	return g;
}

/** Replica g's outstanding count is now `value` (keeps the indexed minimum in step). */
export function setOutstanding(r: EngineRouter, g: number, value: number): void {
	r.loads[g].outstanding = value;
	if (r.byOutstanding !== null) r.byOutstanding.set(g, value);
}

/** Whether the router's policy asks cachedPrefixTokens (the continuous scheduler then answers it from the prefix cache). */
export function wantsCachedPrefix(r: EngineRouter): boolean {
	return r.policy.probes?.includes('cachedPrefixTokens') === true;
}
