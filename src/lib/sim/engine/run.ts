/**
 * Runs one batching regime: builds the shared modules (request table, replica clock, recorder), asks the
 * scheduler registry for the regime's scheduler, drives it with the event loop and returns RunRecords.
 */
import type { Workload } from '../../trace/types';
import type { EngineContext } from '../context';
import type { RunRecords } from '../records';
import type { Scenario } from '../types';
import { createGpuClock } from './clock';
import { runEventLoop } from './event-loop';
import { createRecorder, finishRecords } from './recorder';
import { SCHEDULERS } from './registry';
import { createRequestTable } from './request-table';
import type { SchedulerHooks } from './scheduler';

/** Simulates `workload` under the scenario's regime and returns the per-request records. */
export function runRegime(workload: Workload, scenario: Scenario, ctx: EngineContext, hooks?: SchedulerHooks): RunRecords {
	const factory = SCHEDULERS[scenario.regime];
	if (!factory) throw new Error(`Unknown batching regime "${scenario.regime}"; known: ${Object.keys(SCHEDULERS).join(', ')}.`);
	const replicas = Math.max(1, Math.floor(scenario.gpus));
	const table = createRequestTable(workload, scenario, ctx);
	const clock = createGpuClock(replicas);
	const recorder = createRecorder(table.n);
	const scheduler = factory({ scenario, ctx, replicas, table, clock, recorder, hooks });
	const queueIntegralS = runEventLoop(table.arrivalS, clock, scheduler);
	ctx.onProgress?.(table.n, table.n);
	return finishRecords(recorder, table, ctx, queueIntegralS);
}
