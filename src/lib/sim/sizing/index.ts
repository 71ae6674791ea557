/** Batch sizers by SizingSpec kind (a registry: add a file, add a line), one instance per bin. */
import type { Scenario, SizingSpec } from '../types';
import { createDynamicSizer } from './dynamic';
import { createFixedSizer } from './fixed';
import type { BatchSizer } from './types';

export type { BatchSizer } from './types';
export { createFixedSizer } from './fixed';
export { createDynamicSizer, memoryBoundBatch } from './dynamic';
export { DYNAMIC_SIZING_DEFAULTS } from './defaults';

/** What a sizer may read besides its spec. */
export interface SizerEnv {
	/** The TBT target, seconds. */
	tbtS: number;
	/** One GPU's KV capacity, tokens. */
	kvCapacityTokens: number;
}

export const SIZERS: { [K in SizingSpec['kind']]: (spec: Extract<SizingSpec, { kind: K }>, env: SizerEnv) => BatchSizer } = {
	fixed: (spec) => createFixedSizer(spec.batch),
	dynamic: (spec, env) => createDynamicSizer(spec, env.tbtS, env.kvCapacityTokens)
};

/** A fresh sizer for the scenario's sizing spec (call once per bin: each bin keeps its own state). */
export function createSizer(scenario: Scenario, kvCapacityTokens: number): BatchSizer {
	const make = SIZERS[scenario.sizing.kind] as (spec: SizingSpec, env: SizerEnv) => BatchSizer;
	if (!make) throw new Error(`Unknown batch sizing "${scenario.sizing.kind}"; known: ${Object.keys(SIZERS).join(', ')}.`);
	return make(scenario.sizing, { tbtS: scenario.sla.tbtS, kvCapacityTokens });
}
