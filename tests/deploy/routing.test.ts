import { describe, expect, it } from 'vitest';
import { DEFAULT_ROUTING, ROUTING_POLICIES, ROUTING_POLICY_IDS, findRoutingPolicy, sessionKeyFromId, sessionKeyFromPrompt } from '../../src/lib/sim/deploy/routing';
import type { ReplicaLoad, RouteRequest, RouterPolicy, RoutingPolicyId } from '../../src/lib/sim/deploy/routing';
import { createUniform } from '../../src/lib/sim/rng';

function router(id: RoutingPolicyId): RouterPolicy<unknown> {
	const p = ROUTING_POLICIES[id];
	if (p.kind !== 'router') throw new Error(`${id} is not a router`);
	return p;
}

/**
 * A hand-made arrival pattern on 3 replicas. Each arrival sees the loads left by the previous ones:
 * a routed request adds 1 outstanding and its prompt tokens to KV; `done` lists requests that finished
 * before the arrival (they give back what they took).
 */
interface Arrival {
	req: RouteRequest;
	tokens: number;
	done?: number[];
}
const PATTERN: Arrival[] = [
	{ req: { id: 0, sessionKey: 7 }, tokens: 1000 },
	{ req: { id: 1, sessionKey: 9 }, tokens: 100 },
	{ req: { id: 2 }, tokens: 100 },
	{ req: { id: 3, sessionKey: 7 }, tokens: 50 },
	{ req: { id: 4 }, tokens: 500, done: [1] },
	{ req: { id: 5, sessionKey: 9 }, tokens: 100, done: [2] },
	{ req: { id: 6 }, tokens: 10 }
];

function play(id: RoutingPolicyId, seed = 1): number[] {
	const p = router(id);
	const state = p.initialState(seed);
	const loads: ReplicaLoad[] = [0, 1, 2].map(() => ({ outstanding: 0, kvUsedTokens: 0 }));
	const where: number[] = [];
	for (const a of PATTERN) {
		for (const d of a.done ?? []) {
			loads[where[d]].outstanding -= 1;
			loads[where[d]].kvUsedTokens -= PATTERN[d].tokens;
		}
		const i = p.route(a.req, loads, state);
		where.push(i);
		loads[i].outstanding += 1;
		loads[i].kvUsedTokens += a.tokens;
	}
	return where;
}

describe('routing policies on a hand-made arrival pattern (3 replicas)', () => {
	it('round-robin: 0, 1, 2, 0, 1, 2, 0 whatever the loads', () => {
		expect(play('round-robin')).toEqual([0, 1, 2, 0, 1, 2, 0]);
	});
	it('least-outstanding: fewest queued or running, ties to the lowest index', () => {
		// loads before each: [0,0,0]→0; [1,0,0]→1; [1,1,0]→2; [1,1,1]→0; (#1 done) [2,0,1]→1; (#2 done) [2,1,0]→2; [2,1,1]→1
		expect(play('least-outstanding')).toEqual([0, 1, 2, 0, 1, 2, 1]);
	});
	it('least-kv: fewest KV tokens in use', () => {
		// kv before each: [0,0,0]→0; [1000,0,0]→1; [1000,100,0]→2; [1000,100,100]→1; (#1 done) [1000,50,100]→1;
		// (#2 done) [1000,550,0]→2; [1000,550,100]→2
		expect(play('least-kv')).toEqual([0, 1, 2, 1, 1, 2, 2]);
	});
	it('session: a session sticks to its first replica; keyless requests go least-outstanding', () => {
		// #0 key 7 → new, least-outstanding 0; #1 key 9 → 1; #2 none → 2; #3 key 7 → home 0;
		// #4 none, (#1 done) [2,0,1] → 1; #5 key 9 → home 1 (not the emptier 2); #6 none [2,2,1]→2
		expect(play('session')).toEqual([0, 1, 2, 0, 1, 1, 2]);
	});
	it('prefix-aware: follows the probe answer for the longest cached prefix; without a probe, load and session', () => {
		// No probe (request-level batching, the cache off): every replica holds 0, so as session here.
		expect(play('prefix-aware')).toEqual([0, 1, 2, 0, 1, 1, 2]);
		const p = router('prefix-aware');
		const idle = [0, 1, 2].map(() => ({ outstanding: 0, kvUsedTokens: 0 }));
		const asked: number[] = [];
		const probe = (held: number[]) => ({ cachedPrefixTokens: (g: number, r: { id: number }) => (asked.push(r.id), held[g]) });
		expect(p.route({ id: 4, promptTokens: 1000 }, idle, p.initialState(1), probe([100, 0, 600]))).toBe(2);
		expect(asked).toEqual([4, 4, 4]);
		// 290 of 1000 tokens is under the 30% worth following: least-outstanding, ties to replica 0.
		expect(p.route({ id: 5, promptTokens: 1000 }, idle, p.initialState(1), probe([0, 290, 0]))).toBe(0);
	});
	it('random: the same seed gives the same assignment, another seed another, and every index is reachable', () => {
		const a = play('random', 42);
		expect(play('random', 42)).toEqual(a);
		const seqs = [1, 2, 3, 4, 5].map((s) => play('random', s).join(''));
		expect(new Set(seqs).size).toBeGreaterThan(1);
		const p = router('random');
		const st = p.initialState(9);
		const counts = [0, 0, 0, 0];
		const four = [0, 1, 2, 3].map(() => ({ outstanding: 0, kvUsedTokens: 0 }));
		for (let i = 0; i < 4000; i++) counts[p.route({ id: i }, four, st)]++;
		for (const c of counts) expect(c).toBeGreaterThan(850); // 1000 expected each; 850 is > 4.5 sigma below
	});
	it('global is the shared-queue flag, not a router; least-outstanding is the default', () => {
		expect(ROUTING_POLICIES.global.kind).toBe('shared-queue');
		expect(DEFAULT_ROUTING).toBe('least-outstanding');
		expect(ROUTING_POLICY_IDS).toEqual(['global', 'round-robin', 'least-outstanding', 'least-kv', 'random', 'session', 'prefix-aware']);
		for (const id of ROUTING_POLICY_IDS) expect(ROUTING_POLICIES[id].explanation.length).toBeGreaterThan(40);
	});
	it('an unknown policy name gets a message listing the known ones', () => {
		const r = findRoutingPolicy('fastest');
		expect(!r.ok && r.message).toMatch(/Unknown routing policy "fastest".*least-outstanding/);
		expect(findRoutingPolicy('least-kv').ok).toBe(true);
		expect(findRoutingPolicy('toString').ok).toBe(false);
	});
	it('session keys: string ids and first prompt blocks hash deterministically; short prompts have none', () => {
		expect(sessionKeyFromId('abc')).toBe(sessionKeyFromId('abc'));
		expect(sessionKeyFromId('abc')).not.toBe(sessionKeyFromId('abd'));
		const block = Array.from({ length: 16 }, (_, i) => 1000 + i);
		expect(sessionKeyFromPrompt([...block, 1, 2])).toBe(sessionKeyFromPrompt([...block, 9, 9, 9]));
		expect(sessionKeyFromPrompt([...block.slice(0, 15), 7])).not.toBe(sessionKeyFromPrompt(block));
		expect(sessionKeyFromPrompt(block.slice(0, 10))).toBeUndefined();
	});
});

/**
 * A toy discrete-event model (not the engine): each replica serves its own FIFO queue one request at a
 * time; service times are heavy-tailed (exponential, mean 1 s), arrivals come in bursts. A router that
 * sees queue lengths should never do worse at P95 latency than one that ignores them.
 */
function simulateP95(id: RoutingPolicyId, seed: number): number {
	const u = createUniform(seed);
	const replicas = 4;
	const freeAt = new Array<number>(replicas).fill(0);
	const finishes: number[][] = Array.from({ length: replicas }, () => []);
	const p = router(id);
	const state = p.initialState(seed);
	const latencies: number[] = [];
	let t = 0;
	for (let burst = 0; burst < 60; burst++) {
		t += 6 + 4 * u(); // a burst every ~8 s
		for (let j = 0; j < 24; j++) {
			const arrival = t + 0.01 * j;
			const service = -Math.log(1 - u());
			const loads = finishes.map((f) => {
				const outstanding = f.filter((x) => x > arrival).length;
				return { outstanding, kvUsedTokens: outstanding * 1000 };
			});
			const i = p.route({ id: burst * 100 + j }, loads, state);
			const finish = Math.max(arrival, freeAt[i]) + service;
			freeAt[i] = finish;
			finishes[i].push(finish);
			latencies.push(finish - arrival);
		}
	}
	latencies.sort((a, b) => a - b);
	return latencies[Math.floor(0.95 * (latencies.length - 1))];
}

describe('bursty load: round-robin is not better than least-outstanding at P95', () => {
	it.each([1, 2, 3, 4, 5])('seed %i', (seed) => {
		const rr = simulateP95('round-robin', seed);
		const lo = simulateP95('least-outstanding', seed);
		expect(rr).toBeGreaterThanOrEqual(lo);
	});
});
