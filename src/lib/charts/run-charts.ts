/**
 * Chart specs of one run's detail (a heatmap cell, a Quick run): latency CDFs, queue length and busy
 * GPUs over time, from the run's SimSeries. Pure, like study-charts.ts; ConfigDetail passes them to
 * LineChart. Counts (queued requests, busy GPUs) get whole-number y ticks.
 */
import type { SimSeries } from '../sim/types';
import type { LineChartSpec } from './study-charts';

/** "Latency CDF": share of requests finished within x seconds, E2E and TTFT, log x when every x is positive. */
export function latencyCdfChart(series: SimSeries, label: string, idBase: string): LineChartSpec {
	const cdf = [
		{ name: 'E2E', points: series.e2eCdf.x.map((x, i) => ({ x, y: series.e2eCdf.y[i] })) },
		{ name: 'TTFT', points: series.ttftCdf.x.map((x, i) => ({ x, y: series.ttftCdf.y[i] })) }
	];
	const positive = cdf.every((s) => s.points.length > 0 && s.points.every((p) => p.x > 0));
	return {
		series: cdf,
		title: `Latency CDF: ${label}`,
		xLabel: 'Latency (s)',
		yLabel: 'Share of requests',
		xScale: positive ? 'log' : 'linear',
		yFormat: 'percent',
		yInteger: false,
		curve: 'step',
		points: false,
		height: 300,
		id: `${idBase}-cdf`
	};
}

/** "Queue length over time": requests waiting for a GPU (a count: whole-number ticks). */
export function queueLengthChart(series: SimSeries, label: string, idBase: string): LineChartSpec {
	return {
		series: [{ name: 'Queued requests', points: series.timeline.tS.map((x, i) => ({ x, y: series.timeline.queueLength[i] })) }],
		title: `Queue length: ${label}`,
		xLabel: 'Time (s)',
		yLabel: 'Queued requests',
		yZero: true,
		yInteger: true,
		yFormat: 'count',
		points: false,
		height: 260,
		id: `${idBase}-queue`
	};
}

/** "Busy GPUs over time": GPUs running a batch (a count: no tick at 0.5 GPU). */
export function busyGpusChart(series: SimSeries, label: string, idBase: string): LineChartSpec {
	return {
		series: [{ name: 'Busy GPUs', points: series.timeline.tS.map((x, i) => ({ x, y: series.timeline.busyGpus[i] })) }],
		title: `Busy GPUs: ${label}`,
		xLabel: 'Time (s)',
		yLabel: 'Busy GPUs',
		yZero: true,
		yInteger: true,
		yFormat: 'count',
		points: false,
		height: 260,
		id: `${idBase}-busy`
	};
}
