/**
 * Iteration-level (continuous) batching. Being written: see issue 4. Until then the engine refuses
 * iteration-level scenarios with a clear error instead of producing numbers.
 */
import type { Workload } from '../../trace/types';
import type { EngineContext } from '../context';
import type { RunRecords } from '../records';
import type { Scenario } from '../types';

/** Simulates a workload with continuous batching. */
export function runIterationLevel(_workload: Workload, _scenario: Scenario, _ctx: EngineContext): RunRecords {
	throw new Error('continuous batching is not available in this build yet');
}
