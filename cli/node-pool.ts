/**
 * The Node RunExecutor: N worker_threads running the study's simulations in parallel (the CLI and the
 * benchmark use it). Same contract as the browser pool (src/lib/workers/pool.ts):
 * - each thread receives each workload once, as transferred copies of the typed arrays;
 * - runs are dispatched in the order given (the plan puts the largest first) to whichever thread is
 *   idle, and outcomes are returned in the specs' order, so results never depend on the thread count;
 * - a thread that throws, exits or runs out of memory fails only the run it held, and is replaced;
 * - cancel terminates every thread (nothing half-done is kept) and rejects the pending run.
 * Threads start in thread-boot.mjs, which registers tsx, so they import the same library code.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { cancelledError } from '../src/lib/study/cancel';
import type { RunExecutor, RunOutcome, RunSpec, StudyWorkload } from '../src/lib/study/types';
import { copyWorkload } from '../src/lib/study/workloads';
import type { Workload } from '../src/lib/trace/types';
import type { ThreadReply, ThreadRequest } from './thread-protocol';

/** Pool options. */
export interface NodePoolOptions {
	/** Threads (default: available cores, at least 1, at most 8). */
	workers?: number;
	/** The thread script (default ./sim-thread.ts); tests swap in one that crashes on purpose. */
	workerUrl?: URL;
	/** Heap limit per thread in MB: a run that exceeds it fails alone (ERR_WORKER_OUT_OF_MEMORY). */
	maxHeapMb?: number;
}

interface Job {
	index: number;
	spec: RunSpec;
}

interface Slot {
	worker: Worker;
	loaded: Set<number>;
	job: Job | null;
	/** Set once the slot is replaced, so late events from a dead thread are ignored. */
	dead: boolean;
}

/** Plain-JS thread entry that registers tsx, then imports the TypeScript thread script. */
const BOOT = new URL('./thread-boot.mjs', import.meta.url);

/** Default pool size: cores available, at least 1, capped at 8. */
export function defaultThreads(): number {
	return Math.max(1, Math.min(8, availableParallelism()));
}

/** A RunExecutor backed by worker_threads. Call dispose() when done, or the process stays alive. */
export function nodePoolExecutor(opts: NodePoolOptions = {}): RunExecutor {
	const size = Math.max(1, Math.floor(opts.workers ?? defaultThreads()));
	const url = opts.workerUrl ?? new URL('./sim-thread.ts', import.meta.url);
	const workloads = new Map<number, Workload>();
	let slots: Slot[] = [];
	let nextId = 1;
	/** The batch in flight (one `run` at a time). */
	let active: {
		queue: Job[];
		outcomes: (RunOutcome | undefined)[];
		remaining: number;
		onEach?: (spec: RunSpec, o: RunOutcome) => void;
		resolve: (o: RunOutcome[]) => void;
		reject: (e: Error) => void;
	} | null = null;

	function spawn(): Slot {
		const worker = new Worker(BOOT, {
			workerData: { entry: url.href },
			...(opts.maxHeapMb ? { resourceLimits: { maxOldGenerationSizeMb: opts.maxHeapMb } } : {})
		});
		const slot: Slot = { worker, loaded: new Set(), job: null, dead: false };
		worker.on('message', (m: ThreadReply) => {
			if (slot.dead || !slot.job || !active) return;
			const job = slot.job;
			slot.job = null;
			finish(job, m.outcome);
			dispatch();
		});
		const die = (reason: string) => {
			if (slot.dead) return;
			slot.dead = true;
			void worker.terminate();
			const job = slot.job;
			slot.job = null;
			slots = slots.map((s) => (s === slot ? spawn() : s));
			if (job && active) finish(job, { ok: false, key: job.spec.key, error: reason });
			dispatch();
		};
		worker.on('error', (e: Error & { code?: string }) =>
			die(
				e.code === 'ERR_WORKER_OUT_OF_MEMORY'
					? 'the simulation ran out of memory in its worker; try fewer requests or fewer workers'
					: `its worker crashed: ${e.message}`
			)
		);
		worker.on('exit', (code) => die(`its worker stopped unexpectedly (exit code ${code})`));
		return slot;
	}

	function finish(job: Job, o: RunOutcome) {
		if (!active) return;
		active.outcomes[job.index] = o;
		active.remaining--;
		active.onEach?.(job.spec, o);
		if (active.remaining === 0) {
			const done = active;
			active = null;
			done.resolve(done.outcomes as RunOutcome[]);
		}
	}

	function dispatch() {
		if (!active) return;
		for (const slot of slots) {
			if (slot.job || slot.dead) continue;
			const job = active.queue.shift();
			if (!job) return;
			slot.job = job;
			const s = job.spec.size;
			if (!slot.loaded.has(s)) {
				const w = workloads.get(s);
				if (w) {
					// Copies, so this side keeps its own arrays after the transfer.
					const copy = copyWorkload(w);
					const msg: ThreadRequest = { type: 'workload', size: s, workload: copy };
					slot.worker.postMessage(msg, [copy.arrivalS.buffer, copy.promptTokens.buffer, copy.outputTokens.buffer] as ArrayBuffer[]);
				}
				slot.loaded.add(s);
			}
			const msg: ThreadRequest = { type: 'run', id: nextId++, spec: job.spec };
			slot.worker.postMessage(msg);
		}
	}

	function killAll() {
		for (const s of slots) {
			s.dead = true;
			s.worker.removeAllListeners();
			void s.worker.terminate();
		}
		slots = [];
	}

	return {
		async prepare(list: StudyWorkload[]) {
			for (const w of list) workloads.set(w.size, w.workload);
			// A new workload under a known size replaces the old one: threads must reload it.
			for (const s of slots) for (const w of list) s.loaded.delete(w.size);
		},
		run(specs, onEach) {
			if (active) return Promise.reject(new Error('this pool is already running a batch'));
			if (specs.length === 0) return Promise.resolve([]);
			return new Promise<RunOutcome[]>((resolve, reject) => {
				active = {
					queue: specs.map((spec, index) => ({ index, spec })),
					outcomes: new Array(specs.length),
					remaining: specs.length,
					onEach,
					resolve,
					reject
				};
				while (slots.length < Math.min(size, specs.length)) slots.push(spawn());
				dispatch();
			});
		},
		cancel() {
			killAll();
			const a = active;
			active = null;
			a?.reject(cancelledError());
		},
		async dispose() {
			killAll();
			workloads.clear();
		}
	};
}
