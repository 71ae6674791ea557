/**
 * One simulation worker of the study pool (pool.ts). Thin on purpose: it keeps the workloads it was
 * given (once per worker per size, typed arrays transferred) and runs one RunSpec per call with the
 * same runOne as the CLI's threads, so browser and CLI compute the same bits.
 *
 * During a run it posts a heartbeat (a plain message without a Comlink id, which Comlink ignores) at
 * most every HEARTBEAT_MS, driven by the engine's progress callback: a synchronous simulation cannot
 * answer pings, so the pool's watchdog reads these to tell a long run from a worker killed silently.
 */
import * as Comlink from 'comlink';
import { runOne } from '../study/run-one';
import type { RunOutcome, RunSpec } from '../study/types';
import type { Workload } from '../trace/types';

/** Shortest interval between two heartbeats (ms): far below the pool's stall timeout. */
const HEARTBEAT_MS = 1000;

/** What a heartbeat carries: requests done of the run's total (plain data, no Comlink id). */
export interface SimWorkerHeartbeat {
	type: 'servescope-heartbeat';
	key: string;
	done: number;
	total: number;
}

const workloads = new Map<number, Workload>();

/** The API the pool calls through Comlink. */
const api = {
	/** Stores the workload of `size` requests (its typed arrays arrive transferred). */
	setWorkload(size: number, workload: Workload): void {
		workloads.set(size, workload);
	},
	/** Runs one simulation; never throws (a failure is {ok: false, error}). */
	run(spec: RunSpec): RunOutcome {
		let last = Date.now();
		return runOne(workloads.get(spec.size), spec, (done, total) => {
			const now = Date.now();
			if (now - last < HEARTBEAT_MS) return;
			last = now;
			const beat: SimWorkerHeartbeat = { type: 'servescope-heartbeat', key: spec.key, done, total };
			postMessage(beat);
		});
	}
};

/** The worker's API type, for Comlink.wrap on the page side. */
export type SimWorkerApi = typeof api;

Comlink.expose(api);
