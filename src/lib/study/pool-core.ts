/**
 * The scheduling both worker pools share (the page's Web Workers in src/lib/workers/pool.ts, the CLI's
 * worker_threads in cli/node-pool.ts): a RunExecutor over N slots, each one worker behind a small
 * transport adapter (PoolSlot). Plain TypeScript, no DOM and no node: imports, so one copy of the
 * logic serves both transports.
 * - Runs go out in the order given (the plan puts the largest first) to whichever slot is idle;
 *   outcomes come back in the specs' order, so results never depend on the pool size. A worker gets
 *   its next run before the caller handles the outcome it just returned.
 * - Each worker receives each workload once, as a transferred copy of the typed arrays (the caller
 *   keeps its own), not once per run; prepare() with a known size makes every worker reload it.
 * - A worker that dies (its adapter reports it, or the watchdog finds it silent) fails only the run it
 *   held: that run gets the reason, the worker is terminated and replaced, the rest go on. A worker
 *   that dies idle is replaced when there is next a run to give it (so a worker that cannot even
 *   start fails runs one by one instead of respawning in a loop).
 * - Watchdog (stallTimeoutMs > 0): a worker with a run in flight and no sign of life for that long is
 *   presumed dead (some browsers kill an out-of-memory worker without any error event).
 * - cancel() terminates every worker (nothing half-done is kept) and rejects the batch in flight with
 *   the StudyCancelled error; the next run() starts fresh workers.
 */
import type { Workload } from '../trace/types';
import { cancelledError } from './cancel';
import type { RunExecutor, RunOutcome, RunSpec, StudyWorkload } from './types';
import { copyWorkload } from './workloads';

/** The reason a run gets when its worker went silent (tests and the page match on its start). */
export const STALLED_MESSAGE = 'the worker stopped answering (out of memory?)';

/** What a slot's adapter reports about its worker, at any time after it started. */
export interface SlotEvents {
	/** Any message from the worker: a sign of life for the watchdog. */
	alive(): void;
	/** The worker crashed or exited; `reason` is what its run (if any) reports. Later calls are ignored. */
	died(reason: string): void;
}

/** One worker as the core sees it; the adapter owns the transport (Comlink, worker_threads messages). */
export interface PoolSlot {
	/**
	 * Hands the worker the workload of `size` requests: `workload` is a fresh copy whose `transfer`
	 * buffers may be moved. Called once per worker per size, before the first run that needs it.
	 */
	load(size: number, workload: Workload, transfer: ArrayBuffer[]): void | Promise<void>;
	/** Runs one spec. A rejection fails that run and gets the worker replaced. */
	run(spec: RunSpec): Promise<RunOutcome>;
	/** Stops the worker for good; calls still pending on it should reject (their answer is ignored). */
	terminate(): void;
}

/** How the core starts a worker: an adapter that reports through `events`. */
export type StartSlot = (events: SlotEvents) => PoolSlot;

/** Options of the shared pool. */
export interface PoolCoreOptions {
	/** Slots (already clamped by the caller; at least 1). */
	size: number;
	/** Starts one worker. */
	start: StartSlot;
	/** Silence (ms) after which a worker holding a run is presumed dead; 0 turns the watchdog off. */
	stallTimeoutMs?: number;
}

interface Job {
	index: number;
	spec: RunSpec;
}

interface Slot {
	port: PoolSlot;
	/** Sizes this worker already holds. */
	loaded: Set<number>;
	job: Job | null;
	/** Set once the worker died or was terminated: its late answers and events are ignored. */
	dead: boolean;
	/** Date.now() of the last sign of life, or of the moment its current job started. */
	lastSeenMs: number;
}

/** The message of a failed run: an Error's message, or the value as text. */
function reasonOf(e: unknown): string {
	return e instanceof Error ? e.message : String(e);
}

/** The batch a pool runs (one `run` at a time). */
interface ActiveBatch {
	gen: number;
	queue: Job[];
	outcomes: (RunOutcome | undefined)[];
	remaining: number;
	onEach?: (spec: RunSpec, o: RunOutcome) => void;
	resolve: (o: RunOutcome[]) => void;
	reject: (e: Error) => void;
}

/** Starts a worker; its signs of life keep the slot's clock, and its death goes to `die`. */
function spawnSlot(opts: PoolCoreOptions, die: (slot: Slot, reason: string) => void): Slot {
	let slot: Slot | undefined;
	const port = opts.start({
		alive: () => {
			if (slot) slot.lastSeenMs = Date.now();
		},
		died: (reason) => {
			if (slot) die(slot, reason);
		}
	});
	slot = { port, loaded: new Set(), job: null, dead: false, lastSeenMs: Date.now() };
	return slot;
}

/**
 * The stall watchdog of a pool: every tick it restarts the busy workers that showed no sign of life for
 * `stallMs`. A tick that comes much later than scheduled means this thread was blocked or throttled
 * (hidden tab): worker messages may be queued behind it unread, so silence measured across that gap
 * proves nothing; every clock restarts instead of killing healthy workers.
 */
function createStallWatchdog(stallMs: number, slots: () => Slot[], die: (slot: Slot, reason: string) => void): { start(): void; stop(): void } {
	/** Watchdog period: a quarter of the timeout, so a stall is seen within 1.25 × the timeout. */
	const tickMs = Math.max(5, Math.min(1000, Math.floor(stallMs / 4)));
	let timer: ReturnType<typeof setInterval> | null = null;
	let lastTickMs = 0;
	const check = () => {
		const now = Date.now();
		const late = now - lastTickMs > tickMs + stallMs / 2;
		lastTickMs = now;
		for (const slot of slots()) {
			if (!slot.job || slot.dead) continue;
			if (late) slot.lastSeenMs = now;
			else if (now - slot.lastSeenMs > stallMs) {
				const silentS = Math.round((now - slot.lastSeenMs) / 1000);
				die(slot, `${STALLED_MESSAGE}: no sign of life for ${silentS} s, so it was restarted; try a smaller workload or fewer workers`);
			}
		}
	};
	return {
		start() {
			if (stallMs === 0 || timer !== null) return;
			lastTickMs = Date.now();
			timer = setInterval(check, tickMs);
		},
		stop() {
			if (timer !== null) clearInterval(timer);
			timer = null;
		}
	};
}

/** A RunExecutor that schedules specs over `size` workers started through `start`. */
export function createPoolCore(opts: PoolCoreOptions): RunExecutor & { size: number } {
	const size = Math.max(1, Math.floor(opts.size));
	const watchdog = createStallWatchdog(Math.max(0, opts.stallTimeoutMs ?? 0), () => slots, (slot, reason) => die(slot, reason));
	const workloads = new Map<number, Workload>();
	let slots: Slot[] = [];
	/** Bumped by cancel() and dispose(): answers from an older generation are dropped. */
	let generation = 0;
	/** The batch in flight (one `run` at a time). */
	let active: ActiveBatch | null = null;

	const spawn = (): Slot => spawnSlot(opts, (slot, reason) => die(slot, reason));

	/** Terminates `slot`'s worker and puts a fresh one in its place. */
	function replace(slot: Slot) {
		slot.dead = true;
		slot.port.terminate();
		slots = slots.map((s) => (s === slot ? spawn() : s));
	}

	/** The worker of `slot` is gone: its run (if any) fails with `reason`, and it is replaced. */
	function die(slot: Slot, reason: string) {
		if (slot.dead) return;
		const job = slot.job;
		slot.job = null;
		if (!job) {
			// Idle: no run to fail; dispatch() replaces it when there is work for it.
			slot.dead = true;
			slot.port.terminate();
			return;
		}
		replace(slot);
		finish(job, { ok: false, key: job.spec.key, error: reason });
		dispatch();
	}

	function finish(job: Job, o: RunOutcome) {
		const batch = active;
		if (!batch) return;
		batch.outcomes[job.index] = o;
		batch.remaining--;
		batch.onEach?.(job.spec, o);
		// onEach may have cancelled the batch (a progress handler that stops the study): nothing is left to settle.
		if (active !== batch) return;
		if (batch.remaining === 0) {
			const done = batch;
			active = null;
			watchdog.stop();
			done.resolve(done.outcomes as RunOutcome[]);
		}
	}

	/** Whether `job` is still `slot`'s to settle (not cancelled, not failed by the worker's death). */
	function holds(slot: Slot, job: Job, gen: number): boolean {
		return gen === generation && !slot.dead && slot.job === job;
	}

	async function runOn(slot: Slot, job: Job, gen: number): Promise<void> {
		let o: RunOutcome;
		let broken = false;
		try {
			const s = job.spec.size;
			if (!slot.loaded.has(s)) {
				const w = workloads.get(s);
				if (w) {
					// Copies, so this side keeps its own arrays after the transfer.
					const copy = copyWorkload(w);
					await slot.port.load(s, copy, [copy.arrivalS.buffer, copy.promptTokens.buffer, copy.outputTokens.buffer] as ArrayBuffer[]);
				}
				slot.loaded.add(s);
				if (!holds(slot, job, gen)) return;
			}
			o = await slot.port.run(job.spec);
		} catch (e) {
			o = { ok: false, key: job.spec.key, error: reasonOf(e) };
			broken = true;
		}
		if (!holds(slot, job, gen)) return;
		if (broken) replace(slot);
		slot.job = null;
		// The worker gets its next run before the outcome is handled: the page's handler (cache write,
		// progress, a partial result drawn) can take tens of ms, and the worker would sit idle through it.
		dispatch();
		finish(job, o);
	}

	function dispatch() {
		if (!active) return;
		for (let i = 0; i < slots.length; i++) {
			if (slots[i].job) continue;
			const job = active.queue.shift();
			if (!job) return;
			// A worker that died idle is replaced only now that there is a run for it.
			if (slots[i].dead) slots[i] = spawn();
			const slot = slots[i];
			slot.job = job;
			slot.lastSeenMs = Date.now();
			void runOn(slot, job, active.gen);
		}
	}

	function killAll() {
		generation++;
		watchdog.stop();
		for (const s of slots) {
			s.dead = true;
			s.port.terminate();
		}
		slots = [];
	}

	return {
		size,
		async prepare(list: StudyWorkload[]) {
			for (const w of list) {
				workloads.set(w.size, w.workload);
				// A new workload under a known size replaces the old one: workers must reload it.
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
				watchdog.start();
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
