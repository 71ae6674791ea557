/**
 * The whole plan over every catalog GPU (issue 16's criterion): 20,000 synthetic requests at 40 req/s,
 * TTFT ≤ 2 s, TPOT ≤ 50 ms, 95% attainment, continuous batching at each GPU's default TP, bf16, on
 * 2 worker_threads as `cli plan` runs it (thread start-up included), then in headless Chromium through
 * the Web Worker pool. Target: ≤ 10 s wall on the 2-core machine. Prints medians of PLAN_BENCH_RUNS
 * runs (default 3), the runs each plan made, and whether Chromium's options are bit-identical to Node's.
 *   npm run bench -- plan
 *   PLAN_BENCH_WORKERS=4 ...   another thread count
 *   PLAN_BENCH_BROWSER=0 ...   skip the Chromium part
 */
import { nodePoolExecutor } from '../cli/node-pool';
import { defaultPlanConfig, runPlan } from '../src/lib/plan/index';
import type { PlanResult } from '../src/lib/plan/types';
import { synthesizeBurstGpt } from '../src/lib/trace/synth';
import { median } from './util';

export async function main(): Promise<void> {
	const workers = Number(process.env.PLAN_BENCH_WORKERS ?? 2);
	const runs = Number(process.env.PLAN_BENCH_RUNS ?? 3);
	const config = defaultPlanConfig({ requests: 20_000, rateReqPerS: 40, ttftS: 2, tpotS: 0.05, attainment: 0.95 });
	const walls: number[] = [];
	// CPU seconds of this process and its threads: on a machine shared with other work the wall time
	// says little, and CPU / threads is what the plan takes on free cores.
	const cpus: number[] = [];
	let last: PlanResult | null = null;
	for (let i = 0; i < runs; i++) {
		const t = performance.now();
		const cpu0 = process.cpuUsage();
		const trace = synthesizeBurstGpt(config.requests, config.base.seed);
		const pool = nodePoolExecutor({ workers });
		try {
			last = await runPlan(trace, config, { executor: pool });
		} finally {
			await pool.dispose?.();
		}
		const wall = (performance.now() - t) / 1000;
		const cpu = process.cpuUsage(cpu0);
		const cpuS = (cpu.user + cpu.system) / 1e6;
		walls.push(wall);
		cpus.push(cpuS);
		console.log(`  run ${i + 1}: ${wall.toFixed(2)} s wall, ${cpuS.toFixed(2)} s CPU (all threads), ${last.runs} simulations, ${last.options.length} GPU types`);
	}
	console.log(`plan over every catalog GPU with ${workers} worker threads: median ${median(walls).toFixed(2)} s wall (min ${Math.min(...walls).toFixed(2)}, max ${Math.max(...walls).toFixed(2)}, n=${walls.length}); target ≤ 10 s`);
	console.log(`  CPU: median ${median(cpus).toFixed(2)} s over all threads, so about ${(median(cpus) / workers).toFixed(2)} s wall on ${workers} free cores; load average now ${(await import('node:os')).loadavg()[0].toFixed(1)}`);
	if (last) {
		const best = last.options[0];
		console.log(`  cheapest: ${best.replicas} × ${best.gpu} (TP ${best.tp}), $${best.dollarsPerHour?.toFixed(2)}/hour, attainment ${((best.sloAttainment ?? 0) * 100).toFixed(1)}%`);
	}
	if (process.env.PLAN_BENCH_BROWSER !== '0') await browserPlan(workers, runs, last);
}

async function browserPlan(workers: number, runs: number, node: PlanResult | null): Promise<void> {
	const { openHarness } = await import('../tests/e2e/harness');
	const { page, close } = await openHarness(new URL('./plan-browser/', import.meta.url), 'runPlanBench');
	try {
		const walls: number[] = [];
		let same = '';
		for (let i = 0; i < runs; i++) {
			const r = await page.evaluate(([w]) => window.runPlanBench({ requests: 20_000, rateReqPerS: 40, ttftS: 2, tpotS: 0.05, attainment: 0.95 }, w), [workers] as const);
			walls.push(r.wallS);
			console.log(`  chromium run ${i + 1}: ${r.wallS.toFixed(2)} s wall, ${r.runs} simulations, ${r.workers} workers`);
			if (node) same = JSON.stringify(node.options) === r.options ? 'bit-identical to the Node run' : 'DIFFERENT from the Node run';
		}
		console.log(`plan in headless Chromium with ${workers} Web Workers: median ${median(walls).toFixed(2)} s wall (n=${walls.length})${same ? '; options ' + same : ''}`);
	} finally {
		await close();
	}
}
