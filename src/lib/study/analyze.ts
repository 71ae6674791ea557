/**
 * The study's analysis, all derived from Step 1 / Step 2 results (nothing hard-coded): best
 * configurations, GPU scaling and its knee, bin effect (with the oracle as upper bound), efficiency
 * table and arrival-bound detection. Pure functions on plain rows. What meets the SLO, the optimized
 * pick and the recommendations are in recommend.ts.
 *
 * Ties always go to fewer GPUs, then fewer bins (the cheaper, simpler configuration).
 */
import type { SimSummary } from '../sim/types';
import type { ArrivalBoundNotice, BinEffect, ConfigPick, EfficiencyTable, ScalingAnalysis, ScalingPoint, Step1Row, StudyWorkloadInfo, WorkloadSummary } from './types';

/** Numeric summary fields (those that are number | null). */
export type MetricKey = { [K in keyof SimSummary]-?: SimSummary[K] extends number | null ? K : never }[keyof SimSummary];

export const finite = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x);

/** Relative tolerance under which two metric values count as a tie (simulation noise in the last bits). */
export const TIE_REL = 1e-9;

export function better(a: number, b: number, dir: 'min' | 'max'): number {
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

export function toPick(r: Step1Row, metric: MetricKey): ConfigPick {
	return { key: r.key, method: r.method, gpus: r.gpus, bins: r.bins, value: r.summary[metric] as number };
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

export function rel(from: number | null, to: number | null): number | null {
	if (!finite(from) || !finite(to) || from === 0) return null;
	return (from - to) / from;
}

export const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/**
 * The knee of a P95-vs-GPUs curve (points ascending by GPUs, each with a P95): the smallest count after
 * which the next count improves P95 by less than `threshold`. Never the last point: when every step,
 * the last included, still improves by at least the threshold there is "no knee within the grid".
 */
export function kneeOf(points: { gpus: number; p95: number }[], threshold: number): { gpus: number | null; note: string } {
	if (points.length === 0) return { gpus: null, note: 'no data' };
	if (points.length === 1) return { gpus: null, note: `Only ${points[0].gpus} GPU(s) to compare: no knee within the grid; add GPU counts.` };
	for (let i = 0; i + 1 < points.length; i++) {
		const gain = rel(points[i].p95, points[i + 1].p95);
		if (gain !== null && gain < threshold) {
			const red = rel(points[0].p95, points[i].p95);
			return {
				gpus: points[i].gpus,
				note:
					`${points[i].gpus} GPUs` +
					(red !== null && i > 0 ? ` cut P95 by ${pct(red)} vs ${points[0].gpus} GPU(s);` : ';') +
					` going to ${points[i + 1].gpus} improves it by only ${pct(gain)} (< ${pct(threshold)}).`
			};
		}
	}
	const a = points[points.length - 2];
	const b = points[points.length - 1];
	const gain = rel(a.p95, b.p95);
	return {
		gpus: null,
		note: `No knee within the grid: going from ${a.gpus} to ${b.gpus} GPUs still improves P95 by ${gain === null ? 'n/a' : pct(gain)} (≥ ${pct(threshold)}); add larger GPU counts to find it.`
	};
}

/**
 * GPU scaling for one size at bin count `bins` (multi-bin rows): P95 E2E per GPU count, its reduction vs
 * the first (1 GPU when the grid has it) and vs the previous count, and the knee (kneeOf). Counts
 * without a P95 are left out of the knee walk (their point shows null).
 */
export function scalingAnalysis(rows: Step1Row[], size: number, bins: number, threshold: number): ScalingAnalysis {
	const mine = rows.filter((r) => r.size === size && r.bins === bins && r.method === 'multibin').sort((a, b) => a.gpus - b.gpus);
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
	if (withP95.length === 0) {
		return { size, bins, points, recommendedGpus: null, kneeWithinGrid: false, note: `No run of ${size.toLocaleString('en-US')} requests at ${bins} bin(s) completed with a P95: no recommendation.` };
	}
	const knee = kneeOf(
		withP95.map((r) => ({ gpus: r.gpus, p95: r.summary.e2eP95S as number })),
		threshold
	);
	return { size, bins, points, recommendedGpus: knee.gpus, kneeWithinGrid: knee.gpus !== null, note: knee.note };
}

/**
 * How the bin count changes P95 for one size: per bin count, the best P95 over GPU counts and the
 * mean relative change vs the fewest bins, paired by GPU count (so GPU scaling does not leak in).
 */
export function binEffect(rows: Step1Row[], size: number, predictor = 'oracle predictor (true lengths)', oracleRows: Step1Row[] = []): BinEffect {
	const mine = rows.filter((r) => r.size === size && r.method === 'multibin' && finite(r.summary.e2eP95S));
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
	return { size, points, bestBins, note, predictor, oracle: oracleComparison(rows, oracleRows, size) };
}

/** The oracle's bin effect beside the chosen predictor's, at the GPU count the oracle runs used. */
function oracleComparison(rows: Step1Row[], oracleRows: Step1Row[], size: number): BinEffect['oracle'] {
	const oracle = oracleRows.filter((r) => r.size === size);
	if (oracle.length === 0) return null;
	const gpus = Math.min(...oracle.map((r) => r.gpus));
	const binsList = [...new Set(oracle.filter((r) => r.gpus === gpus).map((r) => r.bins))].sort((a, b) => a - b);
	const at = (list: Step1Row[], bins: number) => list.find((r) => r.size === size && r.method === 'multibin' && r.gpus === gpus && r.bins === bins)?.summary ?? null;
	return {
		gpus,
		points: binsList.map((bins) => ({
			bins,
			predictedP95E2eS: at(rows, bins)?.e2eP95S ?? null,
			oracleP95E2eS: at(oracle, bins)?.e2eP95S ?? null,
			predictedTokPerS: at(rows, bins)?.outputTokPerS ?? null,
			oracleTokPerS: at(oracle, bins)?.outputTokPerS ?? null
		}))
	};
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
