/**
 * A faulty simulation worker for the watchdog test. On runs with 2 GPUs and 2 bins it dies without any
 * error event: `close()` from inside (as a browser's silent out-of-memory kill looks to the page) or,
 * in a worker named "wedge", an endless loop (a worker that is alive but never answers again).
 */
import * as Comlink from 'comlink';
import { runOne } from '../../../src/lib/study/run-one';
import type { RunSpec } from '../../../src/lib/study/types';
import type { Workload } from '../../../src/lib/trace/types';

const wedge = self.name === 'wedge';
const workloads = new Map<number, Workload>();
Comlink.expose({
	setWorkload(size: number, w: Workload) {
		workloads.set(size, w);
	},
	run(spec: RunSpec) {
		if (spec.gpus === 2 && spec.bins === 2) {
			if (wedge) for (;;) { /* never answers, never yields */ }
			self.close();
			return new Promise(() => {});
		}
		return runOne(workloads.get(spec.size), spec);
	}
});
