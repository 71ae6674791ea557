/**
 * Differential tests: the engine (src/lib/sim) against the reference simulator (src/lib/sim-reference),
 * which steps every token. On random small workloads and scenarios of both regimes, both must drop the
 * same requests and give every served request the same start, first-token and last-token times within
 * 1e-9 relative (the engine sums decode stretches in closed form, the reference step by step).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { referenceSimulate } from '../../src/lib/sim-reference/index';
import { ROUTING_POLICY_IDS } from '../../src/lib/sim/deploy/routing/registry';
import { validateScenario } from '../../src/lib/sim/index';
import type { Scenario } from '../../src/lib/sim/types';
import type { Workload } from '../../src/lib/trace/types';
import { iterationCaseArb, iterationExample, pressureCaseArb, requestCaseArb } from './arbitraries';
import { engineRecords } from './engine-records';

const REL = 1e-9;
const NEAR_TIE = 'near-tie';
/** More runs and another seed locally: DIFF_RUNS=5000 DIFF_SEED=7 npx vitest run tests/reference. */
const RUNS = Number(process.env.DIFF_RUNS ?? 150);
const SEED = Number(process.env.DIFF_SEED ?? 20261130);

/**
 * The first difference between engine and reference, described for a person; null when they agree;
 * 'near-tie' when two events the schedule depends on fall within 1e-9 of each other (see below).
 */
export function firstDifference(workload: Workload, scenario: Scenario): string | null {
	const errors = validateScenario(scenario);
	if (errors.length > 0) return `invalid scenario: ${errors.map((e) => e.message).join('; ')}`;
	const ref = referenceSimulate(workload, scenario);
	// Events within 1e-9 of each other are ties in continuous time: either order is right, and the two
	// implementations' last bits may pick different ones. Such cases say nothing.
	if (ref.nearTies > 0) return NEAR_TIE;
	const eng = engineRecords(workload, scenario);
	for (let i = 0; i < workload.arrivalS.length; i++) {
		if (eng.dropCode[i] !== ref.dropCode[i]) return `request ${i}: drop code engine ${eng.dropCode[i]}, reference ${ref.dropCode[i]}`;
		if (eng.dropCode[i] !== 0) continue;
		for (const field of ['startS', 'firstTokenS', 'lastTokenS'] as const) {
			const a = eng[field][i];
			const b = ref[field][i];
			if (!(Math.abs(a - b) <= REL * Math.max(Math.abs(a), Math.abs(b)))) return `request ${i}: ${field} engine ${a}, reference ${b}`;
		}
	}
	if (eng.preemptions !== ref.preemptions) return `preemptions: engine ${eng.preemptions}, reference ${ref.preemptions}`;
	return null;
}

function check(c: { workload: Workload; scenario: Scenario }): void {
	const diff = firstDifference(c.workload, c.scenario);
	fc.pre(diff !== NEAR_TIE); // fast-check draws another case instead
	if (diff !== null) {
		const { model, gpu, ...rest } = c.scenario;
		const w = c.workload;
		const rows = Array.from(w.arrivalS, (a, i) => [a, w.promptTokens[i], w.outputTokens[i]]);
		throw new Error(`${diff}\nscenario: ${JSON.stringify({ model: model.id, maxContext: model.maxContext, gpu: gpu.id, ...rest })}\nworkload [arrival, prompt, output]: ${JSON.stringify(rows)}`);
	}
}

describe('engine = reference simulator, per request', () => {
	it('a decoder preempted mid-output recomputes every token it emitted (found by these tests)', () => {
		// Six requests at once on one GPU with ~2,100 KV tokens in 8-token blocks: request 5 is preempted
		// 16 tokens into its output. Its next pass must prefill 793 + 16 tokens, not 793 + 1.
		const rows = [[1, 164], [309, 141], [0, 1], [151, 2], [566, 98], [793, 17]];
		const workload: Workload = {
			arrivalS: new Float64Array(rows.length).fill(0.001),
			promptTokens: Uint32Array.from(rows.map((r) => r[0])),
			outputTokens: Uint32Array.from(rows.map((r) => r[1])),
			label: 'preemption mid-output',
			synthetic: true
		};
		const base = iterationExample();
		const scenario: Scenario = { ...base, bins: 3, binPolicy: 'longest', predictor: { kind: 'prompt' }, continuous: { maxBatch: 4, tokenBudget: 15, blockSize: 8, admission: 'bins', slaCap: false } };
		expect(referenceSimulate(workload, scenario).preemptions).toBeGreaterThan(0);
		expect(firstDifference(workload, scenario)).toBeNull();
	});
	it('request-level batching (static, dynamic, multi-bin; all predictors and bin policies)', () => {
		fc.assert(fc.property(requestCaseArb, check), { numRuns: RUNS, seed: SEED });
	});
	it('iteration-level batching (budgets, caps, blocks, preemption, bins, SLA cap)', () => {
		fc.assert(fc.property(iterationCaseArb, check), { numRuns: RUNS, seed: SEED });
	});
	it('iteration-level batching under KV pressure (preemptions by recompute)', () => {
		fc.assert(fc.property(pressureCaseArb, check), { numRuns: Math.ceil(RUNS / 2), seed: SEED });
	});
	// Every policy on its own, with several GPUs, in both regimes: the router's view (outstanding, KV in
	// use), per-replica queues and sizers, and the seeded and session policies must agree per request.
	for (const routing of ROUTING_POLICY_IDS) {
		const pinned = (c: { workload: Workload; scenario: Scenario }): { workload: Workload; scenario: Scenario } => {
			const scenario: Scenario = { ...c.scenario, routing, gpus: Math.max(2, c.scenario.gpus) };
			// The shared queue's SLA cap on several GPUs is left out (see iterationCaseArb).
			if (routing === 'global') scenario.continuous = { ...scenario.continuous, slaCap: false };
			return { ...c, scenario };
		};
		it(`routing ${routing}: request-level and iteration-level on 2 to 4 GPUs`, () => {
			fc.assert(fc.property(requestCaseArb.map(pinned), check), { numRuns: Math.ceil(RUNS / 3), seed: SEED });
			fc.assert(fc.property(fc.oneof(iterationCaseArb, pressureCaseArb).map(pinned), check), { numRuns: Math.ceil(RUNS / 3), seed: SEED });
		});
	}
	it('routed cases spread requests over replicas, and the policies disagree', () => {
		const spread: Record<string, number> = {};
		const differs = new Set<string>();
		fc.assert(
			fc.property(fc.oneof(requestCaseArb, iterationCaseArb), ({ workload, scenario }) => {
				const by = new Map<string, string>();
				for (const routing of ROUTING_POLICY_IDS.filter((p) => p !== 'global')) {
					const ref = referenceSimulate(workload, { ...scenario, routing, gpus: 3 });
					if (new Set(ref.routedTo.filter((g) => g >= 0)).size > 1) spread[routing] = (spread[routing] ?? 0) + 1;
					by.set(routing, ref.routedTo.join());
				}
				for (const [a, x] of by) for (const [b, y] of by) if (a < b && x !== y) differs.add(`${a}/${b}`);
			}),
			{ numRuns: 60, seed: SEED }
		);
		for (const routing of ROUTING_POLICY_IDS.filter((p) => p !== 'global')) expect(spread[routing] ?? 0, routing).toBeGreaterThan(20);
		// Every pair of policies routes some workload differently (so a policy mix-up cannot pass), except
		// prefix-aware against session: these cases have no prefix cache, so prefix-aware keeps a session
		// where its last turn went, which is where session keeps it, unless loads drift more than 64 apart.
		const n = ROUTING_POLICY_IDS.length - 1;
		expect([...differs].filter((p) => p !== 'prefix-aware/session').sort()).toHaveLength((n * (n - 1)) / 2 - 1);
	});
	it('the random cases exercise what they claim: drops, failed rows, preemptions, several GPUs', () => {
		const seen = { droppedKv: 0, droppedContext: 0, failed: 0, preempted: 0, multiGpu: 0, rareTies: 0 };
		fc.assert(
			fc.property(fc.oneof(iterationCaseArb, pressureCaseArb), ({ workload, scenario }) => {
				const ref = referenceSimulate(workload, scenario);
				if (ref.dropCode.includes(1)) seen.droppedKv++;
				if (ref.dropCode.includes(2)) seen.droppedContext++;
				if (workload.outputTokens.some((o, i) => o === 0 && ref.dropCode[i] === 0)) seen.failed++;
				if (ref.preemptions > 0) seen.preempted++;
				if (new Set(ref.gpuOf.filter((g) => g >= 0)).size > 1) seen.multiGpu++;
				if (ref.nearTies === 0) seen.rareTies++;
			}),
			{ numRuns: RUNS, seed: SEED }
		);
		if (process.env.DIFF_REPORT) console.log(JSON.stringify(seen));
		for (const [what, count] of Object.entries(seen)) expect(count, what).toBeGreaterThan(5);
		// Tie cases stay a minority (about 2%: bursts on several GPUs with the fitted model); fast-check
		// replaces each skipped case, so the comparisons above still cover RUNS cases per regime.
		expect(seen.rareTies, "cases without near-ties").toBeGreaterThan(0.75 * RUNS);
	});
});
