/**
 * Browser harness of bench/study.bench.ts: the same study as the CLI, run through the Web Worker pool
 * (src/lib/workers/pool.ts), exposed as window.runStudyBench for headless Chromium.
 */
import { studyConfig } from '../../src/lib/study/config';
import { runStudy } from '../../src/lib/study/run-study';
import type { StudyConfig } from '../../src/lib/study/types';
import { synthesizeBurstGpt } from '../../src/lib/trace/synth';
import { createSimPool } from '../../src/lib/workers/pool';

/** What the harness returns: timings and the Step 1/2 summaries (to compare with Node's bits). */
export interface BrowserBenchResult {
	wallS: number;
	workers: number;
	gridRuns: number;
	failures: number;
	summaries: string;
}

declare global {
	interface Window {
		runStudyBench: (overrides: Partial<StudyConfig>, workers: number) => Promise<BrowserBenchResult>;
	}
}

window.runStudyBench = async (overrides, workers) => {
	const config = studyConfig(overrides);
	const trace = synthesizeBurstGpt(Math.max(...config.sizes), 1);
	const pool = createSimPool({ workers });
	const t0 = performance.now();
	try {
		const r = await runStudy({ trace }, config, pool);
		return {
			wallS: (performance.now() - t0) / 1000,
			workers: pool.size,
			gridRuns: r.step1.length,
			failures: r.failures.length,
			summaries: JSON.stringify({ step1: r.step1, step2: r.step2.map((x) => [x.key, x.summary]) })
		};
	} finally {
		await pool.dispose?.();
	}
};
