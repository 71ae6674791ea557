/** `least-kv`: the replica with the least KV cache in use. */
import { leastKv } from './pick';
import type { RouterPolicy } from './types';

export const leastKvPolicy: RouterPolicy<null> = {
	kind: 'router',
	id: 'least-kv',
	label: 'Least KV in use',
	explanation: 'Each request goes to the replica holding the fewest KV-cache tokens (ties to the lowest index): it weighs long contexts, not just request counts.',
	reads: ['kvUsedTokens'],
	initialState: () => null,
	route: (_request, replicas) => leastKv(replicas)
};
