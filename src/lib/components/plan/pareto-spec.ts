/**
 * The Pareto chart's spec (pure): cost per hour against P95 TTFT or E2E for every evaluated deployment
 * with a price, one series per GPU type (its catalog colour order), plus the frontier as a step line
 * (deployments no cheaper one beats on that P95). Both axes are log: costs span a few dollars to
 * hundreds, and overloaded deployments wait minutes. `ids` maps each drawn dot back to its point.
 */
import type { LineLayoutInput, LineSeries } from '../../charts/line-layout';
import { latencyOf, type FrontierMetric } from '../../plan/pareto';
import type { PlanPoint, PlanResult } from '../../plan/types';

export interface ParetoSpec {
	chart: LineLayoutInput;
	/** Point ids per series, in the order of its points (series 0 is the frontier). */
	ids: string[][];
	/** Evaluated points left out (no price, or no latency value). */
	leftOut: number;
}

const drawable = (p: PlanPoint, metric: FrontierMetric) => p.dollarsPerHour !== null && p.dollarsPerHour > 0 && (latencyOf(p, metric) ?? 0) > 0;

export function paretoSpec(result: PlanResult, metric: FrontierMetric): ParetoSpec {
	const byId = new Map(result.points.map((p) => [p.id, p]));
	const frontier = result.frontier[metric].map((id) => byId.get(id)).filter((p): p is PlanPoint => p !== undefined && drawable(p, metric));
	const series: LineSeries[] = [
		{ name: 'Frontier (meets the SLOs)', color: '#111111', points: frontier.map((p) => ({ x: p.dollarsPerHour as number, y: latencyOf(p, metric) })) }
	];
	const ids: string[][] = [frontier.map((p) => p.id)];
	const gpus = [...new Set(result.points.map((p) => p.gpu))];
	let leftOut = 0;
	for (const gpu of gpus) {
		const pts = result.points.filter((p) => p.gpu === gpu);
		const shown = pts.filter((p) => drawable(p, metric)).sort((a, b) => (a.dollarsPerHour as number) - (b.dollarsPerHour as number));
		leftOut += pts.length - shown.length;
		if (!shown.length) continue;
		series.push({ name: gpu, points: shown.map((p) => ({ x: p.dollarsPerHour as number, y: latencyOf(p, metric) })) });
		ids.push(shown.map((p) => p.id));
	}
	const label = metric === 'ttft' ? 'P95 TTFT (s)' : 'P95 E2E latency (s)';
	return {
		chart: {
			title: `Cost against ${metric === 'ttft' ? 'P95 TTFT' : 'P95 E2E'} for every deployment tried at ${result.setting.rateReqPerS} req/s`,
			series,
			xLabel: 'Cost ($ per hour)',
			yLabel: label,
			xScale: 'log',
			yScale: 'log',
			curve: 'step',
			points: true,
			yFormat: 'duration',
			id: `plan-pareto-${metric}`
		},
		ids,
		leftOut
	};
}
