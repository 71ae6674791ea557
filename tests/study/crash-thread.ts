/**
 * A deliberately faulty pool thread for tests: dies (exit) on runs with 2 GPUs and 2 bins, throws an
 * uncaught error on 4 GPUs and 2 bins, and otherwise behaves exactly like cli/sim-thread.ts.
 */
import { parentPort } from 'node:worker_threads';
import { runOne } from '../../src/lib/study/run-one';
import type { Workload } from '../../src/lib/trace/types';
import type { ThreadReply, ThreadRequest } from '../../cli/thread-protocol';

const workloads = new Map<number, Workload>();
const port = parentPort;
if (!port) throw new Error('worker only');
port.on('message', (m: ThreadRequest) => {
	if (m.type === 'workload') {
		workloads.set(m.size, m.workload);
		return;
	}
	if (m.spec.gpus === 2 && m.spec.bins === 2) process.exit(3);
	if (m.spec.gpus === 4 && m.spec.bins === 2) setTimeout(() => {
		throw new Error('simulated crash');
	});
	else {
		const reply: ThreadReply = { id: m.id, outcome: runOne(workloads.get(m.spec.size), m.spec) };
		port.postMessage(reply);
	}
});
