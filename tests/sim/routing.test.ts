/**
 * Routing across replicas, at the engine level: each policy's assignment on a hand-made arrival
 * pattern (both regimes), round-robin against least-outstanding under load on a bursty trace, the
 * default policy, and the per-replica queue series. That routing 'global' leaves the engine's numbers
 * unchanged is proved by tests/reliability/golden.test.ts and tests/sim/engine-parity.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { ROUTING_POLICY_IDS, type RoutingPolicyId } from '../../src/lib/sim/deploy/routing';
import { runRegime } from '../../src/lib/sim/engine/run';
import { createRouter } from '../../src/lib/sim/engine/router';
import { QUEUE_SERIES_POINTS, QUEUE_SERIES_REPLICAS } from '../../src/lib/sim/engine/queue-series';
import { prepareContext, simulate } from '../../src/lib/sim/index';
import { defaultScenario, methodScenario } from '../../src/lib/sim/presets';
import { createUniform } from '../../src/lib/sim/rng';
import type { Scenario } from '../../src/lib/sim/types';
import { synthesizeBurstGpt } from '../../src/lib/trace/synth';
import type { Workload } from '../../src/lib/trace/types';
import { shapeWorkload } from '../../src/lib/trace/workload';

/** Where the engine's router sent each request (SchedulerHooks.onRoute), −1 where it did not route. */
function assignment(workload: Workload, scenario: Scenario): number[] {
	const where = new Array<number>(workload.arrivalS.length).fill(-1);
	const { ctx } = prepareContext(workload, scenario);
	runRegime(workload, scenario, ctx, { onRoute: (id, g) => (where[id] = g) });
	return where;
}

/**
 * Five requests on 3 replicas: three at t = 0 (one long prompt), then two a millisecond apart while
 * every request is still running (outputs of 50 tokens). Session keys: 7, 9, none, 7, 7.
 */
const PATTERN: Workload = {
	arrivalS: Float64Array.from([0, 0, 0, 0.001, 0.002]),
	promptTokens: Uint32Array.from([1000, 100, 100, 50, 500]),
	outputTokens: Uint32Array.from([50, 50, 50, 50, 50]),
	sessionKey: Uint32Array.from([7, 9, 0, 7, 7]),
	label: 'routing pattern',
	synthetic: true
};

/**
 * By hand, for both regimes:
 * - round-robin: 0, 1, 2, 0, 1 whatever the loads.
 * - least-outstanding: 0, 1, 2 (each goes to an empty replica), then all hold 1 → 0, then 1.
 * - least-kv: at t = 0 nothing is admitted yet, so all three see no KV in use → 0, 0, 0; at 1 ms replica
 *   0 holds them and 1 and 2 are empty → 1; at 2 ms replica 1 holds request 3 → 2.
 * - session: key 7 → least-outstanding 0, key 9 → 1, no key → 2, key 7 → its home 0, key 7 → 0
 *   (least-outstanding would have said 1).
 * - random: floor(3u) for the run's seeded draws, one per request.
 * - prefix-aware: no prefix cache here (no block identities), so every replica holds 0 of every prompt
 *   and loads stay within 64 of each other: a session's last replica, else least-outstanding, as session.
 */
function expected(policy: Exclude<RoutingPolicyId, 'global'>, seed: number): number[] {
	if (policy === 'random') {
		const u = createUniform(seed);
		return PATTERN.outputTokens.reduce<number[]>((a) => [...a, Math.floor(u() * 3)], []);
	}
	return { 'round-robin': [0, 1, 2, 0, 1], 'least-outstanding': [0, 1, 2, 0, 1], 'least-kv': [0, 0, 0, 1, 2], session: [0, 1, 2, 0, 0], 'prefix-aware': [0, 1, 2, 0, 0] }[policy];
}

describe('each routing policy on a hand-made arrival pattern', () => {
	for (const method of ['static', 'continuous'] as const) {
		const base = methodScenario(method, defaultScenario({ seed: 11 }), { gpus: 3, batch: 8 });
		for (const policy of ROUTING_POLICY_IDS) {
			it(`${method}: ${policy}`, () => {
				const got = assignment(PATTERN, { ...base, routing: policy });
				if (policy === 'global') expect(got).toEqual([-1, -1, -1, -1, -1]);
				else expect(got).toEqual(expected(policy, 11));
			});
		}
	}
	it('random follows the seed: another seed, another assignment, the same seed, the same one', () => {
		const many: Workload = { ...PATTERN, arrivalS: Float64Array.from({ length: 40 }, (_, i) => i * 1e-3), promptTokens: new Uint32Array(40).fill(100), outputTokens: new Uint32Array(40).fill(20), sessionKey: undefined };
		const s = (seed: number): Scenario => ({ ...methodScenario('continuous', defaultScenario({ seed }), { gpus: 3 }), routing: 'random' });
		expect(assignment(many, s(1))).toEqual(assignment(many, s(1)));
		expect(assignment(many, s(1))).not.toEqual(assignment(many, s(2)));
	});
	it('the default is least-outstanding', () => {
		const s = methodScenario('continuous', defaultScenario({ seed: 11 }), { gpus: 3 });
		expect(s.routing).toBeUndefined();
		expect(assignment(PATTERN, s)).toEqual(expected('least-outstanding', 11));
	});
	it('an unknown policy is an error that lists the valid ones', () => {
		const s = { ...methodScenario('continuous', defaultScenario(), { gpus: 3 }), routing: 'fastest' as RoutingPolicyId };
		expect(() => simulate(PATTERN, s)).toThrow(/Unknown routing policy "fastest". Pick one of: global, round-robin, least-outstanding, least-kv, random, session/);
	});
});

function bursty(seed: number, rpsScale: number): Workload {
	const shaped = shapeWorkload(synthesizeBurstGpt(3000, seed), { size: 3000, selection: { kind: 'first' }, keepFailed: true, timing: { kind: 'scale', rpsScale } });
	if (!shaped.ok) throw new Error(shaped.error.message);
	return shaped.workload;
}

describe('under load on a bursty trace (BurstGPT-like, 4 replicas)', () => {
	// Utilisation about 0.4-0.55 (continuous, RPS ×16) and 0.4-0.55 (dynamic, RPS ×8): queues build in bursts.
	for (const [method, rps] of [['continuous', 16], ['dynamic', 8]] as const) {
		for (const seed of [1, 2, 3]) {
			it(`${method}, seed ${seed}: round-robin is not better at P95 E2E than least-outstanding`, () => {
				const w = bursty(seed, rps);
				const p95 = (routing: RoutingPolicyId) => simulate(w, { ...methodScenario(method, defaultScenario({ seed }), { gpus: 4 }), routing }).summary.e2eP95S ?? NaN;
				const lo = p95('least-outstanding');
				const rr = p95('round-robin');
				expect(lo).toBeGreaterThan(0);
				expect(rr).toBeGreaterThanOrEqual(lo);
			});
		}
	}
});

describe('one replica', () => {
	// routeRequest refuses any answer but 0, so the scheduler keeps no loads up to date (router.ts): no
	// policy may then give a result of its own.
	for (const method of ['multibin', 'dynamic', 'continuous'] as const) {
		it(`${method}: every policy gives round-robin's results, and the router asks the scheduler for no loads`, () => {
			const w = bursty(2, 16);
			const base = methodScenario(method, defaultScenario({ seed: 5 }), { gpus: 1, bins: 4 });
			const summary = (routing: RoutingPolicyId) => simulate(w, { ...base, routing }).summary;
			const reference = summary('round-robin');
			expect(reference.completed).toBeGreaterThan(0);
			for (const policy of ROUTING_POLICY_IDS.filter((p) => p !== 'global' && p !== 'round-robin')) {
				expect(summary(policy), policy).toEqual(reference);
				const router = createRouter({ ...base, routing: policy }, 1, w.sessionKey);
				expect([router?.readsOutstanding, router?.readsKv], policy).toEqual([false, false]);
			}
			// With two replicas, least-outstanding and least-kv do read their loads.
			expect(createRouter({ ...base, routing: 'least-outstanding' }, 2, undefined)?.readsOutstanding).toBe(true);
			expect(createRouter({ ...base, routing: 'least-kv' }, 2, undefined)?.readsKv).toBe(true);
		});
	}
});

describe('queue length per replica over time', () => {
	it('is kept for each replica behind a router, bounded, and empties by the end', () => {
		const w = bursty(1, 8);
		const r = simulate(w, methodScenario('continuous', defaultScenario({ seed: 1 }), { gpus: 4 }));
		const q = r.series.replicaQueues!;
		expect(q.shared).toBe(false);
		expect(q.replicas).toBe(4);
		expect(q.queues).toHaveLength(4);
		expect(q.tS.length).toBeGreaterThanOrEqual(QUEUE_SERIES_POINTS / 2);
		expect(q.tS.length).toBeLessThanOrEqual(2 * QUEUE_SERIES_POINTS + 1);
		for (const series of q.queues) expect(series).toHaveLength(q.tS.length);
		for (let i = 1; i < q.tS.length; i++) expect(q.tS[i]).toBeGreaterThan(q.tS[i - 1]);
		expect(Math.max(...q.queues.flat())).toBeGreaterThan(0);
		expect(q.queues.map((s) => s[s.length - 1])).toEqual([0, 0, 0, 0]);
		expect(q.tS[q.tS.length - 1]).toBeCloseTo(w.arrivalS[0] + r.summary.makespanS, 6);
	});
	it('keeps one shared series with routing global, and at most 16 replicas otherwise', () => {
		const w = bursty(1, 200);
		const shared = simulate(w, { ...methodScenario('dynamic', defaultScenario(), { gpus: 4 }), routing: 'global' }).series.replicaQueues!;
		expect(shared.shared).toBe(true);
		expect(shared.queues).toHaveLength(1);
		// Saturated: every request has arrived early, so the shared queue starts long.
		expect(Math.max(...shared.queues[0])).toBeGreaterThan(1000);
		const wide = simulate(w, methodScenario('dynamic', defaultScenario(), { gpus: 40 })).series.replicaQueues!;
		expect(wide.replicas).toBe(40);
		expect(wide.queues).toHaveLength(QUEUE_SERIES_REPLICAS);
	});
	it('the samples are the queue lengths at the grid times (checked against the request times)', () => {
		const w = bursty(2, 16);
		const s = { ...methodScenario('static', defaultScenario({ seed: 2 }), { gpus: 1, batch: 8 }), routing: 'least-outstanding' as const };
		const { ctx } = prepareContext(w, s);
		const rec = runRegime(w, s, ctx);
		const q = rec.replicaQueues!;
		// One replica: waiting at t = arrived at or before t (strictly before for requests arriving at t:
		// a sample is taken before the event) and not started.
		q.tS.forEach((t, i) => {
			let waiting = 0;
			for (let id = 0; id < w.arrivalS.length; id++) if (rec.dropCode[id] === 0 && w.arrivalS[id] < t && !(rec.startS[id] < t)) waiting++;
			expect(q.queues[0][i], `t = ${t}`).toBe(waiting);
		});
	});
});
