/**
 * The prefix cache's figures in a SimResult: the prompt-token hit rate and what lies behind it, a
 * bounded series of cached blocks and evictions, and the warnings that say when the cache had nothing
 * to work with (request-level batching, a trace without block identities).
 */
import type { Workload } from '../../trace/types';
import type { RunRecords } from '../records';
import type { PrefixSummary, Scenario, SimResult } from '../types';

/** Adds the prefix-cache figures to a result when the scenario asked for the cache (nothing otherwise). */
export function addPrefixFigures(result: SimResult, workload: Workload, scenario: Scenario, records: RunRecords): void {
	if (!scenario.prefixCache) return;
	const p = records.prefix;
	if (!p) {
		result.summary.prefixHitRate = null;
		result.warnings.push(
			scenario.regime !== 'iteration'
				? 'The prefix cache is on but only continuous (iteration-level) batching models it; this request-level run reused no KV.'
				: 'The prefix cache is on but this workload has no block identities (Mooncake hash_ids, or session ids: BurstGPT v2.0 or a mapped session column), so nothing could hit.'
		);
		return;
	}
	const summary: PrefixSummary = {
		source: workload.prefixSource ?? 'hash-ids',
		blockSize: p.blockSize,
		promptTokens: p.promptTokens,
		hitTokens: p.hitTokens,
		inFlightBlocks: p.inFlightBlocks,
		evictions: p.evictions,
		recomputeHitTokens: p.recomputeHitTokens
	};
	result.summary.prefixHitRate = p.promptTokens > 0 ? p.hitTokens / p.promptTokens : null;
	result.summary.prefix = summary;
	result.series.prefixCache = { tS: p.series.tS.slice(), cachedBlocks: p.series.cachedBlocks.slice(), evictions: p.series.evictions.slice() };
	if (workload.prefixSource === 'sessions') {
		result.warnings.push("Prefix-cache hits come from session ids, ASSUMING each turn's prompt extends the previous turn's prompt plus its response (only prompt blocks are cached; shared content is credited in 64-token blocks).");
	}
}
