/**
 * Every study chart as a standalone SVG file, rendered with svelte/server from the same components
 * and props the page uses (study-charts.ts). The CLI's `study` command writes these next to the CSVs.
 * In Node outside Vite, load this module through loadStudyChartSvgs() (node-svelte.ts), which teaches
 * Node to import .svelte files first.
 */
import { render } from 'svelte/server';
import type { StudyResult } from '../study/types';
import BarChart from './BarChart.svelte';
import Heatmap from './Heatmap.svelte';
import LineChart from './LineChart.svelte';
import { svgMarkupToFile } from './export';
import { gpuEfficiencyChart, gpuScalingChart, latencyHeatmap, methodComparisonChart, sizeLabel, studySizes } from './study-charts';

/** One chart file: its name (e.g. "latency_heatmap_100k.svg") and its SVG text. */
export interface ChartFile {
	file: string;
	svg: string;
}

/**
 * Renders the study's charts: gpu_scaling_by_workload.svg, latency_heatmap_<size>.svg per workload size
 * (size as "1k", "100k", "1m"), step2_method_comparison_throughput.svg, step2_method_comparison_p95.svg
 * and gpu_efficiency.svg. Charts whose data is absent (no Step 2 rows, no grid) are left out.
 */
export function studyChartSvgs(study: StudyResult): ChartFile[] {
	const out: ChartFile[] = [];
	const svg = (body: string) => svgMarkupToFile(body);
	if (study.scaling.length > 0) {
		out.push({ file: 'gpu_scaling_by_workload.svg', svg: svg(render(LineChart, { props: gpuScalingChart(study) }).body) });
	}
	for (const size of studySizes(study)) {
		if (!study.step1.some((r) => r.size === size)) continue;
		out.push({
			file: `latency_heatmap_${sizeLabel(size).toLowerCase()}.svg`,
			svg: svg(render(Heatmap, { props: latencyHeatmap(study, size) }).body)
		});
	}
	if (study.step2.length > 0) {
		out.push({
			file: 'step2_method_comparison_throughput.svg',
			svg: svg(render(BarChart, { props: methodComparisonChart(study, 'throughput') }).body)
		});
		out.push({ file: 'step2_method_comparison_p95.svg', svg: svg(render(BarChart, { props: methodComparisonChart(study, 'p95') }).body) });
	}
	if (study.efficiency.gpuCounts.length > 0 && study.efficiency.sizes.length > 0) {
		out.push({ file: 'gpu_efficiency.svg', svg: svg(render(LineChart, { props: gpuEfficiencyChart(study) }).body) });
	}
	return out;
}
