/**
 * Iteration-level (continuous) batching: the engine's event loop with the continuous scheduler
 * (batching/continuous/). Kept as an entry point for tests and benchmarks that run the regime alone.
 */
import type { Workload } from '../../trace/types';
import type { EngineContext } from '../context';
import { runRegime } from '../engine/run';
import type { SchedulerHooks } from '../engine/scheduler';
import type { RunRecords } from '../records';
import type { Scenario } from '../types';

/** Optional instrumentation for tests; the app never passes it. */
export type IterationHooks = SchedulerHooks;

/** Simulates a workload with continuous batching and fills the per-request records. */
export function runIterationLevel(workload: Workload, scenario: Scenario, ctx: EngineContext, hooks?: IterationHooks): RunRecords {
	return runRegime(workload, { ...scenario, regime: 'iteration' }, ctx, hooks);
}
