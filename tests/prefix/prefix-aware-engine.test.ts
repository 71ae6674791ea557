import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runRegime } from '../../src/lib/sim/engine/run';
import { methodScenario } from '../../src/lib/sim/presets';
import { prepareContext } from '../../src/lib/sim/index';
import type { RoutingPolicyId } from '../../src/lib/sim/deploy/routing/types';
import type { Scenario } from '../../src/lib/sim/types';
import { parseTraceBytes } from '../../src/lib/trace/parse';
import { synthesizeBurstGpt } from '../../src/lib/trace/synth';
import { withPromptSharing } from '../../src/lib/trace/synth-sharing';
import type { Trace, Workload } from '../../src/lib/trace/types';
import { shapeWorkload } from '../../src/lib/trace/workload';
import { cacheScenario, handWorkload, runWith } from './run';

/**
 * Prefix-aware routing in the engine: each replica's prefix cache answers the router's probe
 * (continuous/prefix-ops.ts cachedPrefixTokens), so requests sharing a prefix meet on the replica that
 * holds it, and the prompt-token hit rate beats round-robin, which spreads them over every replica.
 */
function workloadOf(trace: Trace, rpsScale: number): Workload {
	const w = shapeWorkload(trace, { size: trace.arrivalS.length, selection: { kind: 'first' }, keepFailed: true, timing: { kind: 'scale', rpsScale } });
	if (!w.ok) throw new Error(w.error.message);
	return w.workload;
}

function mooncake(): Trace {
	const out = parseTraceBytes(new Uint8Array(readFileSync('tests/fixtures/real/mooncake/conversation_trace.head1000.jsonl')), { name: 'conversation_trace.head1000.jsonl' });
	if (!out.ok) throw new Error(out.error.message);
	return out.trace;
}

function routed(routing: RoutingPolicyId, gpus: number, prefixCache = true): Scenario {
	return { ...cacheScenario(prefixCache), gpus, routing };
}

/** Hit rate of `routing` on `w` with `gpus` replicas, each with `capacityTokens` of KV (undefined = the catalog's). */
function hitRate(w: Workload, routing: RoutingPolicyId, gpus: number, capacityTokens?: number): number {
	const r = runWith(w, routed(routing, gpus), capacityTokens);
	expect(r.result.summary.dropped).toBe(0);
	return r.result.summary.prefixHitRate!;
}

describe('prefix-aware routing gets more prefix hits than round-robin', () => {
	it('on the Mooncake conversation trace (first 1,000 requests, 4 replicas, 4× its pace)', () => {
		const w = workloadOf(mooncake(), 4);
		// Each replica has the catalog's KV room (about 4.1M tokens for Llama-3.2-1B on an H200): round-robin
		// computes a conversation's shared blocks once on every replica its turns visit.
		const rates = (['prefix-aware', 'round-robin', 'least-outstanding'] as const).map((p) => hitRate(w, p, 4));
		console.log(`Mooncake head 1000, 4 replicas (catalog KV room), RPS ×4: hit rate prefix-aware ${pct(rates[0])}, round-robin ${pct(rates[1])}, least-outstanding ${pct(rates[2])}`);
		expect(rates[0]).toBeGreaterThan(rates[1] + 0.05);
		expect(rates[0]).toBeGreaterThan(rates[2] + 0.05);
	}, 120_000);

	it('on synthetic multi-turn conversations with a shared system prompt (4 replicas)', () => {
		const trace = withPromptSharing(synthesizeBurstGpt(800, 3), { systemPromptTokens: 1024, meanTurns: 4 }, 3);
		const w = workloadOf(trace, 8);
		const rates = (['prefix-aware', 'round-robin'] as const).map((p) => hitRate(w, p, 4, 100_000));
		console.log(`Synthetic 800 requests (1,024-token system prompt, 4 turns mean), 4 replicas × 100k KV tokens, RPS ×8: hit rate prefix-aware ${pct(rates[0])}, round-robin ${pct(rates[1])}`);
		expect(rates[0]).toBeGreaterThan(rates[1] + 0.02);
	}, 120_000);
});

function pct(x: number): string {
	return `${(x * 100).toFixed(2)}%`;
}

/** Where the router sent each request. */
function routes(w: Workload, scenario: Scenario): number[] {
	const { ctx } = prepareContext(w, scenario);
	const where = new Array<number>(w.arrivalS.length).fill(-1);
	runRegime(w, scenario, ctx, { onRoute: (id, g) => (where[id] = g) });
	return where;
}

describe('prefix-aware routing decisions in the engine (hand-made, 64-token id blocks)', () => {
	it('sends a request to the replica that holds the longest part of its prompt', () => {
		// A runs on replica 0 while B arrives, so B goes to replica 1 (its one shared block is under 30% of
		// its prompt); both finish long before C, D and E, which share 1 leading block with one replica's
		// cache and 3 or 4 with the other's: the longer match wins each time, whatever the index order.
		const w = handWorkload(
			[
				[0, 4 * 64 + 1, 4, [1, 2, 3, 4, 5]],
				[0.0001, 4 * 64 + 1, 4, [1, 10, 11, 12, 13]],
				[10, 5 * 64, 4, [1, 10, 11, 12, 20]],
				[20, 4 * 64, 4, [1, 2, 3, 30]],
				[30, 4 * 64, 4, [1, 10, 11, 40]]
			],
			64
		);
		expect(routes(w, routed('prefix-aware', 2))).toEqual([0, 1, 1, 0, 1]);
		// The same trace with the cache off: nothing to match, so least-outstanding (ties to replica 0).
		expect(routes(w, routed('prefix-aware', 2, false))).toEqual([0, 1, 0, 0, 0]);
	});

	it('leaves the replica holding the prefix once it has 65 more outstanding requests than the least-loaded one', () => {
		// P caches 8 blocks on replica 0; then 100 requests sharing them arrive within 0.1 ms (none can
		// finish): replica 0 takes them until max − min outstanding exceeds 64 (and max > 1.5 × min).
		const rows: [number, number, number, number[]][] = [[0, 8 * 64 + 1, 2, [50, 51, 52, 53, 54, 55, 56, 57, 58]]];
		for (let i = 0; i < 100; i++) rows.push([10 + i * 1e-6, 8 * 64 + 32, 50, [50, 51, 52, 53, 54, 55, 56, 57, 1000 + i]]);
		const where = routes(handWorkload(rows, 64), routed('prefix-aware', 2));
		expect(where.slice(0, 66)).toEqual(new Array(66).fill(0));
		expect(where[66]).toBe(1);
		// 65 against 1 (64 apart) is within the tolerance, so the cache wins again; 66 against 1 is not.
		expect(where.slice(67, 69)).toEqual([0, 1]);
	});

	it('answers 0 for every replica with request-level batching: load and session routing', () => {
		const w = handWorkload(
			[
				[0, 4 * 64 + 1, 4, [1, 2, 3, 4, 5]],
				[0.0001, 4 * 64 + 1, 4, [7, 8, 9, 10, 11]],
				[10, 4 * 64 + 1, 4, [7, 8, 9, 10, 12]]
			],
			64
		);
		// Continuous batching sends the third request to replica 1, which holds its prefix ...
		expect(routes(w, routed('prefix-aware', 2))).toEqual([0, 1, 1]);
		// ... request-level batching has no cache to ask: the idle replicas tie and the lower index wins.
		const s = methodScenario('static', routed('prefix-aware', 2));
		expect(routes(w, s)).toEqual([0, 1, 0]);
	});
});
