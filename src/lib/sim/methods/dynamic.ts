/**
 * Request-level dynamic batching, as the reference study runs it: each batch is sized by the memory-
 * aware, SLA-constrained rule of Pang et al. 2025, b = min(b_mem, b_SLA), and then decodes until its
 * longest request ends (so a bigger batch waits on a longer tail).
 */
import type { Scenario, SizingSpec } from '../types';
import { regimeProblems, type MethodDef } from './method';
import { DYNAMIC_SIZING_DEFAULTS } from '../sizing/defaults';

/** Dynamic sizing's defaults: upper bound 128, 1% memory-overflow risk, 10% band around the TPOT target. */
export const DEFAULT_DYNAMIC_SIZING: Extract<SizingSpec, { kind: 'dynamic' }> = { ...DYNAMIC_SIZING_DEFAULTS };

/** The base scenario's dynamic sizing (its edited bounds), or the defaults when it holds a fixed size. */
export function dynamicSizingOf(base: Scenario): Extract<SizingSpec, { kind: 'dynamic' }> {
	return base.sizing.kind === 'dynamic' ? base.sizing : { ...DEFAULT_DYNAMIC_SIZING };
}

export const dynamicMethod: MethodDef = {
	name: 'dynamic',
	label: 'Dynamic (request-level)',
	description:
		'Request-level batching whose batch size follows memory and the TPOT target (Pang et al. 2025 sizing), run as the reference study does: each batch decodes until its longest request ends.',
	regime: 'request',
	defaults: { bins: 1 },
	cliHelp: 'dynamic      request-level, batch sized by memory and the TPOT target (reference study)',
	order: 1,
	colour: '#E69F00',
	scenario: (base, opts = {}) => ({ ...base, method: 'dynamic', gpus: opts.gpus ?? base.gpus, regime: 'request', sizing: dynamicSizingOf(base), bins: 1 }),
	validate: (s) => regimeProblems(dynamicMethod, s),
	// Dynamic is multi-bin with one bin: the same simulation, so the same key (the study reuses it).
	keyPart: () => 'multibin'
};
