/**
 * Every study chart as a standalone SVG file, rendered with svelte/server from the same components and
 * the same specs the page uses (study-charts.ts). The CLI's `study` command writes these next to the CSVs.
 * In Node outside Vite, load this module through loadStudyChartSvgs() (node-svelte.ts), which teaches
 * Node to import .svelte files first.
 */
import { render } from 'svelte/server';
import type { StudyResult } from '../study/types';
import BarChart from './BarChart.svelte';
import Heatmap from './Heatmap.svelte';
import LineChart from './LineChart.svelte';
import { svgMarkupToFile } from './export';
import { studyCharts, type StudyChart } from './study-charts';

/** One chart file: its name (e.g. "latency_heatmap_100k.svg") and its SVG text. */
export interface ChartFile {
	file: string;
	svg: string;
}

/** Server-renders one chart spec with its component. */
function renderChart(c: StudyChart): string {
	switch (c.kind) {
		case 'line':
			return render(LineChart, { props: c.spec }).body;
		case 'heatmap':
			return render(Heatmap, { props: c.spec }).body;
		case 'bar':
			return render(BarChart, { props: c.spec }).body;
	}
}

/** Renders the study's charts (the list and file names are studyCharts' own). */
export function studyChartSvgs(study: StudyResult): ChartFile[] {
	return studyCharts(study).map((c) => ({ file: c.file, svg: svgMarkupToFile(renderChart(c)) }));
}
