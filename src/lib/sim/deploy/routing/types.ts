/**
 * Request routing across data-parallel replicas: each replica has its own queue, and a router assigns
 * every request on arrival (DESIGN.md, "Routing"). Policies are small pure functions over what a
 * real router knows at that moment: each replica's outstanding requests and KV in use.
 * Deterministic: the same requests, loads and seed give the same assignment; ties go to the lowest index.
 */

/** What a router sees of a request. sessionKey: a trace's session id, or a hash of its prompt's first block. */
export interface RouteRequest {
	id: number;
	sessionKey?: number;
	/** The request's prompt tokens (a prefix-aware policy judges a cached match as a share of it). */
	promptTokens?: number;
}

/** What a router sees of a replica at the request's arrival. */
export interface ReplicaLoad {
	/** Requests assigned to the replica and not finished (queued + running). */
	outstanding: number;
	/** KV-cache tokens in use on the replica. */
	kvUsedTokens: number;
}

export type RoutingPolicyId = 'global' | 'round-robin' | 'least-outstanding' | 'least-kv' | 'random' | 'session' | 'prefix-aware';

interface PolicyInfo {
	id: RoutingPolicyId;
	label: string;
	/** One sentence for the page and the CLI help. */
	explanation: string;
}

/** The engine keeps one shared queue every replica pulls from: no routing decision is made. */
export interface SharedQueuePolicy extends PolicyInfo {
	kind: 'shared-queue';
}

/** The ReplicaLoad fields a policy reads: the engine keeps only those current, so a blind policy costs nothing. */
export type LoadField = keyof ReplicaLoad;

/**
 * Questions a router may ask beyond the loads, answered by the engine on demand.
 * - leastOutstanding: the replica pick.leastOutstanding(replicas) would return (fewest outstanding,
 *   lowest index among equals), from an index the engine keeps as counts change, so a decision costs
 *   O(1) instead of a scan of every replica. Absent (the reference simulator, tests): the policy scans.
 * - cachedPrefixTokens: the leading tokens of this request's prompt already in that replica's prefix
 *   cache. Continuous batching with the cache on answers it from each replica's cache; request-level
 *   batching and runs with the cache off leave it out (a policy then reads 0 for every replica).
 */
export interface ReplicaProbe {
	leastOutstanding?(): number;
	cachedPrefixTokens?(replica: number, request: RouteRequest): number;
}

/** The probes a policy asks (the engine builds only those). */
export type ProbeField = keyof ReplicaProbe;

/** A router: per-run state from a seed, then one decision per arriving request. */
export interface RouterPolicy<S = unknown> extends PolicyInfo {
	kind: 'router';
	/** The load fields route() reads (the engine fills only these before each decision). */
	reads: ReadonlyArray<LoadField>;
	/** The probes route() asks (absent = none). */
	probes?: ReadonlyArray<ProbeField>;
	initialState(seed: number): S;
	/**
	 * The replica index for `request`; replicas is non-empty. Mutates `state` (round-robin's counter,
	 * session table). `probe` answers questions a policy needs beyond the loads (ReplicaProbe); a policy
	 * must return the same replica with or without leastOutstanding (prefix-aware asks cachedPrefixTokens).
	 */
	route(request: RouteRequest, replicas: ReadonlyArray<ReplicaLoad>, state: S, probe?: ReplicaProbe): number;
}

/**
 * Any policy. RouterPolicy<unknown> accepts every router: route is declared with method syntax, so its
 * state parameter is checked bivariantly, and a caller only ever passes back what initialState gave it.
 */
export type RoutingPolicy = SharedQueuePolicy | RouterPolicy<unknown>;
