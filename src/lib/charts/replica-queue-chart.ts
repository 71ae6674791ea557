/**
 * Chart spec of one run's queue length per replica over time (SimSeries.replicaQueues, kept by the
 * engine's queue sampler: a bounded, regularly sampled series of at most the first 16 replicas).
 * Pure, like run-charts.ts; ReplicaQueueChart.svelte passes it to LineChart. Counts get whole-number
 * y ticks.
 */
import type { ReplicaQueueSeries, SimSeries } from '../sim/types';
import type { LineChartSpec } from './study-charts';

/** "Queue length per replica": one line per replica (one for the shared queue); null when the run has no such series. */
export function replicaQueueChart(series: SimSeries, label: string, idBase: string): LineChartSpec | null {
	const q = series.replicaQueues;
	if (!q || q.tS.length === 0) return null;
	const lines = q.queues.map((values, j) => ({
		name: q.shared ? 'Shared queue (all GPUs)' : `GPU ${j + 1}`,
		points: q.tS.map((x, i) => ({ x, y: values[i] }))
	}));
	return {
		series: lines,
		title: `Queue length per GPU: ${label}`,
		xLabel: 'Time (s)',
		yLabel: 'Waiting requests',
		yZero: true,
		yInteger: true,
		yFormat: 'count',
		points: false,
		height: 280,
		id: `${idBase}-replica-queues`
	};
}

/** The sentence under the chart: what is drawn, how it is sampled, and which replicas are left out. */
export function replicaQueueCaption(q: ReplicaQueueSeries): string {
	const sampled = `sampled at ${q.tS.length} instants on an even grid over the run (the grid coarsens as the run goes on, so the size stays bounded)`;
	if (q.shared) return `Routing ${q.routing}: every GPU pulls from one shared queue, so there is one line: the requests waiting in it, ${sampled}.`;
	const shown = q.queues.length < q.replicas ? ` Only the first ${q.queues.length} of ${q.replicas} GPUs are drawn.` : '';
	return `Routing ${q.routing}: requests waiting in each GPU's own queue (the router assigned them on arrival), ${sampled}.${shown}`;
}
