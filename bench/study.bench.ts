/**
 * The default study (sizes 1K, 10K, 100K, 1M × GPUs 1..100 × bins 1..32 = 192 grid runs, plus Step 2)
 * on the synthetic trace, with 2 worker_threads, as the CLI runs it. Target: ≤ 90 s wall on the
 * 2-core machine. Prints wall seconds (median of STUDY_BENCH_RUNS runs, default 1: one study is long).
 *   npm run bench -- study                          the default study
 *   STUDY_BENCH_GRID=small npm run bench -- study   2 sizes × 3 GPU counts × 2 bins, 3 runs (quick check)
 *   STUDY_BENCH_WORKERS=4 ...                       another thread count
 *   STUDY_BENCH_BROWSER=0 ...                       skip the headless Chromium part
 *   STUDY_BENCH_PERF=roofline ...                   the datasheet roofline instead of the default per-operator model
 * The browser part bundles bench/study-browser/ with Vite into a temporary folder (not build/),
 * serves it on localhost and runs the same study through the Web Worker pool in Debian's Chromium,
 * then checks that its summaries are bit-identical to the Node run's.
 */
import { nodePoolExecutor } from '../cli/node-pool';
import { studyConfig } from '../src/lib/study/config';
import { runStudy } from '../src/lib/study/run-study';
import type { StudyConfig, StudyResult } from '../src/lib/study/types';
import { synthesizeBurstGpt } from '../src/lib/trace/synth';
import { median } from './util';

/** Entry point called by bench/run.ts. */
export async function main(): Promise<void> {
	const small = process.env.STUDY_BENCH_GRID === 'small';
	const workers = Number(process.env.STUDY_BENCH_WORKERS ?? 2);
	const runs = Number(process.env.STUDY_BENCH_RUNS ?? (small ? 3 : 1));
	const overrides: Partial<StudyConfig> = small ? { sizes: [1000, 10000], gpuCounts: [1, 2, 4], binCounts: [1, 2] } : {};
	const config = studyConfig(overrides);
	if (process.env.STUDY_BENCH_PERF === 'roofline') config.base = { ...config.base, perf: { kind: 'roofline' } };
	console.log(`performance model: ${config.base.perf.kind}`);
	const t0 = performance.now();
	const trace = synthesizeBurstGpt(Math.max(...config.sizes), 1);
	console.log(`synthetic trace of ${trace.arrivalS.length.toLocaleString('en-US')} requests: ${((performance.now() - t0) / 1000).toFixed(2)} s`);
	const walls: number[] = [];
	let summary = '';
	let last: StudyResult | null = null;
	for (let i = 0; i < runs; i++) {
		const pool = nodePoolExecutor({ workers });
		const t = performance.now();
		let simulated = 0;
		try {
			const r = await runStudy({ trace }, config, pool, (p) => {
				simulated = p.requestsDone;
			});
			last = r;
			const wall = (performance.now() - t) / 1000;
			walls.push(wall);
			const ran = r.step1.length + r.step2.filter((x) => x.summary).length;
			summary =
				`${r.step1.length} grid runs (${r.failures.length} failed), ${r.step2.length} Step 2 rows; ` +
				`${(simulated / 1e6).toFixed(1)} M requests simulated; ${ran} rows with results`;
			console.log(`  run ${i + 1}: ${wall.toFixed(1)} s wall, ${(simulated / wall / 1e6).toFixed(2)} M requests/s`);
		} finally {
			await pool.dispose?.();
		}
	}
	console.log(`study (${small ? 'small grid' : 'default grid'}) with ${workers} worker threads: median ${median(walls).toFixed(1)} s wall (min ${Math.min(...walls).toFixed(1)}, max ${Math.max(...walls).toFixed(1)}, n=${walls.length})`);
	console.log(`  ${summary}${small ? '' : '; target ≤ 90 s'}`);
	if (process.env.STUDY_BENCH_BROWSER !== '0') await browserStudy(overrides, workers, runs, last);
}

/** The same study in headless Chromium through the Web Worker pool; compares its bits with Node's. */
async function browserStudy(overrides: Partial<StudyConfig>, workers: number, runs: number, node: StudyResult | null): Promise<void> {
	const { openHarness } = await import('../tests/e2e/harness');
	const { page, close } = await openHarness(new URL('./study-browser/', import.meta.url), 'runStudyBench');
	try {
		const walls: number[] = [];
		let same = '';
		for (let i = 0; i < runs; i++) {
			const r = await page.evaluate(([o, w]) => window.runStudyBench(o, w), [overrides, workers] as const);
			walls.push(r.wallS);
			console.log(`  chromium run ${i + 1}: ${r.wallS.toFixed(1)} s wall, ${r.gridRuns} grid runs, ${r.failures} failed, ${r.workers} workers`);
			if (node) {
				const mine = JSON.stringify({ step1: node.step1, step2: node.step2.map((x) => [x.key, x.summary]) });
				same = mine === r.summaries ? 'bit-identical to the Node run' : 'DIFFERENT from the Node run';
				if (mine !== r.summaries) {
					// Keep both for a diff: the first differing field says where Node and the browser part ways.
					const { writeFileSync } = await import('node:fs');
					writeFileSync('bench/out/study-node.json', mine);
					writeFileSync('bench/out/study-browser.json', r.summaries);
					same += ' (both written to bench/out/study-{node,browser}.json)';
				}
			}
		}
		console.log(`study in headless Chromium with ${workers} Web Workers: median ${median(walls).toFixed(1)} s wall (n=${walls.length})${same ? '; summaries ' + same : ''}`);
	} finally {
		await close();
	}
}
