/**
 * --routing POLICY for `simulate`, `study` and `sweep`: how a router in front of the data-parallel
 * replicas assigns each request (src/lib/sim/deploy/routing). One helper, so each command adds its
 * flag definition, its help line and one call.
 */
import { CliError } from './args';
import { DEFAULT_ROUTING, ROUTING_POLICIES, ROUTING_POLICY_IDS, findRoutingPolicy } from '../src/lib/sim/deploy/routing/registry';
import type { RoutingPolicyId, Scenario } from '../src/lib/sim/types';

/** The flag definition to spread into parseFlags' options. */
export const ROUTING_FLAGS = { routing: { type: 'string' } } as const;

/** Help lines: the flag, then each policy with its one-line explanation. */
export const ROUTING_HELP = [
	`  --routing P           how requests reach the GPUs (data-parallel replicas); default ${DEFAULT_ROUTING}:`,
	...ROUTING_POLICY_IDS.map((id) => `                          ${id.padEnd(18)} ${ROUTING_POLICIES[id].explanation}`)
].join('\n');

/** The policy --routing names, or undefined when the flag is absent; a CliError (exit 2) lists the valid ones. */
export function routingFromFlags(values: { routing?: string | boolean }): RoutingPolicyId | undefined {
	const v = values.routing;
	if (v === undefined) return undefined;
	const found = findRoutingPolicy(typeof v === 'string' ? v.trim() : '');
	if (!found.ok) throw new CliError(`--routing: ${found.message}`, 2);
	return found.policy.id;
}

/** Sets scenario.routing from --routing (leaves it undefined, the default, when the flag is absent). */
export function applyRoutingFlag(values: { routing?: string | boolean }, scenario: Scenario): Scenario {
	const routing = routingFromFlags(values);
	if (routing !== undefined) scenario.routing = routing;
	return scenario;
}

/** "routing least-outstanding (default)" for a run's text header; empty on one replica, where it cannot matter. */
export function routingLabel(scenario: Scenario): string {
	if (scenario.gpus <= 1) return '';
	return `, routing ${scenario.routing ?? `${DEFAULT_ROUTING} (default)`}`;
}
