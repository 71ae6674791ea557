/**
 * One simulation of the study, wherever it runs (in-process, a Web Worker, a worker_thread): never
 * throws, so a bad scenario fails only its own run, with the engine's readable message.
 */
import { simulate } from '../sim/index';
import type { Workload } from '../trace/types';
import type { RunOutcome, RunSpec } from './types';

/** Runs `spec` on `workload`; an exception becomes {ok: false, error}. */
export function runOne(workload: Workload | undefined, spec: RunSpec): RunOutcome {
	if (!workload) return { ok: false, key: spec.key, error: `no workload of ${spec.size} requests was loaded for this run` };
	try {
		const r = simulate(workload, spec.scenario);
		return { ok: true, key: spec.key, summary: r.summary, series: r.series, warnings: r.warnings };
	} catch (e) {
		return { ok: false, key: spec.key, error: e instanceof Error ? e.message : String(e) };
	}
}
