import { describe, expect, it } from 'vitest';
import { ROUTING_HELP, applyRoutingFlag, routingFromFlags, routingLabel } from '../../cli/routing-flag';
import { scenarioFromFlags } from '../../cli/commands/simulate';
import { ROUTING_POLICY_IDS } from '../../src/lib/sim/deploy/routing';
import { defaultScenario } from '../../src/lib/sim/presets';

describe('--routing', () => {
	it('takes every policy and leaves the default alone when absent', () => {
		for (const id of ROUTING_POLICY_IDS) expect(routingFromFlags({ routing: id })).toBe(id);
		expect(routingFromFlags({})).toBeUndefined();
		expect(scenarioFromFlags({}).routing).toBeUndefined();
		expect(scenarioFromFlags({ routing: 'round-robin', gpus: '4' }).routing).toBe('round-robin');
		expect(applyRoutingFlag({ routing: 'session' }, defaultScenario()).routing).toBe('session');
	});
	it('refuses an unknown policy with the valid ones and exit code 2', () => {
		let err: unknown;
		try {
			routingFromFlags({ routing: 'fastest' });
		} catch (e) {
			err = e;
		}
		expect(String(err)).toMatch(/--routing: Unknown routing policy "fastest". Pick one of: global, round-robin, least-outstanding, least-kv, random, session, prefix-aware \(default least-outstanding\)/);
		expect((err as { exitCode?: number }).exitCode).toBe(2);
		expect(() => routingFromFlags({ routing: true })).toThrow(/Pick one of/);
	});
	it('the help lists each policy with its explanation; the text header names the policy on several GPUs', () => {
		for (const id of ROUTING_POLICY_IDS) expect(ROUTING_HELP).toContain(id);
		expect(routingLabel({ ...defaultScenario(), gpus: 1 })).toBe('');
		expect(routingLabel({ ...defaultScenario(), gpus: 4 })).toBe(', routing least-outstanding (default)');
		expect(routingLabel({ ...defaultScenario(), gpus: 4, routing: 'random' })).toBe(', routing random');
	});
});
