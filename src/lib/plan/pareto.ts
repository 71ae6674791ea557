/**
 * The cost/latency frontier of a plan's evaluated deployments: among those that meet the SLOs and have
 * a price, the ones no cheaper (or equally cheap) deployment beats on the chosen P95. Sorted by cost,
 * each frontier point has a strictly lower P95 than every cheaper one.
 */
import type { PlanPoint } from './types';

export type FrontierMetric = 'ttft' | 'e2e';

/** The P95 a frontier reads (seconds), or null. */
export function latencyOf(p: PlanPoint, metric: FrontierMetric): number | null {
	return metric === 'ttft' ? p.ttftP95S : p.e2eP95S;
}

/** Ids of the frontier points, cheapest first. */
export function paretoFrontier(points: readonly PlanPoint[], metric: FrontierMetric): string[] {
	const eligible = points
		.filter((p) => p.meetsSlo && p.dollarsPerHour !== null && latencyOf(p, metric) !== null)
		.sort((a, b) => (a.dollarsPerHour as number) - (b.dollarsPerHour as number) || (latencyOf(a, metric) as number) - (latencyOf(b, metric) as number) || (a.id < b.id ? -1 : 1));
	const out: string[] = [];
	let best = Infinity;
	for (const p of eligible) {
		const l = latencyOf(p, metric) as number;
		if (l < best) {
			out.push(p.id);
			best = l;
		}
	}
	return out;
}
