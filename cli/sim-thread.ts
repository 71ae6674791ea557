/**
 * A worker_thread of the Node pool (node-pool.ts): holds the study's workloads (each received once,
 * as transferred typed arrays) and runs one RunSpec per message with the same runOne the browser
 * worker uses, so the CLI and the page compute the same bits.
 */
import { parentPort } from 'node:worker_threads';
import { runOne } from '../src/lib/study/run-one';
import type { Workload } from '../src/lib/trace/types';
import type { ThreadRequest, ThreadReply } from './thread-protocol';

const workloads = new Map<number, Workload>();
const port = parentPort;
if (!port) throw new Error('sim-thread.ts must run as a worker_thread');

port.on('message', (m: ThreadRequest) => {
	if (m.type === 'workload') {
		workloads.set(m.size, m.workload);
		return;
	}
	const reply: ThreadReply = { id: m.id, outcome: runOne(workloads.get(m.spec.size), m.spec) };
	port.postMessage(reply);
});
