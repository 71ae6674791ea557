/**
 * Shared selection helpers: the replica with the smallest load, ties to the lowest index. Each load has
 * its own loop (no key function called per replica): the engine calls them at every arrival, over
 * every replica.
 */
import type { ReplicaLoad, ReplicaProbe } from './types';

/**
 * The replica with the fewest outstanding requests (the lowest index among equals). The engine's probe
 * answers it from an index it keeps (the same replica, without the scan).
 */
export function leastOutstanding(replicas: ReadonlyArray<ReplicaLoad>, probe?: ReplicaProbe): number {
	if (replicas.length === 0) throw new Error('Routing needs at least one replica.');
	if (probe?.leastOutstanding !== undefined) return probe.leastOutstanding();
	let best = 0;
	let bestKey = replicas[0].outstanding;
	for (let i = 1; i < replicas.length; i++) {
		const k = replicas[i].outstanding;
		if (k < bestKey) {
			best = i;
			bestKey = k;
		}
	}
	return best;
}

/** The replica with the fewest KV tokens in use (the lowest index among equals). */
export function leastKv(replicas: ReadonlyArray<ReplicaLoad>): number {
	if (replicas.length === 0) throw new Error('Routing needs at least one replica.');
	let best = 0;
	let bestKey = replicas[0].kvUsedTokens;
	for (let i = 1; i < replicas.length; i++) {
		const k = replicas[i].kvUsedTokens;
		if (k < bestKey) {
			best = i;
			bestKey = k;
		}
	}
	return best;
}
