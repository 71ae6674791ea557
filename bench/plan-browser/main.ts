/**
 * Browser harness of bench/plan.bench.ts: the same plan as the CLI, its runs on the page's Web Worker
 * pool (src/lib/workers/pool.ts), exposed as window.runPlanBench for headless Chromium.
 */
import { defaultPlanConfig, runPlan } from '../../src/lib/plan/index';
import type { PlanConfig } from '../../src/lib/plan/types';
import { synthesizeBurstGpt } from '../../src/lib/trace/synth';
import { createSimPool } from '../../src/lib/workers/pool';

export interface PlanBrowserResult {
	wallS: number;
	workers: number;
	runs: number;
	/** The options as JSON, to compare with the Node run's bits. */
	options: string;
}

declare global {
	interface Window {
		runPlanBench: (overrides: Partial<PlanConfig>, workers: number) => Promise<PlanBrowserResult>;
	}
}

window.runPlanBench = async (overrides, workers) => {
	const config = defaultPlanConfig(overrides);
	const t0 = performance.now();
	// The trace is part of the plan's time: the page generates or holds it before a plan starts, but
	// the generator is cheap and counting it keeps the figure honest.
	const trace = synthesizeBurstGpt(config.requests, config.base.seed);
	const pool = createSimPool({ workers });
	try {
		const r = await runPlan(trace, config, { executor: pool });
		return { wallS: (performance.now() - t0) / 1000, workers: pool.size, runs: r.runs, options: JSON.stringify(r.options) };
	} finally {
		await pool.dispose?.();
	}
};
