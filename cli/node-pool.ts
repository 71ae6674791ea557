/**
 * The Node RunExecutor: N worker_threads running the study's simulations in parallel (the CLI and the
 * benchmark use it). The scheduling is the same code as the browser pool's (src/lib/study/pool-core.ts):
 * - each thread receives each workload once, as transferred copies of the typed arrays;
 * - runs are dispatched in the order given (the plan puts the largest first) to whichever thread is
 *   idle, and outcomes are returned in the specs' order, so results never depend on the thread count;
 * - a thread that throws, exits or runs out of memory fails only the run it held, and is replaced;
 * - cancel terminates every thread (nothing half-done is kept) and rejects the pending run.
 * This file is the worker_threads transport (messages in thread-protocol.ts). A TypeScript thread script
 * starts through thread-boot.mjs, which registers tsx, so it imports the same library code; the compiled
 * CLI's sim-thread.js starts directly.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { cancelledError } from '../src/lib/study/cancel';
import { createPoolCore, type PoolSlot, type SlotEvents } from '../src/lib/study/pool-core';
import type { RunExecutor, RunOutcome } from '../src/lib/study/types';
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

/** Plain-JS thread entry that registers tsx, then imports a TypeScript thread script. */
const BOOT = new URL('./thread-boot.mjs', import.meta.url);

/**
 * The default thread script: the TypeScript source when this file runs as TypeScript (tsx, vitest), or
 * sim-thread.js beside this code in the compiled CLI (scripts/build-cli.mjs puts every file of the bundle
 * in one folder), which starts directly, without tsx.
 */
const THREAD = import.meta.url.endsWith('.ts') ? new URL('./sim-thread.ts', import.meta.url) : new URL('./sim-thread.js', import.meta.url);

/** Default pool size: cores available, at least 1, capped at 8. */
export function defaultThreads(): number {
	return Math.max(1, Math.min(8, availableParallelism()));
}

/** One worker_thread as a pool-core slot: at most one run in flight, answered by id. */
function threadSlot(worker: Worker, events: SlotEvents, nextId: () => number): PoolSlot {
	let pending: { id: number; resolve: (o: RunOutcome) => void; reject: (e: Error) => void } | null = null;
	worker.on('message', (m: ThreadReply) => {
		events.alive();
		if (!pending || m.id !== pending.id) return;
		const p = pending;
		pending = null;
		p.resolve(m.outcome);
	});
	worker.on('error', (e: Error & { code?: string }) =>
		events.died(
			e.code === 'ERR_WORKER_OUT_OF_MEMORY'
				? 'the simulation ran out of memory in its worker; try fewer requests or fewer workers'
				: `its worker crashed: ${e.message}`
		)
	);
	worker.on('exit', (code) => events.died(`its worker stopped unexpectedly (exit code ${code})`));
	return {
		load(size, workload, transfer) {
			const msg: ThreadRequest = { type: 'workload', size, workload };
			worker.postMessage(msg, transfer);
		},
		run(spec) {
			const id = nextId();
			return new Promise<RunOutcome>((resolve, reject) => {
				pending = { id, resolve, reject };
				const msg: ThreadRequest = { type: 'run', id, spec };
				worker.postMessage(msg);
			});
		},
		terminate() {
			worker.removeAllListeners();
			// A thread being torn down may still report an error; nobody listens for it any more.
			worker.on('error', () => {});
			void worker.terminate();
			pending?.reject(cancelledError());
			pending = null;
		}
	};
}

/** A RunExecutor backed by worker_threads. Call dispose() when done, or the process stays alive. */
export function nodePoolExecutor(opts: NodePoolOptions = {}): RunExecutor {
	const url = opts.workerUrl ?? THREAD;
	let id = 1;
	return createPoolCore({
		size: Math.max(1, Math.floor(opts.workers ?? defaultThreads())),
		start: (events) =>
			threadSlot(
				new Worker(url.pathname.endsWith('.ts') ? BOOT : url, {
					workerData: { entry: url.href },
					...(opts.maxHeapMb ? { resourceLimits: { maxOldGenerationSizeMb: opts.maxHeapMb } } : {})
				}),
				events,
				() => id++
			)
	});
}
