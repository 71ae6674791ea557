/**
 * The scenario matrix the engine-parity check runs: every method, bins and policies, predictors,
 * GPU counts, both performance models, the SLA cap and a KV cache small enough to force preemptions.
 * Shared by the snapshot writer (dump.ts, run against any checkout) and tests/sim/engine-parity.test.ts.
 */
import type { Scenario } from '../../../src/lib/sim/types';

export interface ParityCase {
	name: string;
	requests: number;
	rpsScale: number;
	/** Builds the scenario from that checkout's own defaultScenario/methodScenario. */
	over: (base: Scenario) => Partial<Scenario>;
	method: Scenario['method'];
	opts: { gpus?: number; bins?: number; batch?: number };
}

const FIT = { kind: 'fitted' as const, alphaS: 0.05965, betaS: 0.005742, gamma: 0.316 };

function grid(): ParityCase[] {
	const out: ParityCase[] = [];
	for (const method of ['static', 'dynamic', 'multibin', 'continuous'] as const) {
		for (const gpus of [1, 3, 16]) {
			for (const perf of ['roofline', 'fitted'] as const) {
				out.push({
					name: `${method}/${gpus}gpu/${perf}`,
					requests: 3000,
					rpsScale: gpus === 16 ? 400 : 100,
					method,
					opts: { gpus, bins: method === 'multibin' ? 4 : undefined },
					over: () => (perf === 'fitted' ? { perf: FIT } : {})
				});
			}
		}
	}
	for (const binPolicy of ['oldest', 'round-robin', 'longest'] as const) {
		for (const method of ['multibin', 'continuous'] as const) {
			for (const predictor of [{ kind: 'oracle' as const }, { kind: 'noisy' as const, sigma: 0.5 }, { kind: 'prompt' as const }]) {
				out.push({
					name: `${method}/bins3/${binPolicy}/${predictor.kind}`,
					requests: 2000,
					rpsScale: 200,
					method,
					opts: { gpus: 2, bins: 3 },
					over: () => ({ binPolicy, predictor })
				});
			}
		}
	}
	out.push({
		name: 'continuous/sla-cap',
		requests: 2000,
		rpsScale: 200,
		method: 'continuous',
		opts: { gpus: 2 },
		over: (b) => ({ continuous: { ...b.continuous, slaCap: true } })
	});
	out.push({
		name: 'continuous/small-kv-preemptions',
		requests: 1500,
		rpsScale: 400,
		method: 'continuous',
		opts: { gpus: 2 },
		// TP 1 pinned: a 9,319-token KV cache is below the useful size, so the default TP would be 2 and
		// the case would stop exercising preemption on one GPU per replica.
		over: (b) => ({ tp: 1, efficiency: { ...b.efficiency, memUtil: 0.35 }, continuous: { ...b.continuous, blockSize: 32, tokenBudget: 512, maxBatch: 512 } })
	});
	out.push({
		name: 'continuous/small-budget',
		requests: 1500,
		rpsScale: 1000,
		method: 'continuous',
		opts: { gpus: 1 },
		over: (b) => ({ continuous: { ...b.continuous, maxBatch: 64, tokenBudget: 256 } })
	});
	out.push({ name: 'static/batch32', requests: 3000, rpsScale: 300, method: 'static', opts: { gpus: 2, batch: 32 }, over: () => ({}) });
	out.push({
		name: 'static/fitted-burst',
		requests: 800,
		rpsScale: 1e6,
		method: 'static',
		opts: { gpus: 4, batch: 4 },
		over: () => ({ perf: FIT })
	});
	out.push({
		name: 'dynamic/fitted-burst',
		requests: 800,
		rpsScale: 1e6,
		method: 'dynamic',
		opts: { gpus: 4 },
		over: () => ({ perf: FIT })
	});
	return out;
}

export const PARITY_CASES: ParityCase[] = grid();
