/**
 * The browser RunExecutor: N module Web Workers (sim.worker.ts, through Comlink) that run the study's
 * simulations in parallel.
 * - N = navigator.hardwareConcurrency, at least 1, at most MAX_WORKERS (memory: each worker holds
 *   its own copy of every workload it has run).
 * - Each worker receives each workload once, as transferred copies of the typed arrays (the page
 *   keeps its own), not once per run.
 * - Runs go out in the order given (the plan puts the largest first) to whichever worker is idle;
 *   outcomes come back in the specs' order, so results do not depend on N.
 * - A worker that crashes (error event, out of memory) fails only the run it held: that run gets a
 *   reason, the worker is replaced, the rest go on.
 * - Watchdog: some browsers kill an out-of-memory worker without any error event, which would leave
 *   its run waiting forever. Every message from a worker (Comlink replies and the progress heartbeats
 *   sim.worker.ts posts during a run) counts as a sign of life; a worker with a run in flight and no
 *   sign of life for `stallTimeoutMs` is terminated and replaced, and only that run fails.
 * - cancel() terminates every worker (nothing half-written is kept) and rejects the batch in flight;
 *   the next run() starts fresh workers.
 */
import * as Comlink from 'comlink';
import { cancelledError } from '../study/cancel';
import type { RunExecutor, RunOutcome, RunSpec, StudyWorkload } from '../study/types';
import { copyWorkload } from '../study/workloads';
import type { Workload } from '../trace/types';
import type { SimWorkerApi } from './sim.worker';

/** Upper bound on pool size. */
export const MAX_WORKERS = 8;

/** Pool size for this machine: hardwareConcurrency, at least 1, capped. */
export function defaultPoolSize(): number {
	const n = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : 1;
	return Math.max(1, Math.min(MAX_WORKERS, Number.isFinite(n) && n > 0 ? Math.floor(n) : 1));
}

/** Default silence (ms) after which a worker with a run in flight is presumed dead. */
export const DEFAULT_STALL_TIMEOUT_MS = 30_000;

/** The reason a run gets when its worker went silent (tests and the page match on its start). */
export const STALLED_MESSAGE = 'the worker stopped answering (out of memory?)';

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

interface Job {
	index: number;
	spec: RunSpec;
}

interface Slot {
	worker: Worker;
	remote: Comlink.Remote<SimWorkerApi>;
	loaded: Set<number>;
	job: Job | null;
	/** Rejects when the worker dies, so a crashed run never waits forever on Comlink. */
	died: Promise<never>;
	/** Rejects `died` (used by cancel, so calls pending on a terminated worker settle). */
	abort: (e: Error) => void;
	dead: boolean;
	/** Date.now() of the last message from this worker, or of the moment its current job started. */
	lastSeenMs: number;
}

/** The default worker: Vite bundles sim.worker.ts from this URL, so it works under any base path. */
function defaultWorker(): Worker {
	return new Worker(new URL('./sim.worker.ts', import.meta.url), { type: 'module' });
}

/** A RunExecutor backed by module Web Workers. */
export function createSimPool(opts: PoolOptions = {}): RunExecutor & { size: number } {
	const size = Math.max(1, Math.min(MAX_WORKERS, Math.floor(opts.workers ?? defaultPoolSize())));
	const make = opts.createWorker ?? defaultWorker;
	const stallMs = Math.max(0, opts.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS);
	/** Watchdog period: a quarter of the timeout, so a stall is seen within 1.25 × the timeout. */
	const tickMs = Math.max(5, Math.min(1000, Math.floor(stallMs / 4)));
	let watchdog: ReturnType<typeof setInterval> | null = null;
	let lastTickMs = 0;
	const workloads = new Map<number, Workload>();
	let slots: Slot[] = [];
	/** Bumped by cancel(): answers from an older generation are dropped. */
	let generation = 0;
	let active: {
		gen: number;
		queue: Job[];
		outcomes: (RunOutcome | undefined)[];
		remaining: number;
		onEach?: (spec: RunSpec, o: RunOutcome) => void;
		resolve: (o: RunOutcome[]) => void;
		reject: (e: Error) => void;
	} | null = null;

	function spawn(): Slot {
		const worker = make();
		let fail: (e: Error) => void = () => {};
		const died = new Promise<never>((_, reject) => {
			fail = reject;
		});
		died.catch(() => {}); // observed through Promise.race; never an unhandled rejection
		const slot: Slot = {
			worker,
			remote: Comlink.wrap<SimWorkerApi>(worker),
			loaded: new Set(),
			job: null,
			died,
			abort: (e) => fail(e),
			dead: false,
			lastSeenMs: Date.now()
		};
		// Any message is a sign of life (Comlink ignores the heartbeats: they carry no id).
		worker.addEventListener('message', () => {
			slot.lastSeenMs = Date.now();
		});
		worker.addEventListener('error', (ev: ErrorEvent) => {
			ev.preventDefault();
			slot.dead = true;
			fail(new Error(ev.message ? `its worker crashed: ${ev.message}` : 'its worker crashed (often: out of memory); try fewer requests'));
		});
		worker.addEventListener('messageerror', () => {
			slot.dead = true;
			fail(new Error('its worker sent a message that could not be read'));
		});
		return slot;
	}

	function replace(slot: Slot) {
		slot.worker.terminate();
		slots = slots.map((s) => (s === slot ? spawn() : s));
	}

	/**
	 * One watchdog tick. A tick that comes much later than scheduled means this thread was blocked or
	 * throttled (hidden tab): worker messages may be queued behind it unread, so silence measured
	 * across that gap proves nothing; every clock restarts instead of killing healthy workers.
	 */
	function checkStalls() {
		const now = Date.now();
		const late = now - lastTickMs > tickMs + stallMs / 2;
		lastTickMs = now;
		for (const slot of slots) {
			if (!slot.job || slot.dead) continue;
			if (late) slot.lastSeenMs = now;
			else if (now - slot.lastSeenMs > stallMs) {
				slot.dead = true;
				slot.abort(new Error(`${STALLED_MESSAGE}: no sign of life for ${Math.round((now - slot.lastSeenMs) / 1000)} s, so it was restarted; try a smaller workload or fewer workers`));
			}
		}
	}

	function startWatchdog() {
		if (stallMs === 0 || watchdog !== null) return;
		lastTickMs = Date.now();
		watchdog = setInterval(checkStalls, tickMs);
	}

	function stopWatchdog() {
		if (watchdog !== null) clearInterval(watchdog);
		watchdog = null;
	}

	function finish(gen: number, job: Job, o: RunOutcome) {
		if (!active || active.gen !== gen) return;
		active.outcomes[job.index] = o;
		active.remaining--;
		active.onEach?.(job.spec, o);
		if (active.remaining === 0) {
			const a = active;
			active = null;
			stopWatchdog();
			a.resolve(a.outcomes as RunOutcome[]);
		}
	}

	async function runOn(slot: Slot, job: Job, gen: number): Promise<void> {
		let o: RunOutcome;
		try {
			const s = job.spec.size;
			if (!slot.loaded.has(s)) {
				const w = workloads.get(s);
				if (w) {
					const copy = copyWorkload(w);
					const transfer = [copy.arrivalS.buffer, copy.promptTokens.buffer, copy.outputTokens.buffer] as ArrayBuffer[];
					await Promise.race([slot.remote.setWorkload(s, Comlink.transfer(copy, transfer)), slot.died]);
				}
				slot.loaded.add(s);
			}
			o = await Promise.race([slot.remote.run(job.spec), slot.died]);
		} catch (e) {
			o = { ok: false, key: job.spec.key, error: e instanceof Error ? e.message : String(e) };
			if (gen === generation && slots.includes(slot)) replace(slot);
		}
		if (gen !== generation) return;
		slot.job = null;
		finish(gen, job, o);
		dispatch();
	}

	function dispatch() {
		if (!active) return;
		for (const slot of slots) {
			if (slot.job || slot.dead) continue;
			const job = active.queue.shift();
			if (!job) return;
			slot.job = job;
			slot.lastSeenMs = Date.now();
			void runOn(slot, job, active.gen);
		}
	}

	function killAll() {
		for (const s of slots) {
			s.dead = true;
			s.worker.terminate();
			s.abort(cancelledError());
			s.remote[Comlink.releaseProxy]();
		}
		slots = [];
	}

	return {
		size,
		async prepare(list: StudyWorkload[]) {
			for (const w of list) {
				workloads.set(w.size, w.workload);
				for (const s of slots) s.loaded.delete(w.size);
			}
		},
		run(specs, onEach) {
			if (active) return Promise.reject(new Error('this pool is already running a batch'));
			if (specs.length === 0) return Promise.resolve([]);
			return new Promise<RunOutcome[]>((resolve, reject) => {
				active = {
					gen: generation,
					queue: specs.map((spec, index) => ({ index, spec })),
					outcomes: new Array(specs.length),
					remaining: specs.length,
					onEach,
					resolve,
					reject
				};
				while (slots.length < Math.min(size, specs.length)) slots.push(spawn());
				startWatchdog();
				dispatch();
			});
		},
		cancel() {
			generation++;
			stopWatchdog();
			killAll();
			const a = active;
			active = null;
			a?.reject(cancelledError());
		},
		async dispose() {
			generation++;
			stopWatchdog();
			killAll();
			workloads.clear();
		}
	};
}
