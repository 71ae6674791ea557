/** `least-outstanding` (default): the replica with the fewest requests queued or running. */
import { leastOutstanding } from './pick';
import type { RouterPolicy } from './types';

export const leastOutstandingPolicy: RouterPolicy<null> = {
	kind: 'router',
	id: 'least-outstanding',
	label: 'Least outstanding requests',
	explanation: 'Each request goes to the replica with the fewest requests queued or running (ties to the lowest index), as most production routers do.',
	reads: ['outstanding'],
	initialState: () => null,
	route: (_request, replicas, _state, probe) => leastOutstanding(replicas, probe)
};
