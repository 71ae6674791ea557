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

/** Options: pool size, and a worker factory (tests or other bundlers may supply their own). */
export interface PoolOptions {
	workers?: number;
	createWorker?: () => Worker;
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
}

/** The default worker: Vite bundles sim.worker.ts from this URL, so it works under any base path. */
function defaultWorker(): Worker {
	return new Worker(new URL('./sim.worker.ts', import.meta.url), { type: 'module' });
}

/** A RunExecutor backed by module Web Workers. */
export function createSimPool(opts: PoolOptions = {}): RunExecutor & { size: number } {
	const size = Math.max(1, Math.min(MAX_WORKERS, Math.floor(opts.workers ?? defaultPoolSize())));
	const make = opts.createWorker ?? defaultWorker;
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
		const slot: Slot = { worker, remote: Comlink.wrap<SimWorkerApi>(worker), loaded: new Set(), job: null, died, abort: (e) => fail(e), dead: false };
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

	function finish(gen: number, job: Job, o: RunOutcome) {
		if (!active || active.gen !== gen) return;
		active.outcomes[job.index] = o;
		active.remaining--;
		active.onEach?.(job.spec, o);
		if (active.remaining === 0) {
			const a = active;
			active = null;
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
				dispatch();
			});
		},
		cancel() {
			generation++;
			killAll();
			const a = active;
			active = null;
			a?.reject(cancelledError());
		},
		async dispose() {
			generation++;
			killAll();
			workloads.clear();
		}
	};
}
