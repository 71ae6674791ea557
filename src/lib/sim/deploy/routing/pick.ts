/** Shared selection helper: the index with the smallest key, ties to the lowest index. */
import type { ReplicaLoad } from './types';

export function argMin(replicas: ReadonlyArray<ReplicaLoad>, key: (r: ReplicaLoad) => number): number {
	if (replicas.length === 0) throw new Error('Routing needs at least one replica.');
	let best = 0;
	let bestKey = key(replicas[0]);
	for (let i = 1; i < replicas.length; i++) {
		const k = key(replicas[i]);
		if (k < bestKey) {
			best = i;
			bestKey = k;
		}
	}
	return best;
}
