/**
 * One simulation of the study, wherever it runs (in-process, a Web Worker, a worker_thread): never
 * throws, so a bad scenario fails only its own run, with the engine's readable message. An allocation
 * failure (the tab or thread ran out of memory for the run's arrays) becomes a message that says so.
 */
import { createPrepareMemo, simulate, type PrepareMemo } from '../sim/index';
import type { ProgressFn } from '../sim/types';
import type { Workload } from '../trace/types';
import { outOfMemoryRunMessage, isAllocationFailure } from './memory';
import type { RunOutcome, RunSpec } from './types';

/**
 * One memo per workload this thread holds: the study's runs of a workload share its predictions, sorted
 * predictions, bin edges, bins and drop codes (sim/prepare-memo.ts). The study never changes a
 * workload's arrays once shaped, and a dropped workload takes its memo with it.
 */
const memos = new WeakMap<Workload, PrepareMemo>();

function memoFor(workload: Workload): PrepareMemo {
	let m = memos.get(workload);
	if (!m) memos.set(workload, (m = createPrepareMemo(workload)));
	return m;
}

/**
 * Runs `spec` on `workload`; an exception becomes {ok: false, error}. `onProgress` (optional) is the
 * engine's progress callback: workers use it for heartbeats.
 */
export function runOne(workload: Workload | undefined, spec: RunSpec, onProgress?: ProgressFn): RunOutcome {
	if (!workload) return { ok: false, key: spec.key, error: `no workload of ${spec.size} requests was loaded for this run` };
	try {
		const r = simulate(workload, spec.scenario, onProgress, memoFor(workload));
		return { ok: true, key: spec.key, summary: r.summary, series: r.series, warnings: r.warnings };
	} catch (e) {
		if (isAllocationFailure(e)) return { ok: false, key: spec.key, error: outOfMemoryRunMessage(spec, workload.arrivalS.length, e) };
		return { ok: false, key: spec.key, error: e instanceof Error ? e.message : String(e) };
	}
}
