/**
 * The request table: one row per request, one typed array per column, shared by the event loop, the
 * queues, the KV manager and the scheduler. The workload's columns are referenced, not copied; the
 * engine's own columns start from the EngineContext. A scheduler allocates the extra columns it needs
 * (continuous batching: request state, tokens emitted, KV phase...) as typed arrays of length n; a
 * router or prefix cache adds its own the same way.
 */
import type { Workload } from '../../trace/types';
import type { EngineContext } from '../context';
import type { Scenario } from '../types';

export interface RequestTable {
	n: number;
	arrivalS: Float64Array;
	promptTokens: Uint32Array;
	outputTokens: Uint32Array;
	/** 0 = served; 1 + index into DROP_REASONS. A copy: a scheduler may drop more (KV in blocks). */
	dropCode: Uint8Array;
	/** Admission bins the scheduler uses (1 = first come, first served). */
	bins: number;
	/** Admission bin of each request, 0 .. bins − 1. */
	bin: Uint8Array;
	/** Replica serving the request now, −1 while it waits or once it is done. */
	replica: Int32Array;
}

/** Admission bins a regime uses: request-level always bins; continuous only with admission 'bins'. */
export function admissionBins(scenario: Scenario, ctx: EngineContext): number {
	if (scenario.regime === 'iteration') return scenario.continuous.admission === 'bins' && scenario.bins > 1 ? scenario.bins : 1;
	return Math.max(1, ctx.binEdges.length);
}

/** The table for a run (ctx.bin clipped to the scenario's admission bins). */
export function createRequestTable(workload: Workload, scenario: Scenario, ctx: EngineContext): RequestTable {
	const bins = admissionBins(scenario, ctx);
	const n = workload.arrivalS.length;
	const bin = new Uint8Array(n);
	if (bins > 1) for (let i = 0; i < n; i++) bin[i] = Math.min(bins - 1, ctx.bin[i]);
	return {
		n,
		arrivalS: workload.arrivalS,
		promptTokens: workload.promptTokens,
		outputTokens: workload.outputTokens,
		dropCode: ctx.dropCode.slice(),
		bins,
		bin,
		replica: new Int32Array(n).fill(-1)
	};
}

/** 1 for requests that will queue (not dropped), 0 otherwise: what the admission queues are built over. */
export function servedMask(t: RequestTable): Uint8Array {
	const m = new Uint8Array(t.n);
	for (let i = 0; i < t.n; i++) m[i] = t.dropCode[i] === 0 ? 1 : 0;
	return m;
}
