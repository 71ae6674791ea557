/** Messages between the Node pool (node-pool.ts) and its worker_threads (sim-thread.ts). Plain data. */
import type { RunOutcome, RunSpec } from '../src/lib/study/types';
import type { Workload } from '../src/lib/trace/types';

/** Pool → thread: a workload (sent once per thread per size, arrays transferred) or a run. */
export type ThreadRequest = { type: 'workload'; size: number; workload: Workload } | { type: 'run'; id: number; spec: RunSpec };

/** Thread → pool: the outcome of run `id`. */
export interface ThreadReply {
	id: number;
	outcome: RunOutcome;
}
