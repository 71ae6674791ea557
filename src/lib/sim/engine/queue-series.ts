/**
 * Queue length per replica over time, for the page's chart of a run, at a bounded size whatever the
 * run's length: samples on a regular grid that coarsens as the run goes on. The grid starts at the
 * first arrival with a step of the arrival span / QUEUE_SERIES_POINTS; when the buffer of
 * 2 × QUEUE_SERIES_POINTS samples is full, every other sample is dropped and the step doubles, so a run
 * keeps between QUEUE_SERIES_POINTS and twice that many samples, drain included.
 *
 * A sample is the queue length at the grid time itself: the scheduler calls sampleQueues(t) before
 * handling every wake-up and every arrival that reaches the next grid time, and queue lengths only
 * change at events. The cost is one comparison per
 * event, plus QUEUE_SERIES_REPLICAS reads per sample.
 *
 * Only the first QUEUE_SERIES_REPLICAS replicas are kept (the chart says so). With routing 'global'
 * there is one shared queue, kept as a single series.
 */
import type { ReplicaQueueSeries } from '../types';

/** Samples kept at least (the buffer holds twice as many before it halves). */
export const QUEUE_SERIES_POINTS = 120;
/** Replicas whose queue is kept. */
export const QUEUE_SERIES_REPLICAS = 16;

export interface QueueSampler {
	t0: number;
	stepS: number;
	/** Time of the next grid point to fill. */
	nextS: number;
	count: number;
	tS: Float64Array;
	/** values[i * shown + j]: queue j's length at tS[i]. */
	values: Int32Array;
	shown: number;
	replicas: number;
	shared: boolean;
	routing: string;
	/** The last time sampleQueues was called at (the run's last event, at the end). */
	lastS: number;
	/** Waiting requests of queue j now. */
	lengthOf: (j: number) => number;
}

/**
 * A sampler over the replicas' queues (or the one shared queue), for arrivals at arrivalS (sorted), in a
 * run routed by `routing`. `lengthOf` reads a queue's waiting count at the moment it is called.
 */
export function createQueueSampler(arrivalS: Float64Array, replicas: number, routing: string, shared: boolean, lengthOf: (j: number) => number): QueueSampler {
	const n = arrivalS.length;
	const t0 = n > 0 ? arrivalS[0] : 0;
	const span = n > 0 ? arrivalS[n - 1] - t0 : 0;
	// A burst at one instant has no span: start at a millisecond and let the grid coarsen.
	const stepS = span > 0 ? span / QUEUE_SERIES_POINTS : 1e-3;
	const shown = shared ? 1 : Math.min(replicas, QUEUE_SERIES_REPLICAS);
	const cap = 2 * QUEUE_SERIES_POINTS;
	return { t0, stepS, nextS: t0, count: 0, tS: new Float64Array(cap), values: new Int32Array(cap * shown), shown, replicas, shared, routing, lastS: t0, lengthOf };
}

/** Fills every grid point at or before t with the queue lengths now (call before handling the event at t). */
export function sampleQueues(s: QueueSampler, t: number): void {
	s.lastS = t;
	while (s.nextS <= t) {
		if (s.count === s.tS.length) halve(s);
		const i = s.count++;
		s.tS[i] = s.nextS;
		for (let j = 0; j < s.shown; j++) s.values[i * s.shown + j] = s.lengthOf(j);
		s.nextS = s.t0 + s.count * s.stepS;
	}
}

/** Keeps samples 0, 2, 4, ... and doubles the step. */
function halve(s: QueueSampler): void {
	const half = s.count >> 1;
	for (let i = 0; i < half; i++) {
		s.tS[i] = s.tS[2 * i];
		for (let j = 0; j < s.shown; j++) s.values[i * s.shown + j] = s.values[2 * i * s.shown + j];
	}
	s.count = half;
	s.stepS *= 2;
}

/** The samples as plain data for SimSeries, the last one at the run's last event (queues empty by then). */
export function finishQueueSeries(s: QueueSampler): ReplicaQueueSeries {
	if (s.count === 0 || s.tS[s.count - 1] < s.lastS) {
		if (s.count === s.tS.length) halve(s);
		const i = s.count++;
		s.tS[i] = s.lastS;
		for (let j = 0; j < s.shown; j++) s.values[i * s.shown + j] = s.lengthOf(j);
	}
	const tS = Array.from(s.tS.subarray(0, s.count));
	const queues: number[][] = [];
	for (let j = 0; j < s.shown; j++) {
		const q: number[] = [];
		for (let i = 0; i < s.count; i++) q.push(s.values[i * s.shown + j]);
		queues.push(q);
	}
	return { tS, queues, replicas: s.replicas, shared: s.shared, routing: s.routing };
}
