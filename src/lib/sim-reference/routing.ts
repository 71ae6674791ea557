/**
 * The reference's router, written apart from the engine's (src/lib/sim/deploy/routing and
 * src/lib/sim/engine/router.ts): each policy spelled out in a few lines over plain arrays of loads.
 * The rules it shares with the engine are the definitions themselves:
 * - a router sees, at a request's arrival, each replica's outstanding requests (assigned, not finished)
 *   and KV tokens in use, before anything else that happens at that instant;
 * - ties go to the lowest replica index;
 * - random draws floor(u × replicas) from the run's seeded uniform source (sim/rng.ts), once per
 *   routed request in arrival order;
 * - session keeps a non-zero session key on the replica its first request went to; requests without
 *   a key, and new sessions, go to the least-outstanding replica;
 * - prefix-aware, modelled here without a prefix cache (the reference has none, so every replica's cached
 *   prefix is 0, as in the engine with the cache off): when max − min outstanding > 64 and max > 1.5 × min
 *   the least-outstanding replica; otherwise a session's last replica, else the least-outstanding one.
 *   The differential tests run it with the cache off only; tests/prefix covers it with the cache on.
 */
import { createUniform } from '../sim/rng';
import type { ReferenceRequest } from './types';

export interface ReferenceRouter {
	policy: string;
	replicas: number;
	/** Requests routed so far (round-robin's turn). */
	routed: number;
	uniform: () => number;
	home: Map<number, number>;
}

/** null when the policy is 'global' (one shared queue, no routing). */
export function createReferenceRouter(policy: string, replicas: number, seed: number): ReferenceRouter | null {
	if (policy === 'global') return null;
	if (!['round-robin', 'least-outstanding', 'least-kv', 'random', 'session', 'prefix-aware'].includes(policy)) throw new Error(`reference: unknown routing policy ${policy}`);
	return { policy, replicas, routed: 0, uniform: createUniform(seed), home: new Map() };
}

/** The first index holding the smallest value. */
function lowest(values: number[]): number {
	let best = 0;
	for (let i = 1; i < values.length; i++) if (values[i] < values[best]) best = i;
	return best;
}

/** The replica the request goes to, given every replica's outstanding requests and KV tokens in use now. */
export function chooseReplica(r: ReferenceRouter, req: ReferenceRequest, outstanding: number[], kvTokens: number[]): number {
	const turn = r.routed++;
	switch (r.policy) {
		case 'round-robin':
			return turn % r.replicas;
		case 'least-outstanding':
			return lowest(outstanding);
		case 'least-kv':
			return lowest(kvTokens);
		case 'random':
			return Math.min(r.replicas - 1, Math.floor(r.uniform() * r.replicas));
		case 'prefix-aware':
			return loadAndSession(r, req.sessionKey ?? 0, outstanding);
		default: {
			const key = req.sessionKey ?? 0;
			if (key === 0) return lowest(outstanding);
			const home = r.home.get(key);
			if (home !== undefined) return home;
			const g = lowest(outstanding);
			r.home.set(key, g);
			return g;
		}
	}
}

/** prefix-aware with nothing cached: load balance first, then the session's last replica, then the least loaded. */
function loadAndSession(r: ReferenceRouter, key: number, outstanding: number[]): number {
	const least = lowest(outstanding);
	const min = Math.min(...outstanding);
	const max = Math.max(...outstanding);
	const home = key === 0 ? undefined : r.home.get(key);
	const g = max - min > 64 && max > min * 1.5 ? least : (home ?? least);
	if (key !== 0) r.home.set(key, g);
	return g;
}
