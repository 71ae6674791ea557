/** `round-robin`: replica 0, 1, …, n−1, 0, … in arrival order, blind to load. */
import type { RouterPolicy } from './types';

export const roundRobinPolicy: RouterPolicy<{ next: number }> = {
	kind: 'router',
	id: 'round-robin',
	label: 'Round-robin',
	explanation: 'Each request goes to the next replica in turn, whatever their queues: simple, and blind to bursts and long requests.',
	reads: [],
	initialState: () => ({ next: 0 }),
	route(_request, replicas, state) {
		if (replicas.length === 0) throw new Error('Routing needs at least one replica.');
		const i = state.next % replicas.length;
		state.next = i + 1;
		return i;
	}
};
