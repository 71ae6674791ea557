/**
 * The router's indexes (engine/min-tree.ts) on many replicas: least-outstanding and session read the
 * least-outstanding replica from an index the engine keeps, and request-level routing finds finished
 * batch members from an index of next last-token times. Above 32 replicas both are trees; the golden
 * and differential tests run fewer replicas (the scan path), so these check the tree path: at every
 * decision the index gives what the policy's own scan of the loads gives, and the loads themselves
 * give the reference simulator's assignment.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { referenceSimulate } from '../../src/lib/sim-reference/index';
import { leastOutstandingPolicy } from '../../src/lib/sim/deploy/routing/least-outstanding';
import { leastOutstanding } from '../../src/lib/sim/deploy/routing/pick';
import { sessionPolicy } from '../../src/lib/sim/deploy/routing/session';
import type { ReplicaLoad, ReplicaProbe, RouteRequest } from '../../src/lib/sim/deploy/routing/types';
import { runRegime } from '../../src/lib/sim/engine/run';
import { prepareContext } from '../../src/lib/sim/index';
import { defaultScenario, methodScenario } from '../../src/lib/sim/presets';
import type { Scenario } from '../../src/lib/sim/types';
import { synthesizeBurstGpt } from '../../src/lib/trace/synth';
import type { Workload } from '../../src/lib/trace/types';
import { shapeWorkload } from '../../src/lib/trace/workload';

function burst(n: number, rpsScale: number, withSessions: boolean): Workload {
	const shaped = shapeWorkload(synthesizeBurstGpt(n, 11), { size: n, selection: { kind: 'first' }, keepFailed: true, timing: { kind: 'scale', rpsScale } });
	if (!shaped.ok) throw new Error(`the synthetic workload could not be shaped: ${shaped.error.message}`);
	const w = shaped.workload;
	if (!withSessions) return w;
	// Every fifth request has no session; the rest belong to 300 sessions.
	const sessionKey = Uint32Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 0 : 1 + ((i * 7919) % 300)));
	return { ...w, sessionKey };
}

function scenarioOf(method: 'static' | 'dynamic' | 'multibin' | 'continuous', gpus: number, routing: string): Scenario {
	return { ...methodScenario(method, defaultScenario({ perf: { kind: 'roofline' } }), { gpus }), routing } as Scenario;
}

function assignment(workload: Workload, scenario: Scenario): number[] {
	const where = new Array<number>(workload.arrivalS.length).fill(-1);
	const { ctx } = prepareContext(workload, scenario);
	runRegime(workload, scenario, ctx, { onRoute: (id, g) => (where[id] = g) });
	return where;
}

afterEach(() => {
	vi.restoreAllMocks();
});

describe('the least-outstanding index on many replicas', () => {
	for (const routing of ['least-outstanding', 'session'] as const) {
		for (const method of ['static', 'dynamic', 'multibin', 'continuous'] as const) {
			for (const gpus of [33, 100]) {
				it(`${routing}, ${method} on ${gpus} replicas: the index answers as a scan of the loads would at every decision`, () => {
					const policy = routing === 'session' ? sessionPolicy : leastOutstandingPolicy;
					const route = policy.route.bind(policy) as (r: RouteRequest, l: ReadonlyArray<ReplicaLoad>, s: unknown, p?: ReplicaProbe) => number;
					let decisions = 0;
					let distinctCounts = 0;
					vi.spyOn(policy, 'route').mockImplementation(((request: RouteRequest, loads: ReadonlyArray<ReplicaLoad>, state: unknown, probe?: ReplicaProbe) => {
						expect(probe?.leastOutstanding).toBeDefined();
						const scanned = leastOutstanding(loads);
						const indexed = (probe as Required<Pick<ReplicaProbe, 'leastOutstanding'>>).leastOutstanding();
						if (indexed !== scanned) throw new Error(`decision ${decisions} (request ${request.id}): index says replica ${indexed}, a scan of the loads says ${scanned}`);
						decisions++;
						if (new Set(loads.map((l) => l.outstanding)).size > 2) distinctCounts++;
						return route(request, loads, state, probe);
					}) as typeof policy.route);
					const w = burst(4000, 400, routing === 'session');
					assignment(w, scenarioOf(method, gpus, routing));
					expect(decisions).toBeGreaterThan(3000);
					// The loads must differ between replicas often, or the check proves little.
					expect(distinctCounts).toBeGreaterThan(decisions / 4);
				});
			}
		}
	}

	for (const method of ['static', 'multibin', 'continuous'] as const) {
		it(`least-outstanding, ${method} on 40 replicas: the same assignment as the reference simulator`, () => {
			const w = burst(method === 'continuous' ? 600 : 1500, 400, false);
			const scenario = scenarioOf(method, 40, 'least-outstanding');
			const ref = referenceSimulate(w, scenario);
			expect(ref.nearTies).toBe(0);
			const eng = assignment(w, scenario);
			expect(new Set(eng.filter((g) => g >= 0)).size).toBeGreaterThan(20);
			expect(eng).toEqual(Array.from(ref.routedTo));
		});
	}
});
