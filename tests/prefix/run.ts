/** Runs the continuous-batching engine on a workload with an optional KV capacity override (tests only). */
import { findGpu, findModel } from '../../src/lib/catalog/index';
import { runRegime } from '../../src/lib/sim/engine/run';
import { prepareContext } from '../../src/lib/sim/index';
import { summarize } from '../../src/lib/sim/metrics/summarize';
import { defaultScenario, methodScenario } from '../../src/lib/sim/presets';
import type { RunRecords } from '../../src/lib/sim/records';
import type { Scenario, SimResult } from '../../src/lib/sim/types';
import type { PrefixBlocks, Workload } from '../../src/lib/trace/types';

/** Continuous batching of Llama-3.2-1B on one H200 (a small model: KV room for millions of tokens). */
export function cacheScenario(prefixCache: boolean, overrides: Partial<Scenario['continuous']> = {}): Scenario {
	const s = methodScenario('continuous', defaultScenario({ model: findModel('llama-3.2-1b'), gpu: findGpu('h200-sxm') }));
	s.continuous = { ...s.continuous, ...overrides };
	if (prefixCache) s.prefixCache = true;
	return s;
}

/** Simulates with kvCapacityTokens replaced when given (the cache size under test). */
export function runWith(workload: Workload, scenario: Scenario, capacityTokens?: number): { records: RunRecords; result: SimResult; capacityTokens: number } {
	const { ctx, warnings } = prepareContext(workload, scenario);
	if (capacityTokens !== undefined) ctx.kvCapacityTokens = capacityTokens;
	const records = runRegime(workload, scenario, ctx);
	return { records, result: summarize(workload, scenario, records, { warnings }), capacityTokens: ctx.kvCapacityTokens };
}

/** A hand-made workload: one request per row of [arrival s, prompt, output, ids], block ids of `blockTokens` tokens. */
export function handWorkload(rows: [number, number, number, number[]][], blockTokens: number): Workload {
	const n = rows.length;
	const offsets = new Uint32Array(n + 1);
	const ids: number[] = [];
	rows.forEach((r, i) => {
		ids.push(...r[3]);
		offsets[i + 1] = ids.length;
	});
	const prefixBlocks: PrefixBlocks = { blockTokens, offsets, ids: Uint32Array.from(ids) };
	return {
		arrivalS: Float64Array.from(rows.map((r) => r[0])),
		promptTokens: Uint32Array.from(rows.map((r) => r[1])),
		outputTokens: Uint32Array.from(rows.map((r) => r[2])),
		label: 'hand-made',
		synthetic: true,
		prefixBlocks,
		prefixSource: 'hash-ids'
	};
}
