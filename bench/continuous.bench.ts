/**
 * Continuous batching (iteration-level) speed: BurstGPT-like requests (synthesizeBurstGpt, RPS ×200)
 * on 16 GPUs, simulation only (trace synthesized, shaped and the engine context prepared beforehand).
 * Issue 4's target: 1,000,000 requests in ≤ 3 s on the 2-core dev machine. Prints medians; never asserts.
 */
import { runIterationLevel } from '../src/lib/sim/batching/iteration-level';
import { prepareContext } from '../src/lib/sim/index';
import { defaultScenario, methodScenario } from '../src/lib/sim/presets';
import { synthesizeBurstGpt } from '../src/lib/trace/synth';
import { shapeWorkload } from '../src/lib/trace/workload';
import { describe, gc, median, timeRuns } from './util';

/** Prints the 10K / 100K / 1M figures on 16 GPUs (and 1M on 100 GPUs). */
export async function main(): Promise<void> {
	const cases: { n: number; gpus: number; runs: number }[] = [
		{ n: 10_000, gpus: 16, runs: 7 },
		{ n: 100_000, gpus: 16, runs: 5 },
		{ n: 1_000_000, gpus: 16, runs: 3 },
		{ n: 1_000_000, gpus: 100, runs: 3 }
	];
	for (const c of cases) {
		const trace = synthesizeBurstGpt(c.n, 42);
		const shaped = shapeWorkload(trace, { size: c.n, selection: { kind: 'first' }, keepFailed: true, timing: { kind: 'scale', rpsScale: 200 } });
		if (!shaped.ok) throw new Error(shaped.error.message);
		const workload = shaped.workload;
		const scenario = methodScenario('continuous', defaultScenario(), { gpus: c.gpus });
		const { ctx } = prepareContext(workload, scenario);
		gc();
		let steps = 0;
		let preemptions = 0;
		let meanBatch = 0;
		// CPU time too: on a shared 2-core machine wall time also counts other processes' turns.
		const cpuMs: number[] = [];
		const times = await timeRuns(() => {
			const c0 = process.cpuUsage();
			const r = runIterationLevel(workload, scenario, ctx);
			const c = process.cpuUsage(c0);
			cpuMs.push((c.user + c.system) / 1000);
			steps = r.batches;
			preemptions = r.preemptions;
			meanBatch = r.batchSizeSum / Math.max(1, r.batches);
		}, c.runs);
		const perReqUs = (median(times) * 1000) / c.n;
		console.log(
			`continuous ${c.n.toLocaleString('en-US')} req, ${c.gpus} GPUs: wall ${describe(times)}, CPU median ${median(cpuMs.slice(1)).toFixed(0)} ms; ` +
				`${perReqUs.toFixed(2)} µs/request; ` +
				`${steps.toLocaleString('en-US')} forward steps simulated, mean batch ${meanBatch.toFixed(1)}, ${preemptions} preemptions`
		);
	}
}
