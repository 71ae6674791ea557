/**
 * The replica-scheduler interface (the shape of Vidur's BaseReplicaScheduler): a batching method is a
 * scheduler that owns what its replicas run, driven by the one event loop (event-loop.ts). It never
 * reads the clock's internals or the workload directly: it gets the shared modules in SchedulerEnv.
 *
 * The loop hands over arrivals in time order (onArrivals, a run at a time) and calls onWake when a
 * replica's pending wake-up (set with clock.schedule) is due; arrivals come before wake-ups at the same
 * instant, so a replica that decides at t sees every request that arrived at t. Ties between replicas go
 * to the lowest index.
 */
import type { EngineContext } from '../context';
import type { Scenario } from '../types';
import type { GpuClock } from './clock';
import type { RunRecorder } from './recorder';
import type { RequestTable } from './request-table';

/** Optional instrumentation for tests; the app never passes it. */
export interface SchedulerHooks {
	/**
	 * A replica's KV blocks in use at the most loaded moment of a step or stretch just decided or run
	 * (blocks only grow inside a stretch, so its end is its maximum).
	 */
	onBlocks?(gpu: number, usedBlocks: number, capacityBlocks: number): void;
	/** Output tokens each request emitted over the whole run (preemptions included), at the end. */
	onDone?(emitted: Uint32Array): void;
	/** The router sent request `id` to `replica` (not called with routing 'global'). */
	onRoute?(id: number, replica: number): void;
}

/** What every scheduler is handed: the shared modules of one run. */
export interface SchedulerEnv {
	scenario: Scenario;
	ctx: EngineContext;
	/** Data-parallel replicas (GPUs today; TP groups later). */
	replicas: number;
	table: RequestTable;
	clock: GpuClock;
	recorder: RunRecorder;
	hooks?: SchedulerHooks;
}

export interface ReplicaScheduler {
	/**
	 * Requests first, first + 1, ... arrive at table.arrivalS[id] (dropped requests arrive too; the
	 * scheduler skips them). The scheduler takes `first` and the arrivals after it while they are no
	 * later than untilS (the earliest wake-up), stopping right after one that changed the clock (set a
	 * wake-up); it returns the index of the first arrival it did not take. Taking them one call each
	 * (return first + 1) is always correct; a run in one loop is faster.
	 */
	onArrivals(first: number, untilS: number): number;
	/** Replica `replica`'s wake-up at tS is due (the clock has already removed it). */
	onWake(replica: number, tS: number): void;
	/** No event is left: final checks and warnings; returns the Little's-law queue integral if kept. */
	onEnd(): number | undefined;
}

/** Builds a scheduler for one run (a batching regime's registry entry). */
export type SchedulerFactory = (env: SchedulerEnv) => ReplicaScheduler;
