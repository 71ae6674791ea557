/**
 * Continuous (iteration-level) batching, what vLLM does: requests join and leave the running batch at
 * every step, with chunked prefill, paged KV and preemption. With K > 1 bins it admits by bin.
 */
import type { ContinuousSpec, Scenario } from '../types';
import { dynamicSizingOf } from './dynamic';
import { regimeProblems, type MethodDef, type MethodOptions } from './method';

/** vLLM-like continuous batching defaults. */
export const DEFAULT_CONTINUOUS: ContinuousSpec = {
	maxBatch: 256,
	tokenBudget: 2048,
	blockSize: 16,
	admission: 'fcfs',
	slaCap: false
};

/** The iteration-level scenario on `base`, with or without the dynamic SLA cap. */
export function iterationScenario(base: Scenario, opts: MethodOptions, method: 'continuous' | 'dynamic-cap', slaCap: boolean): Scenario {
	const bins = opts.bins ?? 1;
	return {
		...base,
		method,
		gpus: opts.gpus ?? base.gpus,
		regime: 'iteration',
		sizing: dynamicSizingOf(base),
		bins,
		continuous: { ...base.continuous, admission: bins > 1 ? 'bins' : base.continuous.admission, slaCap }
	};
}

export const continuousMethod: MethodDef = {
	name: 'continuous',
	label: 'Continuous',
	description:
		'Iteration-level batching as vLLM does it: requests join and leave the batch at every step (chunked prefill, paged KV, preemption), capped at a fixed max batch.',
	regime: 'iteration',
	defaults: { bins: 1 },
	cliHelp: `continuous   iteration-level (vLLM-like): --max-batch (default ${DEFAULT_CONTINUOUS.maxBatch}), --token-budget, --block-size`,
	order: 3,
	colour: '#CC79A7',
	// Keeps the base's own slaCap choice (a person may tick it on a continuous scenario).
	scenario: (base, opts = {}) => iterationScenario(base, opts, 'continuous', base.continuous.slaCap),
	validate: (s) => regimeProblems(continuousMethod, s),
	keyPart: (s) => (s.continuous.slaCap ? 'continuous-slacap' : 'continuous')
};
