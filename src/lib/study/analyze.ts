/**
 * The study's analysis, all derived from Step 1 / Step 2 results (nothing hard-coded): best
 * configurations, GPU scaling and its knee, bin effect, efficiency table, the optimized pick under an
 * SLA limit, recommendations, and arrival-bound detection. Pure functions on plain rows.
 *
 * Ties always go to fewer GPUs, then fewer bins (the cheaper, simpler configuration).
 */
import type { SimSummary } from '../sim/types';
import type {
	ArrivalBoundNotice,
	BinEffect,
	ConfigPick,
	EfficiencyTable,
	OptimizedSelection,
	Recommendation,
	ScalingAnalysis,
	ScalingPoint,
	Step1Row,
	StudyObjective,
	StudyWorkloadInfo,
	WorkloadSummary
} from './types';

/** Numeric summary fields (those that are number | null). */
export type MetricKey = { [K in keyof SimSummary]: SimSummary[K] extends number | null ? K : never }[keyof SimSummary];

const finite = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x);

/** Relative tolerance under which two metric values count as a tie (simulation noise in the last bits). */
export const TIE_REL = 1e-9;

function better(a: number, b: number, dir: 'min' | 'max'): number {
	// < 0 when a is better than b, 0 on a tie.
	const scale = Math.max(Math.abs(a), Math.abs(b), 1e-300);
	if (Math.abs(a - b) <= TIE_REL * scale) return 0;
	return dir === 'min' ? (a < b ? -1 : 1) : a > b ? -1 : 1;
}

/** Orders rows by a metric (nulls last), ties to fewer GPUs then fewer bins. */
export function rankRows(rows: Step1Row[], metric: MetricKey, dir: 'min' | 'max'): Step1Row[] {
	return rows
		.filter((r) => finite(r.summary[metric]))
		.sort((a, b) => better(a.summary[metric] as number, b.summary[metric] as number, dir) || a.gpus - b.gpus || a.bins - b.bins);
}

/** The best row by a metric, as a ConfigPick; null when no row has the metric. */
export function pickBest(rows: Step1Row[], metric: MetricKey, dir: 'min' | 'max'): ConfigPick | null {
	const r = rankRows(rows, metric, dir)[0];
	return r ? toPick(r, metric) : null;
}

function toPick(r: Step1Row, metric: MetricKey): ConfigPick {
	return { key: r.key, gpus: r.gpus, bins: r.bins, value: r.summary[metric] as number };
}

/** Best latency (min P95 E2E), throughput (max output tok/s) and efficiency (max tok/s per GPU) per size. */
export function summarizeWorkloads(rows: Step1Row[], sizes: number[]): WorkloadSummary[] {
	return sizes.map((size) => {
		const mine = rows.filter((r) => r.size === size);
		return {
			size,
			bestLatency: pickBest(mine, 'e2eP95S', 'min'),
			bestThroughput: pickBest(mine, 'outputTokPerS', 'max'),
			bestEfficiency: pickBest(mine, 'tokPerSPerGpu', 'max')
		};
	});
}

/** The grid value nearest to `want` (ties to the smaller one); null for an empty grid. */
export function nearest(grid: number[], want: number): number | null {
	let best: number | null = null;
	for (const g of [...grid].sort((a, b) => a - b)) {
		if (best === null || Math.abs(g - want) < Math.abs(best - want)) best = g;
	}
	return best;
}

function rel(from: number | null, to: number | null): number | null {
	if (!finite(from) || !finite(to) || from === 0) return null;
	return (from - to) / from;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/**
 * GPU scaling for one size at bin count `bins`: P95 E2E per GPU count, its reduction vs the first
 * (1 GPU when the grid has it) and vs the previous count, and the knee: the smallest GPU count after
 * which the next count in the grid improves P95 by less than `threshold`. Counts without a P95 are
 * left out of the knee walk (their point shows null).
 */
export function scalingAnalysis(rows: Step1Row[], size: number, bins: number, threshold: number): ScalingAnalysis {
	const mine = rows.filter((r) => r.size === size && r.bins === bins).sort((a, b) => a.gpus - b.gpus);
	const withP95 = mine.filter((r) => finite(r.summary.e2eP95S));
	const first = withP95[0]?.summary.e2eP95S ?? null;
	let prev: number | null = null;
	const points: ScalingPoint[] = mine.map((r) => {
		const p = finite(r.summary.e2eP95S) ? r.summary.e2eP95S : null;
		const point: ScalingPoint = {
			gpus: r.gpus,
			p95E2eS: p,
			reductionVsFirst: rel(first, p),
			reductionVsPrev: rel(prev, p),
			outputTokPerS: r.summary.outputTokPerS,
			tokPerSPerGpu: r.summary.tokPerSPerGpu
		};
		if (p !== null) prev = p;
		return point;
	});
	let recommended: number | null = null;
	let note: string;
	if (withP95.length === 0) {
		note = `No run of ${size.toLocaleString('en-US')} requests at ${bins} bin(s) completed with a P95: no recommendation.`;
	} else {
		for (let i = 0; i + 1 < withP95.length; i++) {
			const gain = rel(withP95[i].summary.e2eP95S, withP95[i + 1].summary.e2eP95S);
			if (gain !== null && gain < threshold) {
				recommended = withP95[i].gpus;
				break;
			}
		}
		if (recommended === null) {
			recommended = withP95[withP95.length - 1].gpus;
			note =
				withP95.length === 1
					? `Only ${recommended} GPU(s) in the grid.`
					: `Every step up to ${recommended} GPUs still improves P95 by at least ${pct(threshold)}: try larger counts.`;
		} else {
			const idx = withP95.findIndex((r) => r.gpus === recommended);
			const gain = rel(withP95[idx].summary.e2eP95S, withP95[idx + 1].summary.e2eP95S) as number;
			const red = rel(first, withP95[idx].summary.e2eP95S);
			note =
				`${recommended} GPUs` +
				(red !== null && idx > 0 ? ` cut P95 by ${pct(red)} vs ${withP95[0].gpus} GPU(s);` : ';') +
				` going to ${withP95[idx + 1].gpus} improves it by only ${pct(gain)} (< ${pct(threshold)}).`;
		}
	}
	return { size, bins, points, recommendedGpus: recommended, note };
}

/**
 * How the bin count changes P95 for one size: per bin count, the best P95 over GPU counts and the
 * mean relative change vs the fewest bins, paired by GPU count (so GPU scaling does not leak in).
 */
export function binEffect(rows: Step1Row[], size: number): BinEffect {
	const mine = rows.filter((r) => r.size === size && finite(r.summary.e2eP95S));
	const binsList = [...new Set(mine.map((r) => r.bins))].sort((a, b) => a - b);
	const fewest = binsList[0];
	const baseByGpus = new Map(mine.filter((r) => r.bins === fewest).map((r) => [r.gpus, r.summary.e2eP95S as number]));
	const points = binsList.map((bins) => {
		const at = mine.filter((r) => r.bins === bins);
		const changes = at
			.map((r) => {
				const b = baseByGpus.get(r.gpus);
				return b !== undefined && b > 0 ? ((r.summary.e2eP95S as number) - b) / b : null;
			})
			.filter(finite);
		return {
			bins,
			bestP95E2eS: at.length ? Math.min(...at.map((r) => r.summary.e2eP95S as number)) : null,
			meanChangeVsFewest: changes.length ? changes.reduce((s, x) => s + x, 0) / changes.length : null
		};
	});
	let bestBins: number | null = null;
	let bestChange = 0;
	for (const p of points) {
		if (p.meanChangeVsFewest !== null && (bestBins === null || better(p.meanChangeVsFewest, bestChange, 'min') < 0)) {
			bestChange = p.meanChangeVsFewest;
			bestBins = p.bins;
		}
	}
	let note: string;
	if (points.length < 2 || bestBins === null) note = 'Only one bin count ran: no bin effect to read.';
	else {
		const spread = Math.max(...points.map((p) => Math.abs(p.meanChangeVsFewest ?? 0)));
		note =
			spread < 0.02
				? `Bins change P95 by at most ${pct(spread)}: minimal effect at this size.`
				: bestBins === fewest
					? `More bins raise P95 (up to ${pct(spread)} on average): ${fewest} bin(s) is best.`
					: `${bestBins} bins lower P95 by ${pct(-bestChange)} on average vs ${fewest} bin(s).`;
	}
	return { size, points, bestBins, note };
}

/** Output tok/s per GPU, GPU counts × sizes, best over bin counts. */
export function efficiencyTable(rows: Step1Row[], gpuCounts: number[], sizes: number[]): EfficiencyTable {
	const cells = gpuCounts.map((g) =>
		sizes.map((n) => {
			const vals = rows.filter((r) => r.gpus === g && r.size === n).map((r) => r.summary.tokPerSPerGpu).filter(finite);
			return vals.length ? Math.max(...vals) : null;
		})
	);
	return { gpuCounts: [...gpuCounts], sizes: [...sizes], cells };
}

/** Whether a run meets the SLA limit: its violation rate is defined and at most `limit`. */
export function meetsSla(s: SimSummary, limit: number): boolean {
	return finite(s.slaViolationRate) && s.slaViolationRate <= limit + 1e-12 && s.completed > 0;
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

/** Step 2's optimized configuration for one size: the best by objective among runs within the SLA limit. */
export function selectOptimized(rows: Step1Row[], size: number, objective: StudyObjective, slaLimit: number): OptimizedSelection {
	const mine = rows.filter((r) => r.size === size);
	const eligible = mine.filter((r) => meetsSla(r.summary, slaLimit));
	const top = rankByObjective(eligible, objective)[0];
	if (!top) {
		return {
			size,
			objective,
			slaLimit,
			pick: null,
			eligible: 0,
			note:
				mine.length === 0
					? `No Step 1 run of ${size.toLocaleString('en-US')} requests completed.`
					: `None of the ${mine.length} Step 1 configurations keeps SLA violations within ${pct(slaLimit)}; raise the limit or add GPUs.`
		};
	}
	return {
		size,
		objective,
		slaLimit,
		pick: toPick(top, OBJECTIVE_METRIC[objective]),
		eligible: eligible.length,
		note: `Best ${objective} among ${eligible.length} of ${mine.length} configurations within ${pct(slaLimit)} SLA violations: ${top.gpus} GPU(s), ${top.bins} bin(s).`
	};
}

function recommendation(size: number, kind: Recommendation['kind'], r: Step1Row | undefined, reason: string): Recommendation {
	return {
		size,
		kind,
		gpus: r?.gpus ?? null,
		bins: r?.bins ?? null,
		outputTokPerS: r?.summary.outputTokPerS ?? null,
		p95E2eS: r?.summary.e2eP95S ?? null,
		slaViolationRate: r?.summary.slaViolationRate ?? null,
		reason
	};
}

/**
 * Three recommendations for one size: minimum cost (fewest GPUs meeting the SLA limit, lowest P95
 * there), balanced (the scaling knee, best bin count at that GPU count), minimum latency (min P95).
 */
export function recommend(rows: Step1Row[], size: number, scaling: ScalingAnalysis | undefined, slaLimit: number): Recommendation[] {
	const mine = rows.filter((r) => r.size === size);
	const cost = rankByObjective(
		mine.filter((r) => meetsSla(r.summary, slaLimit)),
		'cost'
	)[0];
	const knee = scaling?.recommendedGpus ?? null;
	const balanced = knee === null ? undefined : rankRows(mine.filter((r) => r.gpus === knee), 'e2eP95S', 'min')[0];
	const fastest = rankRows(mine, 'e2eP95S', 'min')[0];
	return [
		recommendation(
			size,
			'min-cost',
			cost,
			cost
				? `Fewest GPUs whose SLA violation rate stays within ${pct(slaLimit)}.`
				: `No configuration keeps SLA violations within ${pct(slaLimit)}.`
		),
		recommendation(size, 'balanced', balanced, balanced ? `The scaling knee: ${scaling?.note ?? ''}`.trim() : 'No scaling knee: no GPU count completed with a P95.'),
		recommendation(size, 'min-latency', fastest, fastest ? 'Lowest P95 E2E in the grid (ties to fewer GPUs, then fewer bins).' : 'No run completed with a P95.')
	];
}

/** Relative gap under which throughput counts as equal to the offered token rate. */
export const ARRIVAL_BOUND_TOLERANCE = 0.03;

/**
 * Whether a workload is arrival-bound: throughput equals the offered token rate (Σ output tokens /
 * arrival span), so configurations cannot differ in throughput. Flags the size when at least half of
 * its completed runs are within `tolerance` of the offered rate.
 */
export function arrivalBound(
	summaries: SimSummary[],
	info: Pick<StudyWorkloadInfo, 'size' | 'offeredTokPerS'>,
	tolerance = ARRIVAL_BOUND_TOLERANCE
): ArrivalBoundNotice | null {
	const offered = info.offeredTokPerS;
	if (!finite(offered) || offered <= 0) return null;
	const done = summaries.filter((s) => finite(s.outputTokPerS));
	const bound = done.filter((s) => Math.abs((s.outputTokPerS as number) - offered) <= tolerance * offered);
	if (done.length === 0 || bound.length * 2 < done.length) return null;
	const n = info.size.toLocaleString('en-US');
	const rate = Math.round(offered).toLocaleString('en-US');
	return {
		size: info.size,
		offeredTokPerS: offered,
		boundRuns: bound.length,
		totalRuns: done.length,
		message:
			`${n} requests: ${bound.length === done.length ? 'every' : `${bound.length} of ${done.length}`} configuration(s) deliver the offered ` +
			`${rate} output tok/s. Throughput is set by arrivals, not by the method or GPU count, so compare latency instead.`
	};
}
