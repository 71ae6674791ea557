/** `global`: today's ideal shared queue, kept for comparison. A flag: the engine routes nothing. */
import type { SharedQueuePolicy } from './types';

export const globalPolicy: SharedQueuePolicy = {
	kind: 'shared-queue',
	id: 'global',
	label: 'Global queue (ideal)',
	explanation:
		'One shared queue every replica pulls from when it has room, with no router in front: the idealized reference the real policies are compared with.'
};
