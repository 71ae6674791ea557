/**
 * `--prefix-cache`: keep finished requests' KV blocks and reuse matching prompt prefixes (vLLM's
 * automatic prefix caching; continuous batching only). Shared by simulate and study.
 */
import type { Scenario, SimSummary } from '../src/lib/sim/types';
import { prefixComparisons, type PrefixComparison } from '../src/lib/study/prefix-compare';
import type { StudyResult } from '../src/lib/study/types';
import { withPromptSharing } from '../src/lib/trace/synth-sharing';
import type { Trace } from '../src/lib/trace/types';
import { CliError, numberFlag } from './args';

export const PREFIX_FLAGS = {
	'prefix-cache': { type: 'boolean' },
	'synth-system-prompt': { type: 'string' },
	'synth-turns': { type: 'string' }
} as const;

export const PREFIX_HELP = `  --prefix-cache        continuous: keep finished requests' KV blocks and reuse matching prompt prefixes
                        (needs block identities: Mooncake hash_ids, or session ids, where a turn is ASSUMED
                        to extend the previous prompt + response); reports prefixHitRate
  --synth-system-prompt N  synthetic trace: every prompt starts with the same N-token system prompt
  --synth-turns M       synthetic trace: Conversation-log rows become conversations of ~M turns, each turn's
                        prompt = previous prompt + response + the new message`;

/** The synthetic trace with the sharing the flags ask for (unchanged without them; an error for a real trace). */
export function synthSharingFromFlags(values: Record<string, unknown>, trace: Trace, seed: number): Trace {
	const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
	const system = numberFlag(str('synth-system-prompt'), 'synth-system-prompt', 0, 1_000_000);
	const turns = numberFlag(str('synth-turns'), 'synth-turns', 0, 10_000);
	if (system === undefined && turns === undefined) return trace;
	if (!trace.synthetic) throw new CliError('--synth-system-prompt and --synth-turns shape the synthetic trace; drop them with --trace, or use --synthetic.', 2);
	return withPromptSharing(trace, { systemPromptTokens: system ?? 0, meanTurns: turns ?? 0 }, seed);
}

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

export { prefixComparisonLines } from '../src/lib/study/prefix-compare';

export const PREFIX_STUDY_HELP = `  --prefix-cache        require the prefix-cache comparison (continuous batching, cache off and on, at 1 GPU and the
                        optimized GPU count; prefix_cache.csv). It runs anyway when the trace has block identities.`;

/**
 * The study's cache on/off comparison when the trace has block identities; with --prefix-cache on a trace
 * without them, an error that says what is missing.
 */
export function studyPrefixCompare(values: Record<string, unknown>, trace: Trace, result: StudyResult): PrefixComparison[] | undefined {
	if (!trace.prefixBlocks) {
		if (values['prefix-cache'] === true) {
			throw new CliError(
				`study --prefix-cache: ${trace.name} has no block identities, so a prefix cache has nothing to hit. Use a Mooncake JSONL trace (hash_ids), a BurstGPT v2.0 file (Session ID), or try the synthetic conversations of simulate --synthetic --synth-turns.`,
				2
			);
		}
		return undefined;
	}
	process.stderr.write('prefix cache: running continuous batching with the cache off and on...\n');
	return prefixComparisons(trace, result);
}
