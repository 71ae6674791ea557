/**
 * `--prefix-cache`: keep finished requests' KV blocks and reuse matching prompt prefixes (vLLM's
 * automatic prefix caching; continuous batching only). Shared by simulate and study.
 */
import type { Scenario, SimSummary } from '../src/lib/sim/types';

export const PREFIX_FLAGS = { 'prefix-cache': { type: 'boolean' } } as const;

export const PREFIX_HELP = `  --prefix-cache        continuous: keep finished requests' KV blocks and reuse matching prompt prefixes
                        (needs block identities: Mooncake hash_ids, or session ids, where a turn is ASSUMED
                        to extend the previous prompt + response); reports prefixHitRate`;

/** Sets Scenario.prefixCache when the flag is given (left undefined otherwise, so cache keys stay as they were). */
export function applyPrefixFlag(values: Record<string, unknown>, scenario: Scenario): void {
	if (values['prefix-cache'] === true) scenario.prefixCache = true;
}

/** The text summary's prefix-cache line, or nothing when the cache was off. */
export function prefixLine(m: SimSummary): string[] {
	if (m.prefixHitRate === undefined) return [];
	if (m.prefixHitRate === null || !m.prefix) return ['prefix cache: on, nothing to hit (see warnings)'];
	const p = m.prefix;
	return [
		`prefix cache: ${(m.prefixHitRate * 100).toFixed(2)}% of prompt tokens hit (${p.hitTokens.toLocaleString('en-US')} of ${p.promptTokens.toLocaleString('en-US')}, ${p.blockSize}-token blocks), ` +
			`${p.inFlightBlocks.toLocaleString('en-US')} block(s) wanted while still being computed, ${p.evictions.toLocaleString('en-US')} eviction(s)`
	];
}
