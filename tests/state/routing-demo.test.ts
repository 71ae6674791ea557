import { describe, expect, it } from 'vitest';
import { ROUTING_POLICY_IDS } from '../../src/lib/sim/deploy/routing';
import { defaultParams } from '../../src/lib/state/params';
import { routingDemo } from '../../src/lib/state/routing-demo';
import { baseScenario } from '../../src/lib/state/scenario-build';

describe('How it works: the routing table', () => {
	it('every policy on one bursty workload at 70% of the saturated rate; round-robin is not better than least-outstanding', () => {
		const d = routingDemo(baseScenario(defaultParams()));
		expect(d.rows.map((r) => r.policy)).toEqual(ROUTING_POLICY_IDS);
		expect(d.rateReqPerS).toBeGreaterThan(0);
		const p95 = Object.fromEntries(d.rows.map((r) => [r.policy, r.e2eP95S ?? NaN]));
		for (const v of Object.values(p95)) expect(v).toBeGreaterThan(0);
		expect(p95['round-robin']).toBeGreaterThanOrEqual(p95['least-outstanding']);
		expect(d.rows.find((r) => r.policy === 'global')!.peakQueue).toBeGreaterThan(0);
		// Deterministic: the page shows the same table for the same choices.
		expect(routingDemo(baseScenario(defaultParams()))).toEqual(d);
	});
});
