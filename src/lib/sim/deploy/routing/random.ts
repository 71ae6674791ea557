/** `random`: a uniformly random replica from the run's seed (same seed, same assignment). */
import { createUniform } from '../../rng';
import type { RouterPolicy } from './types';

export const randomPolicy: RouterPolicy<{ uniform: () => number }> = {
	kind: 'router',
	id: 'random',
	label: 'Random (seeded)',
	explanation: 'Each request goes to a replica drawn uniformly at random from the run’s seed: the baseline a load-aware router must beat.',
	reads: [],
	initialState: (seed) => ({ uniform: createUniform(seed) }),
	route(_request, replicas, state) {
		if (replicas.length === 0) throw new Error('Routing needs at least one replica.');
		return Math.min(replicas.length - 1, Math.floor(state.uniform() * replicas.length));
	}
};
