/**
 * Prefix-aware routing (SGLang's cache-aware router, vLLM production-stack's prefix-aware routing):
 * a request goes to the replica whose prefix cache already holds the longest part of its prompt, so
 * the prefill it skips is largest, unless the replicas' loads are out of balance, when it goes to the
 * least-loaded one (a cache hit is worth less than a queue). Replicas without a useful match: the
 * least-loaded one, keeping a session on the replica its earlier turns went to when loads allow.
 *
 * Pure: the engine asks each replica's cache for the request's longest cached prefix
 * (engine/prefix-cache.ts longestCachedPrefix; continuous/prefix-ops.ts cachedPrefixTokens) and passes
 * the loads; the decision reads nothing else. Registered as 'prefix-aware' (registry.ts).
 */
import { leastOutstanding } from './pick';
import type { ReplicaLoad, RouteRequest, RouterPolicy } from './types';

/** A replica's load plus what its prefix cache holds of the request being routed. */
export interface PrefixReplicaLoad extends ReplicaLoad {
	/** Leading prompt tokens of this request cached on the replica (0 with the cache off). */
	cachedPrefixTokens: number;
}

/** A request with its prompt length (the match is judged as a share of it). */
export interface PrefixRouteRequest extends RouteRequest {
	promptTokens: number;
}

/** Thresholds of SGLang's cache-aware router (its logged defaults: cache_threshold 0.3, balance_abs_threshold 64, balance_rel_threshold 1.5). */
export interface PrefixRoutingOptions {
	/** Smallest matched share of the prompt worth following (below it the request is routed by load). */
	minMatchShare: number;
	/** Loads are out of balance when max − min outstanding exceeds this ... */
	balanceAbs: number;
	/** ... and max exceeds min × this. */
	balanceRel: number;
}

export const PREFIX_ROUTING_DEFAULTS: PrefixRoutingOptions = { minMatchShare: 0.3, balanceAbs: 64, balanceRel: 1.5 };

export interface PrefixRoutingState {
	/** Replica each session's last request went to. */
	home: Map<number, number>;
}

/** The replica for `request`: see the file comment. Ties go to the lower outstanding count, then the lower index. */
export function routePrefixAware(
	request: PrefixRouteRequest,
	replicas: ReadonlyArray<PrefixReplicaLoad>,
	state: PrefixRoutingState,
	opts: PrefixRoutingOptions = PREFIX_ROUTING_DEFAULTS
): number {
	if (replicas.length === 0) throw new Error('Routing needs at least one replica.');
	let minLoad = Infinity;
	let maxLoad = -Infinity;
	for (const r of replicas) {
		minLoad = Math.min(minLoad, r.outstanding);
		maxLoad = Math.max(maxLoad, r.outstanding);
	}
	const leastLoaded = leastOutstanding(replicas);
	const choose = (g: number) => {
		if (request.sessionKey !== undefined && request.sessionKey !== 0) state.home.set(request.sessionKey, g);
		return g;
	};
	if (maxLoad - minLoad > opts.balanceAbs && maxLoad > minLoad * opts.balanceRel) return choose(leastLoaded);
	let best = -1;
	for (let g = 0; g < replicas.length; g++) {
		const r = replicas[g];
		if (best < 0 || r.cachedPrefixTokens > replicas[best].cachedPrefixTokens || (r.cachedPrefixTokens === replicas[best].cachedPrefixTokens && r.outstanding < replicas[best].outstanding)) best = g;
	}
	const matched = replicas[best].cachedPrefixTokens;
	if (matched > 0 && matched >= opts.minMatchShare * Math.max(1, request.promptTokens)) return choose(best);
	const home = request.sessionKey !== undefined && request.sessionKey !== 0 ? state.home.get(request.sessionKey) : undefined;
	if (home !== undefined && home < replicas.length) return choose(home);
	return choose(leastLoaded);
}

/** Per-run state of the registered policy: the session table plus the per-replica view, reused per decision. */
export interface PrefixAwareRouterState extends PrefixRoutingState {
	view: PrefixReplicaLoad[];
	request: PrefixRouteRequest;
}

/**
 * The policy as the engine calls it: the loads it reads plus the probe's answer per replica. Without a
 * probe (request-level batching, the cache off) every replica reads 0 cached tokens, so the decision
 * falls to load balance and session stickiness.
 */
export const prefixAwarePolicy: RouterPolicy<PrefixAwareRouterState> = {
	kind: 'router',
	id: 'prefix-aware',
	label: 'Prefix-aware',
	explanation:
		'Each request goes to the replica whose prefix cache holds the longest part of its prompt (at least 30%), unless loads are out of balance; otherwise to the least-loaded replica, keeping a conversation where its last turn went. Without the prefix cache (or with request-level batching) nothing is cached, so it routes by load and session only.',
	reads: ['outstanding'],
	probes: ['cachedPrefixTokens'],
	initialState: () => ({ home: new Map(), view: [], request: { id: 0, promptTokens: 0 } }),
	route(request, replicas, state, probe) {
		const view = state.view;
		while (view.length < replicas.length) view.push({ outstanding: 0, kvUsedTokens: 0, cachedPrefixTokens: 0 });
		view.length = replicas.length;
		const ask = probe?.cachedPrefixTokens;
		for (let g = 0; g < replicas.length; g++) {
			const v = view[g];
			v.outstanding = replicas[g].outstanding;
			v.kvUsedTokens = replicas[g].kvUsedTokens;
			v.cachedPrefixTokens = ask === undefined ? 0 : ask.call(probe, g, request);
		}
		const r = state.request;
		r.id = request.id;
		r.sessionKey = request.sessionKey;
		r.promptTokens = request.promptTokens ?? 0;
		return routePrefixAware(r, view, state);
	}
};

/** The pure decision in router shape, over loads that already carry the cached prefix (tests, the reference). */
export const prefixAwareRouter: Omit<RouterPolicy<PrefixRoutingState>, 'route'> & {
	route(request: PrefixRouteRequest, replicas: ReadonlyArray<PrefixReplicaLoad>, state: PrefixRoutingState): number;
} = {
	...prefixAwarePolicy,
	initialState: () => ({ home: new Map() }),
	route: (request, replicas, state) => routePrefixAware(request, replicas, state)
};
