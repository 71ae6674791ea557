/**
 * One simulation worker of the study pool (pool.ts). Thin on purpose: it keeps the workloads it was
 * given (once per worker per size, typed arrays transferred) and runs one RunSpec per call with the
 * same runOne as the CLI's threads, so browser and CLI compute the same bits.
 */
import * as Comlink from 'comlink';
import { runOne } from '../study/run-one';
import type { RunOutcome, RunSpec } from '../study/types';
import type { Workload } from '../trace/types';

const workloads = new Map<number, Workload>();

/** The API the pool calls through Comlink. */
const api = {
	/** Stores the workload of `size` requests (its typed arrays arrive transferred). */
	setWorkload(size: number, workload: Workload): void {
		workloads.set(size, workload);
	},
	/** Runs one simulation; never throws (a failure is {ok: false, error}). */
	run(spec: RunSpec): RunOutcome {
		return runOne(workloads.get(spec.size), spec);
	}
};

/** The worker's API type, for Comlink.wrap on the page side. */
export type SimWorkerApi = typeof api;

Comlink.expose(api);
