/**
 * Replica schedulers by batching regime (Scenario.regime): a new batching method is a new scheduler file
 * plus one line here (and its name in types.ts). Methods (static, dynamic, multibin, continuous) are
 * presets over these regimes plus sizers and bin policies, which have registries of their own.
 */
import { createContinuousScheduler } from '../batching/continuous/scheduler';
import { createRequestLevelScheduler } from '../batching/request-level';
import type { Scenario } from '../types';
import type { SchedulerFactory } from './scheduler';

export const SCHEDULERS: Record<Scenario['regime'], SchedulerFactory> = {
	request: createRequestLevelScheduler,
	iteration: createContinuousScheduler
};
