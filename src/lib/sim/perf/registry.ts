/**
 * Performance models by PerfModelSpec kind (Vidur-style registry record). Adding a model is a new
 * file in this folder plus one line here (and its variant in types.ts's PerfModelSpec).
 */
import type { Efficiency, GpuSpec, ModelSpec, PerfModelSpec } from '../types';
import { createFittedModel } from './fitted';
import { createPerOpModel } from './per-op';
import { createRooflineModel } from './roofline';
import type { PerfModel } from './types';

/** What a model factory may read: the scenario's hardware, model, efficiencies and its own spec. */
export interface PerfModelInput<S extends PerfModelSpec = PerfModelSpec> {
	model: ModelSpec;
	gpu: GpuSpec;
	efficiency: Efficiency;
	perf: S;
}

type Factories = { [K in PerfModelSpec['kind']]: (s: PerfModelInput<Extract<PerfModelSpec, { kind: K }>>) => PerfModel };

export const PERF_MODELS: Factories = {
	roofline: (s) => createRooflineModel(s.model, s.gpu, s.efficiency),
	fitted: (s) => createFittedModel(s.perf),
	'per-op': (s) => createPerOpModel(s.model, s.gpu, s.perf.profile)
};

/** The step-time model a scenario asks for. */
export function createPerfModel(s: PerfModelInput): PerfModel {
	const make = PERF_MODELS[s.perf.kind] as (x: PerfModelInput) => PerfModel;
	if (!make) throw new Error(`Unknown performance model "${s.perf.kind}"; known: ${Object.keys(PERF_MODELS).join(', ')}.`);
	return make(s);
}
