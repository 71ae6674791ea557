/** A faulty simulation worker for the pool test: an uncaught error on runs with 2 GPUs and 2 bins. */
import * as Comlink from 'comlink';
import { runOne } from '../../../src/lib/study/run-one';
import type { RunSpec } from '../../../src/lib/study/types';
import type { Workload } from '../../../src/lib/trace/types';

const workloads = new Map<number, Workload>();
Comlink.expose({
	setWorkload(size: number, w: Workload) {
		workloads.set(size, w);
	},
	run(spec: RunSpec) {
		if (spec.gpus === 2 && spec.bins === 2) {
			setTimeout(() => {
				throw new Error('simulated crash');
			});
			return new Promise(() => {});
		}
		return runOne(workloads.get(spec.size), spec);
	}
});
