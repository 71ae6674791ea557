/** Batch sizing: the sizer a scenario asks for (fixed B or dynamic), one instance per bin. */
import type { Scenario } from '../types';
import { createDynamicSizer } from './dynamic';
import { createFixedSizer } from './fixed';
import type { BatchSizer } from './types';

export type { BatchSizer } from './types';
export { createFixedSizer } from './fixed';
export { createDynamicSizer, memoryBoundBatch } from './dynamic';

/** A fresh sizer for the scenario's sizing spec (call once per bin: each bin keeps its own state). */
export function createSizer(scenario: Scenario, kvCapacityTokens: number): BatchSizer {
	return scenario.sizing.kind === 'fixed'
		? createFixedSizer(scenario.sizing.batch)
		: createDynamicSizer(scenario.sizing, scenario.sla.tbtS, kvCapacityTokens);
}
