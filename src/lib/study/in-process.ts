/**
 * A RunExecutor that simulates on the calling thread, one run after another. Tests use it; the page
 * falls back to it when module workers are unavailable. Cancel takes effect between runs.
 */
import type { Workload } from '../trace/types';
import { cancelledError } from './cancel';
import { runOne } from './run-one';
import type { RunExecutor, RunOutcome, RunSpec } from './types';

/** Options: `runOne` replaces the simulation (tests inject failures with it). */
export interface InProcessOptions {
	runOne?: (workload: Workload | undefined, spec: RunSpec) => RunOutcome;
}

/** An executor that runs specs in order on this thread. */
export function inProcessExecutor(opts: InProcessOptions = {}): RunExecutor {
	const workloads = new Map<number, Workload>();
	const one = opts.runOne ?? runOne;
	let generation = 0;
	return {
		async prepare(list) {
			for (const w of list) workloads.set(w.size, w.workload);
		},
		async run(specs, onEach) {
			const gen = generation;
			const out: RunOutcome[] = [];
			for (const spec of specs) {
				// Let the caller's cancel() (and the UI) run between simulations.
				await new Promise<void>((r) => setTimeout(r, 0));
				if (gen !== generation) throw cancelledError();
				let o: RunOutcome;
				try {
					o = one(workloads.get(spec.size), spec);
				} catch (e) {
					o = { ok: false, key: spec.key, error: e instanceof Error ? e.message : String(e) };
				}
				out.push(o);
				onEach?.(spec, o);
			}
			if (gen !== generation) throw cancelledError();
			return out;
		},
		cancel() {
			generation++;
		},
		async dispose() {
			workloads.clear();
		}
	};
}
