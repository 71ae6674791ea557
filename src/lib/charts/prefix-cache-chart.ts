/**
 * Chart spec and words for one run's prefix cache (Scenario.prefixCache): the unowned cached blocks of
 * all GPUs and the evictions so far over time (SimSeries.prefixCache, at most 1,024 samples), plus the
 * facts behind the hit rate (SimSummary.prefix). Pure, like replica-queue-chart.ts;
 * PrefixCacheDetail.svelte passes the spec to LineChart.
 */
import type { PrefixSummary, SimSeries, SimSummary } from '../sim/types';
import { formatCount, formatPercent } from './labels';
import type { LineChartSpec } from './study-charts';

/** Said wherever identities derived from sessions are used (trace/prefix-blocks.ts). */
export const SESSION_IDENTITY_ASSUMPTION =
	"Block identities come from session ids and turn order, assuming each turn's prompt extends the previous turn's prompt plus its response; hits are only as real as that assumption.";

/** "Prefix cache over time": cached blocks and cumulative evictions (both in KV blocks); null when the run has no such series. */
export function prefixCacheChart(series: SimSeries, label: string, idBase: string): LineChartSpec | null {
	const p = series.prefixCache;
	if (!p || p.tS.length === 0) return null;
	return {
		series: [
			{ name: 'Cached blocks', points: p.tS.map((x, i) => ({ x, y: p.cachedBlocks[i] })) },
			{ name: 'Evictions so far', points: p.tS.map((x, i) => ({ x, y: p.evictions[i] })) }
		],
		title: `Prefix cache over time: ${label}`,
		xLabel: 'Time (s)',
		yLabel: 'KV blocks',
		yZero: true,
		yInteger: true,
		yFormat: 'count',
		points: false,
		height: 280,
		id: `${idBase}-prefix-cache`
	};
}

/** The facts shown above the chart, each with a label; empty when the cache was off. */
export function prefixCacheFacts(summary: SimSummary): { label: string; value: string }[] {
	if (summary.prefixHitRate === undefined) return [];
	const p = summary.prefix;
	if (summary.prefixHitRate === null || !p) return [{ label: 'Prefix hit rate', value: 'n/a (nothing could hit)' }];
	return [
		{ label: 'Prefix hit rate (prompt tokens)', value: formatPercent(summary.prefixHitRate) },
		{ label: 'Prompt tokens found cached', value: `${formatCount(p.hitTokens)} of ${formatCount(p.promptTokens)}` },
		{ label: 'Blocks wanted while still being computed', value: formatCount(p.inFlightBlocks) },
		{ label: 'Evictions (LRU)', value: `${formatCount(p.evictions)} blocks of ${p.blockSize} tokens` }
	];
}

/** The sentence under the facts: what the hit rate counts, where identities came from, and the session assumption when it applies. */
export function prefixCacheCaption(summary: SimSummary): string {
	if (summary.prefixHitRate === undefined) return '';
	const p: PrefixSummary | undefined = summary.prefix;
	if (summary.prefixHitRate === null || !p) {
		return "The prefix cache was on, but nothing could be found cached: either the run used request-level batching (only continuous batching models the cache) or the trace has no block identities (no hash ids, sessions or prefix column). The run's warnings say which.";
	}
	const source = p.source === 'hash-ids' ? "the trace's hash ids" : 'sessions';
	const base = `Share of prompt tokens whose KV was found cached at admission and not recomputed (whole blocks of ${p.blockSize} tokens; attention still spans the whole context). Block identities from ${source}. Cached blocks with no owner count against KV capacity like live ones and are evicted least recently used first.`;
	return p.source === 'sessions' ? `${base} ${SESSION_IDENTITY_ASSUMPTION}` : base;
}
