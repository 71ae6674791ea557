/**
 * Which Step 1 configurations a planner could ship, and the recommendations and "optimized" pick made
 * only from those: a configuration qualifies when its SLO attainment (metrics/slo.ts: requests meeting
 * every target / (completed + dropped)) reaches the study's attainment target.
 *
 * - Minimum cost: the fewest GPUs (the lowest $/hour when a price is set; one GPU type, so the same
 *   order), ties to the lower P95 E2E.
 * - Balanced: the knee (kneeOf) of the best qualifying P95 per GPU count; never the grid's last column.
 * - Minimum latency: the lowest P95 E2E among qualifying configurations.
 * - None qualifies: say so, show the closest (highest attainment) and what to extend.
 * Ties always go to fewer GPUs, then fewer bins (the cheaper, simpler configuration).
 */
import { describeSlo } from '../sim/metrics/slo';
import type { SimSummary, SlaTargets } from '../sim/types';
import { finite, kneeOf, pct, rankRows, toPick, type MetricKey } from './analyze';
import type { OptimizedSelection, Recommendation, RecommendedConfig, Step1Row, StudyObjective } from './types';

/** Whether a run reaches the attainment target (and completed something). */
export function meetsTarget(s: SimSummary, attainment: number): boolean {
	return finite(s.sloAttainment) && s.sloAttainment >= attainment - 1e-12 && s.completed > 0;
}

/** Ranks rows for an objective: latency (min P95), throughput (max tok/s), efficiency (max tok/s/GPU), cost (fewest GPUs, then min P95). */
export function rankByObjective(rows: Step1Row[], objective: StudyObjective): Step1Row[] {
	switch (objective) {
		case 'latency':
			return rankRows(rows, 'e2eP95S', 'min');
		case 'throughput':
			return rankRows(rows, 'outputTokPerS', 'max');
		case 'efficiency':
			return rankRows(rows, 'tokPerSPerGpu', 'max');
		case 'cost':
			// Cost grows with GPUs held; among equal GPU counts the lower P95 serves the same bill better.
			return rankRows(rows, 'e2eP95S', 'min').sort((a, b) => a.gpus - b.gpus);
	}
}

const OBJECTIVE_METRIC: Record<StudyObjective, MetricKey> = {
	latency: 'e2eP95S',
	throughput: 'outputTokPerS',
	efficiency: 'tokPerSPerGpu',
	cost: 'e2eP95S'
};

/** Step 2's optimized configuration for one size: the best by objective among runs meeting the attainment target. */
export function selectOptimized(rows: Step1Row[], size: number, objective: StudyObjective, attainment: number): OptimizedSelection {
	const mine = rows.filter((r) => r.size === size);
	const eligible = mine.filter((r) => meetsTarget(r.summary, attainment));
	const top = rankByObjective(eligible, objective)[0];
	if (!top) {
		return {
			size,
			objective,
			attainment,
			pick: null,
			eligible: 0,
			note:
				mine.length === 0
					? `No Step 1 run of ${size.toLocaleString('en-US')} requests completed.`
					: `None of the ${mine.length} Step 1 configurations reaches ${pct(attainment)} SLO attainment: no optimized configuration. Add GPUs, try another GPU type or loosen the targets.`
		};
	}
	return {
		size,
		objective,
		attainment,
		pick: toPick(top, OBJECTIVE_METRIC[objective]),
		eligible: eligible.length,
		note: `Best ${objective} among ${eligible.length} of ${mine.length} configurations reaching ${pct(attainment)} SLO attainment: ${top.gpus} GPU(s), ${top.method}${top.method === 'multibin' ? `, ${top.bins} bin(s)` : ''}.`
	};
}

/** A Step 1 row as a recommendation shows it. */
export function recommendedConfig(r: Step1Row, costPerGpuHour: number): RecommendedConfig {
	const s = r.summary;
	return {
		gpus: r.gpus,
		bins: r.bins,
		method: r.method,
		sloAttainment: s.sloAttainment,
		goodputReqPerS: s.goodputReqPerS,
		outputTokPerS: s.outputTokPerS,
		totalTokPerS: s.totalTokPerS,
		p95E2eS: s.e2eP95S,
		p95TtftS: s.ttftP95S,
		p95TpotMs: s.tbtP95Ms,
		costPerHourUsd: costPerGpuHour > 0 ? r.gpus * costPerGpuHour : null
	};
}

/** Settings the recommendations need besides the rows. */
export interface RecommendSettings {
	attainment: number;
	kneeThreshold: number;
	sla: SlaTargets;
	costPerGpuHour: number;
}

function chosen(size: number, kind: Recommendation['kind'], r: Step1Row, reason: string, price: number): Recommendation {
	return { size, kind, ...recommendedConfig(r, price), reason };
}

function none(size: number, kind: Recommendation['kind'], reason: string, closest?: RecommendedConfig): Recommendation {
	return { size, kind, gpus: null, bins: null, method: null, sloAttainment: null, outputTokPerS: null, p95E2eS: null, reason, ...(closest ? { closest } : {}) };
}

/** The configuration with the highest attainment (ties to fewer GPUs, then fewer bins), for "nothing meets it". */
export function closestToTarget(rows: Step1Row[]): Step1Row | undefined {
	return rankRows(rows, 'sloAttainment', 'max')[0];
}

/** Minimum cost, balanced and minimum latency for one size, from configurations meeting the target. */
export function recommend(rows: Step1Row[], size: number, o: RecommendSettings): Recommendation[] {
	const mine = rows.filter((r) => r.size === size);
	const ok = mine.filter((r) => meetsTarget(r.summary, o.attainment));
	const target = `${pct(o.attainment)} SLO attainment (${describeSlo(o.sla)})`;
	if (ok.length === 0) {
		const near = closestToTarget(mine);
		const maxGpus = Math.max(0, ...mine.map((r) => r.gpus));
		const reason =
			mine.length === 0
				? `No Step 1 run of ${size.toLocaleString('en-US')} requests completed.`
				: `Nothing in the grid reaches ${target}.` +
					(near ? ` Closest: ${near.gpus} GPU(s), ${near.method}${near.method === 'multibin' ? ` with ${near.bins} bin(s)` : ''} at ${pct(near.summary.sloAttainment ?? 0)}.` : '') +
					` Extend the grid beyond ${maxGpus} GPUs, try a faster GPU type, or loosen the targets.`;
		const closest = near ? recommendedConfig(near, o.costPerGpuHour) : undefined;
		return (['min-cost', 'balanced', 'min-latency'] as const).map((k) => none(size, k, reason, closest));
	}
	const out: Recommendation[] = [];
	const cost = rankByObjective(ok, 'cost')[0];
	out.push(
		chosen(
			size,
			'min-cost',
			cost,
			o.costPerGpuHour > 0
				? `Lowest cost ($${(cost.gpus * o.costPerGpuHour).toFixed(2)}/h) reaching ${target}.`
				: `Fewest GPUs reaching ${target}.`,
			o.costPerGpuHour
		)
	);
	// Balanced: the best qualifying P95 at each GPU count, then the knee of that curve.
	const byGpus = [...new Set(ok.map((r) => r.gpus))].sort((a, b) => a - b).flatMap((g) => {
		const best = rankRows(ok.filter((r) => r.gpus === g), 'e2eP95S', 'min')[0];
		return best ? [best] : [];
	});
	const knee = kneeOf(
		byGpus.map((r) => ({ gpus: r.gpus, p95: r.summary.e2eP95S as number })),
		o.kneeThreshold
	);
	const kneeRow = knee.gpus === null ? undefined : byGpus.find((r) => r.gpus === knee.gpus);
	out.push(kneeRow ? chosen(size, 'balanced', kneeRow, `The knee among configurations reaching the target: ${knee.note}`, o.costPerGpuHour) : none(size, 'balanced', knee.note));
	const fastest = rankRows(ok, 'e2eP95S', 'min')[0];
	out.push(
		fastest
			? chosen(size, 'min-latency', fastest, `Lowest P95 E2E among configurations reaching ${target}.`, o.costPerGpuHour)
			: none(size, 'min-latency', 'No qualifying run has a P95.')
	);
	return out;
}
