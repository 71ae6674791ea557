/** The planner (docs/design/planner.md): the cheapest deployment per GPU type that meets the SLOs at a target rate. */
export { runPlan, planRunSpec, planShape, planSpecShape, planWorkload, workloadSlot, type PlanRunner } from './run-plan';
export { defaultPlanConfig, validatePlanConfig, DEFAULT_MAX_GPUS, DEFAULT_PLAN_RATE, DEFAULT_PLAN_REQUESTS } from './config';
export { paretoFrontier, latencyOf, type FrontierMetric } from './pareto';
export { priceOf } from './candidates';
export type * from './types';
