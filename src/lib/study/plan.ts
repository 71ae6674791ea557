/**
 * The runs of the study. Step 1: sizes × GPU counts × bin counts with the multibin method (K = 1 is
 * plain request-level dynamic), continuous batching over the GPU counts as its own rows, and, when the
 * study's predictor is not the oracle, oracle multibin runs at the smallest GPU count for the bin
 * effect's upper bound. Step 2, per size: every chosen method at 1 GPU and at the optimized
 * configuration's GPU count (the same hardware for all), plus "optimized" itself.
 *
 * Keys are content keys (what the engine reads, not which step asked), so a Step 2 run that is the
 * same simulation as a Step 1 grid point reuses its result. Every run uses the study's seed: the
 * same predictor noise for every configuration (common random numbers), and the same bits whatever
 * worker runs it.
 */
import { methodDef } from '../sim/methods/registry';
import { ORACLE_PREDICTOR } from '../sim/methods/predictors';
import type { MethodName, Scenario } from '../sim/types';
import type { OptimizedSelection, RunSpec, Step2Method, StudyConfig } from './types';

/** Content key of one simulation: size, what the regime/sizing is, GPUs, bins (and an oracle mark). */
export function runKey(size: number, s: Scenario, oracle = false): string {
	return `n=${size}|${methodDef(s.method).keyPart(s)}|g=${s.gpus}|k=${s.bins}${oracle ? '|oracle' : ''}`;
}

function spec(step: 1 | 2, size: number, requests: number, method: Step2Method, scenario: Scenario, oracle = false): RunSpec {
	return { key: runKey(size, scenario, oracle), step, size, method, gpus: scenario.gpus, bins: scenario.bins, scenario, requests, ...(oracle ? { oracle: true as const } : {}) };
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

/** Whether the study's predictor differs from the oracle (then Step 1 adds oracle runs for the bin effect). */
export function needsOracleRuns(config: StudyConfig): boolean {
	return config.base.predictor.kind !== 'oracle';
}

/**
 * Step 1 runs. `requestsBySize` gives how many requests each size's workload really holds (a short
 * trace may hold fewer); missing sizes count as `size`.
 */
export function planStep1(config: StudyConfig, requestsBySize: Record<number, number> = {}): RunSpec[] {
	const out: RunSpec[] = [];
	const gpuCounts = uniqueSorted(config.gpuCounts);
	const oracleBase: Scenario = { ...config.base, predictor: ORACLE_PREDICTOR };
	for (const size of uniqueSorted(config.sizes)) {
		const requests = requestsBySize[size] ?? size;
		for (const gpus of gpuCounts) {
			for (const bins of uniqueSorted(config.binCounts)) {
				out.push(spec(1, size, requests, 'multibin', methodDef('multibin').scenario(config.base, { gpus, bins })));
			}
			if (config.step1Continuous) out.push(spec(1, size, requests, 'continuous', methodDef('continuous').scenario(config.base, { gpus, bins: 1 })));
		}
		if (needsOracleRuns(config)) {
			for (const bins of uniqueSorted(config.binCounts)) {
				out.push(spec(1, size, requests, 'multibin', methodDef('multibin').scenario(oracleBase, { gpus: gpuCounts[0], bins }), true));
			}
		}
	}
	return largestFirst(out);
}

/** The scenario of one named Step 2 method at `gpus` GPUs, on the study's base scenario. */
export function step2Scenario(method: MethodName, config: StudyConfig, gpus = 1): Scenario {
	const def = methodDef(method);
	return def.scenario(config.base, { gpus, bins: method === 'multibin' ? config.step2Bins : 1, batch: config.staticBatch });
}

/** The GPU counts Step 2 compares methods at for one size: 1 and the optimized pick's (once when equal). */
export function step2GpuCounts(optimized: OptimizedSelection | undefined): number[] {
	return uniqueSorted([1, ...(optimized?.pick ? [optimized.pick.gpus] : [])]);
}

/**
 * Step 2 runs, in the order of config.methods per size and GPU count. "optimized" needs Step 1's
 * selection; a size without a pick gets no optimized run (its row says why) and compares at 1 GPU only.
 */
export function planStep2(config: StudyConfig, optimized: OptimizedSelection[], requestsBySize: Record<number, number> = {}): RunSpec[] {
	const out: RunSpec[] = [];
	for (const size of uniqueSorted(config.sizes)) {
		const requests = requestsBySize[size] ?? size;
		const sel = optimized.find((o) => o.size === size);
		for (const gpus of step2GpuCounts(sel)) {
			for (const method of config.methods) {
				if (method === 'optimized') continue;
				out.push(spec(2, size, requests, method, step2Scenario(method, config, gpus)));
			}
		}
		if (config.methods.includes('optimized') && sel?.pick) {
			const sc = methodDef(sel.pick.method).scenario(config.base, { gpus: sel.pick.gpus, bins: sel.pick.bins });
			out.push(spec(2, size, requests, 'optimized', sc));
		}
	}
	return out;
}

/** Most Step 2 runs a study can plan (each method at two GPU counts, plus optimized), for progress totals. */
export function step2MaxRuns(config: StudyConfig): number {
	const named = config.methods.filter((m) => m !== 'optimized').length;
	return uniqueSorted(config.sizes).length * (named * 2 + (config.methods.includes('optimized') ? 1 : 0));
}

/**
 * How many distinct simulations a study runs at most: Step 1's grid plus the Step 2 methods that are
 * not already grid points, with Step 2 at 1 GPU and at the largest grid count (the optimized count is
 * only known after Step 1, so this is an upper bound for memory and time estimates).
 */
export function distinctRunCount(config: StudyConfig): number {
	const keys = new Set(planStep1(config).map((r) => r.key));
	const largest = Math.max(...config.gpuCounts);
	const fake: OptimizedSelection[] = uniqueSorted(config.sizes).map((size) => ({
		size,
		objective: config.objective,
		attainment: config.attainment,
		pick: largest > 1 ? { key: '', method: 'multibin', gpus: largest, bins: 1, value: 0 } : null,
		eligible: 0,
		note: ''
	}));
	for (const r of planStep2(config, fake)) keys.add(r.key);
	return keys.size;
}
