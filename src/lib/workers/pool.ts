/**
 * The browser RunExecutor: N module Web Workers (sim.worker.ts, through Comlink) that run the study's
 * simulations in parallel. The scheduling (plan order, outcomes in the specs' order, one workload
 * transfer per worker per size, a dead worker failing only its run and being replaced, cancel) is
 * the shared pool core (../study/pool-core.ts); this file is the Web Worker transport.
 * - N = navigator.hardwareConcurrency, at least 1, at most MAX_WORKERS (memory: each worker holds
 *   its own copy of every workload it has run).
 * - A worker that crashes (error event, out of memory) fails only the run it held.
 * - Watchdog: some browsers kill an out-of-memory worker without any error event, which would leave
 *   its run waiting forever. Every message from a worker (Comlink replies and the progress heartbeats
 *   sim.worker.ts posts during a run) counts as a sign of life; a worker with a run in flight and no
 *   sign of life for `stallTimeoutMs` is terminated and replaced, and only that run fails.
 * - cancel() terminates every worker (nothing half-written is kept) and rejects the batch in flight;
 *   the next run() starts fresh workers.
 */
import * as Comlink from 'comlink';
import { cancelledError } from '../study/cancel';
import { createPoolCore, type PoolSlot, type SlotEvents } from '../study/pool-core';
import type { RunExecutor } from '../study/types';
import type { SimWorkerApi } from './sim.worker';

export { STALLED_MESSAGE } from '../study/pool-core';

/** Upper bound on pool size. */
export const MAX_WORKERS = 8;

/** Pool size for this machine: hardwareConcurrency, at least 1, capped. */
export function defaultPoolSize(): number {
	const n = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : 1;
	return Math.max(1, Math.min(MAX_WORKERS, Number.isFinite(n) && n > 0 ? Math.floor(n) : 1));
}

/** Default silence (ms) after which a worker with a run in flight is presumed dead. */
export const DEFAULT_STALL_TIMEOUT_MS = 30_000;

/** Options: pool size, a worker factory (tests or other bundlers may supply their own), the watchdog. */
export interface PoolOptions {
	workers?: number;
	createWorker?: () => Worker;
	/**
	 * Milliseconds without any message from a worker that holds a run before it is terminated and its
	 * run failed (default DEFAULT_STALL_TIMEOUT_MS; 0 turns the watchdog off). sim.worker.ts posts a
	 * heartbeat at least every second of a run, so only a dead or wedged worker stays silent this long.
	 */
	stallTimeoutMs?: number;
}

/** The default worker: Vite bundles sim.worker.ts from this URL, so it works under any base path. */
function defaultWorker(): Worker {
	return new Worker(new URL('./sim.worker.ts', import.meta.url), { type: 'module' });
}

/** One Web Worker behind Comlink, as a pool-core slot. */
function workerSlot(worker: Worker, events: SlotEvents): PoolSlot {
	const remote = Comlink.wrap<SimWorkerApi>(worker);
	// Comlink never settles a call whose worker died: every call races this, rejected on terminate.
	let gone: (e: Error) => void = () => {};
	const terminated = new Promise<never>((_, reject) => {
		gone = reject;
	});
	terminated.catch(() => {}); // observed through Promise.race; never an unhandled rejection
	// Any message is a sign of life (Comlink ignores the heartbeats: they carry no id).
	worker.addEventListener('message', () => events.alive());
	worker.addEventListener('error', (ev: ErrorEvent) => {
		ev.preventDefault();
		events.died(ev.message ? `its worker crashed: ${ev.message}` : 'its worker crashed (often: out of memory); try fewer requests');
	});
	worker.addEventListener('messageerror', () => events.died('its worker sent a message that could not be read'));
	return {
		async load(size, workload, transfer) {
			await Promise.race([remote.setWorkload(size, Comlink.transfer(workload, transfer)), terminated]);
		},
		run: (spec) => Promise.race([remote.run(spec), terminated]),
		terminate() {
			worker.terminate();
			gone(cancelledError());
			remote[Comlink.releaseProxy]();
		}
	};
}

/** A RunExecutor backed by module Web Workers. */
export function createSimPool(opts: PoolOptions = {}): RunExecutor & { size: number } {
	const make = opts.createWorker ?? defaultWorker;
	return createPoolCore({
		size: Math.max(1, Math.min(MAX_WORKERS, Math.floor(opts.workers ?? defaultPoolSize()))),
		stallTimeoutMs: Math.max(0, opts.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS),
		start: (events) => workerSlot(make(), events)
	});
}
