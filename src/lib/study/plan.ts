/**
 * The runs of the study. Step 1: sizes × GPU counts × bin counts with the multibin method (K = 1 is
 * plain dynamic). Step 2, per size: static (1 GPU, B), dynamic (1 GPU), multibin (1 GPU, K bins),
 * continuous (1 GPU) and "optimized" (a Step 1 configuration, chosen after Step 1).
 *
 * Keys are content keys (what the engine reads, not which step asked), so a Step 2 run that is the
 * same simulation as a Step 1 grid point reuses its result. Every run uses the study's seed: the
 * same predictor noise for every configuration (common random numbers), and the same bits whatever
 * worker runs it.
 */
import { methodScenario } from '../sim/presets';
import type { Scenario } from '../sim/types';
import type { OptimizedSelection, RunSpec, Step2Method, StudyConfig } from './types';

/** Content key of one simulation: size, what the regime/sizing is, GPUs, bins. */
export function runKey(size: number, s: Scenario): string {
	const what = s.regime === 'iteration' ? 'continuous' : s.sizing.kind === 'fixed' ? `static-b${s.sizing.batch}` : 'multibin';
	return `n=${size}|${what}|g=${s.gpus}|k=${s.bins}`;
}

function spec(step: 1 | 2, size: number, requests: number, method: Step2Method, scenario: Scenario): RunSpec {
	return { key: runKey(size, scenario), step, size, method, gpus: scenario.gpus, bins: scenario.bins, scenario, requests };
}

/** Sorted copy without duplicates. */
export function uniqueSorted(xs: number[]): number[] {
	return [...new Set(xs)].sort((a, b) => a - b);
}

/**
 * Largest runs first (more requests, then fewer GPUs, which means longer queues), so the pool does not
 * end with one long run and idle workers; the key breaks ties so the order never depends on input order.
 */
export function largestFirst(specs: RunSpec[]): RunSpec[] {
	return [...specs].sort((a, b) => b.requests - a.requests || a.gpus - b.gpus || a.bins - b.bins || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * Step 1 runs. `requestsBySize` gives how many requests each size's workload really holds (a short
 * trace may hold fewer); missing sizes count as `size`.
 */
export function planStep1(config: StudyConfig, requestsBySize: Record<number, number> = {}): RunSpec[] {
	const out: RunSpec[] = [];
	for (const size of uniqueSorted(config.sizes)) {
		for (const gpus of uniqueSorted(config.gpuCounts)) {
			for (const bins of uniqueSorted(config.binCounts)) {
				const sc = methodScenario('multibin', config.base, { gpus, bins });
				out.push(spec(1, size, requestsBySize[size] ?? size, 'multibin', sc));
			}
		}
	}
	return largestFirst(out);
}

/** The scenario of one named Step 2 method (1 GPU), on the study's base scenario. */
export function step2Scenario(method: Exclude<Step2Method, 'optimized'>, config: StudyConfig): Scenario {
	switch (method) {
		case 'static':
			return methodScenario('static', config.base, { gpus: 1, batch: config.staticBatch });
		case 'dynamic':
			return methodScenario('dynamic', config.base, { gpus: 1 });
		case 'multibin':
			return methodScenario('multibin', config.base, { gpus: 1, bins: config.step2Bins });
		case 'continuous':
			return methodScenario('continuous', config.base, { gpus: 1, bins: 1 });
	}
}

/**
 * Step 2 runs, in the order of config.methods per size. "optimized" needs Step 1's selection; a size
 * without a pick gets no optimized run (its row says why).
 */
export function planStep2(config: StudyConfig, optimized: OptimizedSelection[], requestsBySize: Record<number, number> = {}): RunSpec[] {
	const out: RunSpec[] = [];
	for (const size of uniqueSorted(config.sizes)) {
		const requests = requestsBySize[size] ?? size;
		for (const method of config.methods) {
			if (method === 'optimized') {
				const pick = optimized.find((o) => o.size === size)?.pick;
				if (!pick) continue;
				const sc = methodScenario('multibin', config.base, { gpus: pick.gpus, bins: pick.bins });
				out.push(spec(2, size, requests, 'optimized', sc));
			} else {
				out.push(spec(2, size, requests, method, step2Scenario(method, config)));
			}
		}
	}
	return out;
}

/**
 * How many distinct simulations a study runs: Step 1's grid plus the Step 2 methods that are not
 * already grid points ("dynamic" is multibin with 1 bin; "optimized" is always a grid point).
 */
export function distinctRunCount(config: StudyConfig): number {
	const keys = new Set(planStep1(config).map((r) => r.key));
	for (const r of planStep2(config, [])) keys.add(r.key);
	return keys.size;
}
