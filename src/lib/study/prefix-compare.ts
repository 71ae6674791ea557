/**
 * The study's prefix-cache comparison: for each workload size whose trace carries block identities
 * (Mooncake hash_ids, or session ids under the stated assumption that a turn extends the previous
 * prompt + response), continuous batching with the cache off and on, at 1 GPU and at the optimized
 * configuration's GPU count: TTFT, E2E, SLO attainment and the prompt-token hit rate side by side.
 * Same workloads, seed and hardware as the study, so only the cache differs.
 */
import { simulate } from '../sim/index';
import { methodDef } from '../sim/methods/registry';
import type { SimSummary } from '../sim/types';
import type { Trace } from '../trace/types';
import { studyWorkloads } from './shape';
import type { StudyResult } from './types';

/** One side of a comparison (the figures a person compares). */
export interface PrefixSide {
	ttftP50S: number | null;
	ttftP95S: number | null;
	e2eP95S: number | null;
	sloAttainment: number | null;
	goodputReqPerS: number | null;
}

export interface PrefixComparison {
	size: number;
	gpus: number;
	/** Where identities came from ('sessions' = derived under the turn-extends-previous assumption). */
	source: 'hash-ids' | 'sessions';
	off: PrefixSide;
	on: PrefixSide;
	/** Share of prompt tokens found cached (cache on); null when nothing could be looked up. */
	hitRate: number | null;
	/** Blocks wanted while still being computed by a running request. */
	inFlightBlocks: number;
	evictions: number;
	/** Set when a run failed (the other fields are then empty). */
	error?: string;
}

function side(s: SimSummary): PrefixSide {
	return { ttftP50S: s.ttftP50S, ttftP95S: s.ttftP95S, e2eP95S: s.e2eP95S, sloAttainment: s.sloAttainment, goodputReqPerS: s.goodputReqPerS };
}

/** The comparison rows for a finished study (empty when the trace has no block identities). */
export function prefixComparisons(trace: Trace, r: StudyResult, simulateFn = simulate): PrefixComparison[] {
	if (!trace.prefixBlocks) return [];
	const shaped = studyWorkloads(trace, r.config);
	if (!shaped.ok) return [];
	const out: PrefixComparison[] = [];
	for (const { size, workload } of shaped.workloads) {
		const pick = r.optimized.find((o) => o.size === size)?.pick;
		for (const gpus of [...new Set([1, pick?.gpus ?? 1])]) {
			const scenario = methodDef('continuous').scenario(r.config.base, { gpus, bins: 1 });
			const empty: PrefixSide = { ttftP50S: null, ttftP95S: null, e2eP95S: null, sloAttainment: null, goodputReqPerS: null };
			try {
				const off = simulateFn(workload, { ...scenario, prefixCache: undefined });
				const on = simulateFn(workload, { ...scenario, prefixCache: true });
				out.push({
					size,
					gpus,
					source: trace.prefixSource ?? 'hash-ids',
					off: side(off.summary),
					on: side(on.summary),
					hitRate: on.summary.prefixHitRate ?? null,
					inFlightBlocks: on.summary.prefix?.inFlightBlocks ?? 0,
					evictions: on.summary.prefix?.evictions ?? 0
				});
			} catch (e) {
				out.push({ size, gpus, source: trace.prefixSource ?? 'hash-ids', off: empty, on: empty, hitRate: null, inFlightBlocks: 0, evictions: 0, error: e instanceof Error ? e.message : String(e) });
			}
		}
	}
	return out;
}

const num = (x: number | null, d: number) => (x === null ? '' : x.toFixed(d));

/** prefix_cache.csv: one row per size and GPU count. */
export function prefixComparisonCsv(rows: PrefixComparison[]): string {
	const head = 'size,gpus,identities,hit_rate,in_flight_blocks,evictions,ttft_p50_off_s,ttft_p50_on_s,ttft_p95_off_s,ttft_p95_on_s,e2e_p95_off_s,e2e_p95_on_s,slo_attainment_off,slo_attainment_on,error';
	const lines = rows.map((c) =>
		[
			c.size,
			c.gpus,
			c.source === 'sessions' ? 'sessions (turn extends previous prompt + response)' : 'trace hash ids',
			num(c.hitRate, 4),
			c.inFlightBlocks,
			c.evictions,
			num(c.off.ttftP50S, 4),
			num(c.on.ttftP50S, 4),
			num(c.off.ttftP95S, 4),
			num(c.on.ttftP95S, 4),
			num(c.off.e2eP95S, 4),
			num(c.on.e2eP95S, 4),
			num(c.off.sloAttainment, 4),
			num(c.on.sloAttainment, 4),
			c.error ? `"${c.error.replace(/"/g, '""')}"` : ''
		].join(',')
	);
	return [head, ...lines].join('\n') + '\n';
}

/** One line per comparison for a terminal. */
export function prefixComparisonLines(rows: PrefixComparison[]): string[] {
	return rows.map((c) =>
		c.error
			? `  prefix cache n=${c.size} ${c.gpus} GPU(s): failed: ${c.error}`
			: `  prefix cache n=${c.size} ${c.gpus} GPU(s), continuous: hit rate ${num(c.hitRate === null ? null : c.hitRate * 100, 1)}%, TTFT P50 ${num(c.off.ttftP50S, 3)} → ${num(c.on.ttftP50S, 3)} s, P95 ${num(c.off.ttftP95S, 3)} → ${num(c.on.ttftP95S, 3)} s` +
				(c.source === 'sessions' ? ' (identities from sessions: a turn is assumed to extend the previous prompt + response)' : '')
	);
}
