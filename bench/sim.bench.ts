/**
 * Request-level engine speed: 10K / 100K / 1M BurstGPT-like requests (synthetic generator, RPS ×200
 * as in the study), static / dynamic / multibin (4 bins), 16 and 100 GPUs. Simulation only (trace
 * generated and shaped beforehand): simulate() = validate + predict/bin + run + summarize.
 * Prints medians; the per-request cost column shows the O(n log n)-or-better scaling.
 */
import { defaultScenario, methodScenario, simulate } from '../src/lib/sim/index';
import { synthesizeBurstGpt } from '../src/lib/trace/synth';
import { DEFAULT_SHAPE, shapeWorkload } from '../src/lib/trace/workload';
import type { Workload } from '../src/lib/trace/types';
import { describe, median, timeRuns } from './util';

const SIZES = [10_000, 100_000, 1_000_000];
const METHODS = ['static', 'dynamic', 'multibin'] as const;
const GPU_COUNTS = [16, 100];

function workload(n: number): Workload {
	const shaped = shapeWorkload(synthesizeBurstGpt(n, 1), { ...DEFAULT_SHAPE, size: n, timing: { kind: 'scale', rpsScale: 200 } });
	if (!shaped.ok) throw new Error(shaped.error.message);
	return shaped.workload;
}

/** Entry point called by bench/run.ts. */
export async function main(): Promise<void> {
	console.log('request-level simulate(), Qwen3-1.7B on RTX 4080 12GB, synthetic BurstGPT-like, RPS ×200');
	console.log('requests   method    GPUs  median ms   ns/request  (min, max, runs)');
	for (const n of SIZES) {
		const w = workload(n);
		for (const method of METHODS) {
			for (const gpus of GPU_COUNTS) {
				const s = methodScenario(method, defaultScenario(), { gpus, bins: 4 });
				const times = await timeRuns(() => simulate(w, s), n >= 1_000_000 ? 3 : 5);
				const med = median(times);
				console.log(
					`${n.toLocaleString('en-US').padStart(9)}  ${method.padEnd(8)}  ${String(gpus).padStart(4)}  ${med.toFixed(1).padStart(9)}  ${((med * 1e6) / n).toFixed(0).padStart(11)}  ${describe(times)}`
				);
			}
		}
	}
}
