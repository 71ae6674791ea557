/**
 * The shared waiting queues of the iteration-level engine: one per admission bin (one in FCFS mode).
 * Never-started requests of a bin wait in arrival order, so each bin is a slice of a precomputed id
 * list between `head` (next to admit) and `arrived` (arrived so far). Preempted requests go back to the
 * head of their bin (vLLM puts them in front of the waiting queue) on a per-bin stack: the last one
 * preempted is the first one readmitted.
 */
import type { BinPolicy } from '../types';

/** Plain-data queues; build with createAdmissionQueues. */
export interface AdmissionQueues {
	bins: number;
	/** Per bin: ids of the requests that will ever queue there, in arrival order. */
	lists: Int32Array[];
	/** Per bin: index in lists[k] of the next never-started request. */
	head: Int32Array;
	/** Per bin: how many of lists[k] have arrived. */
	arrived: Int32Array;
	/** Per bin: preempted requests, top of stack = head of the queue. */
	front: number[][];
	/** Per bin: requests waiting now (front + arrived − head). */
	waiting: Int32Array;
	/** Requests waiting in all bins. */
	total: number;
	/** Round-robin cursor: the bin to try first next time. */
	nextBin: number;
}

/** Queues for the served (not dropped) requests, `binOf[i]` being each request's bin. */
export function createAdmissionQueues(bins: number, binOf: ArrayLike<number>, served: ArrayLike<number>, n: number): AdmissionQueues {
	const counts = new Int32Array(bins);
	for (let i = 0; i < n; i++) if (served[i]) counts[binOf[i]]++;
	const lists = Array.from(counts, (c) => new Int32Array(c));
	const fill = new Int32Array(bins);
	for (let i = 0; i < n; i++) if (served[i]) lists[binOf[i]][fill[binOf[i]]++] = i;
	return {
		bins,
		lists,
		head: new Int32Array(bins),
		arrived: new Int32Array(bins),
		front: Array.from({ length: bins }, () => [] as number[]),
		waiting: new Int32Array(bins),
		total: 0,
		nextBin: 0
	};
}

/** Records the arrival of the next never-started request of bin k (arrivals come in time order). */
export function arrive(q: AdmissionQueues, k: number): void {
	q.arrived[k]++;
	q.waiting[k]++;
	q.total++;
}

/** The request at the head of bin k, or −1 when the bin is empty. */
export function headOf(q: AdmissionQueues, k: number): number {
	const f = q.front[k];
	if (f.length > 0) return f[f.length - 1];
	return q.head[k] < q.arrived[k] ? q.lists[k][q.head[k]] : -1;
}

/** Removes the head of bin k (the caller admits it). */
export function popHead(q: AdmissionQueues, k: number): void {
	const f = q.front[k];
	if (f.length > 0) f.pop();
	else q.head[k]++;
	q.waiting[k]--;
	q.total--;
}

/** Puts a preempted request back at the head of bin k. */
export function pushFront(q: AdmissionQueues, k: number, id: number): void {
	q.front[k].push(id);
	q.waiting[k]++;
	q.total++;
}

/**
 * The bin a GPU admits from at a step boundary, among bins whose head `fits` it; −1 when none.
 * oldest: the earliest-arrived head (Guldogan et al.'s default); round-robin: the next fitting bin after
 * the last one served; longest: the bin with the most waiting requests. Ties go to the lower bin.
 * Only bins whose head fits are considered, so a GPU that is told it can admit always does.
 */
export function chooseBin(q: AdmissionQueues, policy: BinPolicy, arrivalS: Float64Array, fits: (id: number) => boolean): number {
	if (q.bins === 1) {
		const h = headOf(q, 0);
		return h >= 0 && fits(h) ? 0 : -1;
	}
	let best = -1;
	let bestScore = 0;
	for (let j = 0; j < q.bins; j++) {
		const k = policy === 'round-robin' ? (q.nextBin + j) % q.bins : j;
		const h = headOf(q, k);
		if (h < 0 || !fits(h)) continue;
		if (policy === 'round-robin') return k;
		const score = policy === 'oldest' ? -arrivalS[h] : q.waiting[k];
		if (best < 0 || score > bestScore) {
			best = k;
			bestScore = score;
		}
	}
	return best;
}

/** Notes that bin k was served (advances the round-robin cursor). */
export function served(q: AdmissionQueues, k: number): void {
	q.nextBin = (k + 1) % q.bins;
}
