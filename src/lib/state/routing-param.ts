/**
 * The page's routing choice in the URL: routing=<policy id>, absent for the default (least-outstanding),
 * so links made before routing existed keep meaning the default scenario.
 */
import { ROUTING_POLICY_IDS } from '../sim/deploy/routing/registry';
import type { RoutingPolicyId } from '../sim/types';

export const ROUTING_URL_NAMES = ['routing'] as const;

/** The policy `routing=` names (undefined when absent or invalid; an invalid one gets a notice). */
export function routingFromQuery(q: URLSearchParams, bad: (name: string, value: string, why: string) => void): RoutingPolicyId | undefined {
	const v = q.get('routing');
	if (v === null) return undefined;
	const id = ROUTING_POLICY_IDS.find((x) => x === v);
	if (!id) bad('routing', v, `expected one of ${ROUTING_POLICY_IDS.join(', ')}`);
	return id;
}

/** The query entries for a routing choice (none for the default). */
export function routingToQuery(routing: RoutingPolicyId | undefined): [string, string][] {
	return routing === undefined ? [] : [['routing', routing]];
}
