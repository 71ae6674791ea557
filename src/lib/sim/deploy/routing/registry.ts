/** Routing policies by id (one file each); `least-outstanding` is the default. */
import { globalPolicy } from './global';
import { leastKvPolicy } from './least-kv';
import { leastOutstandingPolicy } from './least-outstanding';
import { prefixAwarePolicy } from './prefix-aware';
import { randomPolicy } from './random';
import { roundRobinPolicy } from './round-robin';
import { sessionPolicy } from './session';
import type { RoutingPolicy, RoutingPolicyId } from './types';

export const ROUTING_POLICIES: Readonly<Record<RoutingPolicyId, RoutingPolicy>> = {
	global: globalPolicy,
	'round-robin': roundRobinPolicy,
	'least-outstanding': leastOutstandingPolicy,
	'least-kv': leastKvPolicy,
	random: randomPolicy,
	session: sessionPolicy,
	'prefix-aware': prefixAwarePolicy
};

export const DEFAULT_ROUTING: RoutingPolicyId = 'least-outstanding';
export const ROUTING_POLICY_IDS = Object.keys(ROUTING_POLICIES) as RoutingPolicyId[];

/** The policy named `id`, or an error message listing the known ones (for --routing and the page). */
export function findRoutingPolicy(id: string): { ok: true; policy: RoutingPolicy } | { ok: false; message: string } {
	if (Object.hasOwn(ROUTING_POLICIES, id)) return { ok: true, policy: ROUTING_POLICIES[id as RoutingPolicyId] };
	return { ok: false, message: `Unknown routing policy "${id}". Pick one of: ${ROUTING_POLICY_IDS.join(', ')} (default ${DEFAULT_ROUTING}).` };
}
