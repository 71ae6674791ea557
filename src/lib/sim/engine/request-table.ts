/**
 * The request table: one row per request, one typed array per column, shared by the event loop, the
 * queues, the KV manager and the scheduler. The workload's columns are referenced, not copied; the
 * engine's own columns start from the EngineContext. A scheduler allocates the extra columns it needs
 * (continuous batching: request state, replica, tokens emitted, KV phase...) as typed arrays of length
 * n; a router (the replica each request is sent to) or a prefix cache adds its own the same way.
 * Columns cost memory per request, so a column lives here only when every scheduler needs it.
 */
import type { PrefixBlocks, Workload } from '../../trace/types';
import type { EngineContext } from '../context';
import type { Scenario } from '../types';

export interface RequestTable {
	n: number;
	arrivalS: Float64Array;
	promptTokens: Uint32Array;
	outputTokens: Uint32Array;
	/**
	 * 0 = served; 1 + index into DROP_REASONS. Starts as the context's own array; a scheduler that drops
	 * more (KV in blocks) replaces it with a copy first (kv-manager.ts dropOverCapacity does).
	 */
	dropCode: Uint8Array;
	/** Admission bins the scheduler uses (1 = first come, first served). */
	bins: number;
	/** Admission bin of each request, 0 .. bins − 1. */
	bin: Uint8Array;
	/** Workload.sessionKey (0 = none) when the trace has one: what session routing reads. */
	sessionKey: Uint32Array | undefined;
	/** The workload's prompt block identities (a prefix cache reads them); absent when it has none. */
	prefixBlocks?: PrefixBlocks;
	/** The ids are unique per prefix already (derived from sessions): no chain numbering needed. */
	prefixIdsAreChains?: boolean;
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
	// The context's bins are used as they are when they are the admission bins (no copy per request).
	let bin = ctx.bin;
	if (bins !== ctx.binEdges.length) {
		bin = new Uint8Array(n);
		if (bins > 1) for (let i = 0; i < n; i++) bin[i] = Math.min(bins - 1, ctx.bin[i]);
	}
	return {
		n,
		arrivalS: workload.arrivalS,
		promptTokens: workload.promptTokens,
		outputTokens: workload.outputTokens,
		dropCode: ctx.dropCode,
		bins,
		bin,
		sessionKey: workload.sessionKey,
		prefixBlocks: workload.prefixBlocks,
		prefixIdsAreChains: workload.prefixSource === 'sessions'
	};
}

