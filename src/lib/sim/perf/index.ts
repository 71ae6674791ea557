/** The performance model package: contract, registry, closed forms and the architecture's costs. */
export type { PerfModel, StepBreakdown, StepLoad, StretchCoefficients } from './types';
export { createPerfModel, PERF_MODELS, type PerfModelInput } from './registry';
export { modelCosts, type ModelCosts } from './model-costs';
export { createStretchCoefficients, firstStepReaching, stepS, stretchTimeS, sumMaxLinear } from './stretch';
export { rooflineArms, stepBytes, stepFlops } from './roofline';
