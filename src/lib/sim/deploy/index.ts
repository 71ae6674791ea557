/**
 * Deployment building blocks (pure TypeScript): precisions, tensor-parallel memory, all-reduce cost,
 * a deployment-aware wrapper for any performance model, and request routing across replicas.
 */
export * from './precision';
export * from './tensor-parallel';
export * from './allreduce';
export * from './deployment-perf';
export * from './resolve';
export * from './scenario-deployment';
export * from './routing';
