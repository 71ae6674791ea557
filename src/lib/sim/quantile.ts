// The quantile lives in core, so trace's summary and the engine's metrics share it without trace importing sim.
export { quantileSortedTyped } from '../core/quantile';
