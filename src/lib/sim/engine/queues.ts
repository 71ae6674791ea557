/**
 * The admission queues both batching regimes share: one queue per bin (one when bins = 1), and the bin
 * choice through the one BIN_POLICIES registry (policies/). Never-started requests of a bin wait in
 * arrival order, so each bin is a slice of a precomputed id list between `head` (next to admit) and
 * `arrived` (arrived so far): enqueue and dequeue are counter bumps, no per-request objects.
 * Preempted requests go back to the head of their bin (vLLM puts them in front of the waiting queue) on
 * a per-bin stack: the last one preempted is the first one readmitted.
 *
 * With routing 'global' one set of queues serves every replica (the ideal shared queue). Behind a router
 * each replica has its own AdmissionQueues (createRoutedQueues): the ids are not known before the run,
 * so each bin's list grows as the router sends requests there (enqueue), by doubling.
 */
import { BIN_POLICIES, type BinQueueView } from '../policies/index';
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
	/** Per bin: requests waiting now (front + arrived − head). Also the policies' view.length. */
	waiting: Int32Array;
	/** Requests waiting in all bins. */
	total: number;
	/** What the bin policies read; filled by chooseBin. */
	view: BinQueueView & { eligible: Uint8Array };
}

/**
 * Queues for the served requests, `binOf[i]` being each request's bin. `served[i]` non-zero marks a
 * served request; with `servedWhenZero` it is a drop code instead (0 = served), so the engine passes
 * its drop codes without building a mask.
 */
export function createAdmissionQueues(bins: number, binOf: ArrayLike<number>, served: ArrayLike<number>, n: number, servedWhenZero = false): AdmissionQueues {
	// Two passes over every request (count, then place) with the served test hoisted out of the loops.
	const counts = new Int32Array(bins);
	if (servedWhenZero) {
		for (let i = 0; i < n; i++) if (served[i] === 0) counts[binOf[i]]++;
	} else for (let i = 0; i < n; i++) if (served[i] !== 0) counts[binOf[i]]++;
	const lists = Array.from(counts, (c) => new Int32Array(c));
	const fill = new Int32Array(bins);
	if (servedWhenZero) {
		for (let i = 0; i < n; i++) if (served[i] === 0) lists[binOf[i]][fill[binOf[i]]++] = i;
	} else for (let i = 0; i < n; i++) if (served[i] !== 0) lists[binOf[i]][fill[binOf[i]]++] = i;
	return queuesOver(lists);
}

/**
 * Empty per-replica queues for `replicas` replicas behind a router: bin k's list starts with room for
 * an even share of the requests that will ever queue in bin k (perBin[k] / replicas), so an even
 * spread never regrows, and grows as the router sends more (enqueue).
 */
export function createRoutedQueues(bins: number, perBin: ArrayLike<number>, replicas: number): AdmissionQueues {
	return queuesOver(Array.from({ length: bins }, (_, k) => new Int32Array(Math.ceil((perBin[k] * 1.125) / replicas) + 16)));
}

/** Empty queues over one request list per bin (the shared and the routed layouts differ only in their lists). */
function queuesOver(lists: Int32Array[]): AdmissionQueues {
	const bins = lists.length;
	const waiting = new Int32Array(bins);
	return {
		bins,
		lists,
		head: new Int32Array(bins),
		arrived: new Int32Array(bins),
		front: Array.from({ length: bins }, () => [] as number[]),
		waiting,
		total: 0,
		view: { bins, length: waiting, headArrivalS: new Float64Array(bins).fill(Infinity), lastBin: -1, eligible: new Uint8Array(bins) }
	};
}

/** Served requests per bin (drop code 0): what createRoutedQueues sizes its lists from. */
export function servedPerBin(bins: number, binOf: ArrayLike<number>, dropCode: ArrayLike<number>, n: number): Int32Array {
	const counts = new Int32Array(bins);
	for (let i = 0; i < n; i++) if (dropCode[i] === 0) counts[binOf[i]]++;
	return counts;
}

/**
 * Routed request `id` arrives in bin k of a replica's own queues (createRoutedQueues). A full list is
 * replaced by one holding only its never-started part, twice as long when that part fills most of it.
 * A running request-level batch keeps reading the old list (it holds the array and its indices), which
 * is never written again.
 */
export function enqueue(q: AdmissionQueues, k: number, id: number): void {
	let list = q.lists[k];
	let at = q.arrived[k];
	if (at === list.length) {
		const head = q.head[k];
		const waiting = at - head;
		const next = new Int32Array(Math.max(list.length, 2 * waiting + 16));
		// A plain loop: a subarray view would be one more typed array per regrowth.
		for (let j = head; j < at; j++) next[j - head] = list[j];
		q.lists[k] = list = next;
		q.head[k] = 0;
		q.arrived[k] = at = waiting;
	}
	list[at] = id;
	arrive(q, k);
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

/**
 * Removes the first `count` never-started requests of bin k at once: lists[k][head[k] .. head[k] + count)
 * (request-level batching, which never puts a request back in front, takes its batches this way).
 */
export function takeRun(q: AdmissionQueues, k: number, count: number): void {
	q.head[k] += count;
	q.waiting[k] -= count;
	q.total -= count;
}

/** Puts a preempted request back at the head of bin k. */
export function pushFront(q: AdmissionQueues, k: number, id: number): void {
	q.front[k].push(id);
	q.waiting[k]++;
	q.total++;
}

/**
 * The bin to serve next by the policy (BIN_POLICIES), among bins whose head `fits` (every non-empty
 * bin when `fits` is absent); −1 when none. Only bins whose head fits are considered, so a replica
 * that is told it can admit always does. Does not move the round-robin cursor (see served).
 */
export function chooseBin(q: AdmissionQueues, policy: BinPolicy, arrivalS: Float64Array, fits?: (id: number) => boolean): number {
	if (q.bins === 1) {
		const h = headOf(q, 0);
		return h >= 0 && (fits === undefined || fits(h)) ? 0 : -1;
	}
	const v = q.view;
	for (let k = 0; k < q.bins; k++) {
		const h = headOf(q, k);
		v.headArrivalS[k] = h >= 0 ? arrivalS[h] : Infinity;
		v.eligible[k] = h >= 0 && (fits === undefined || fits(h)) ? 1 : 0;
	}
	return BIN_POLICIES[policy](v);
}

/**
 * Sets bin k's entry in the policies' view: the head's arrival time (+Infinity and not eligible when
 * the bin is empty). Request-level batching, whose every head is eligible, keeps the view current this
 * way as heads change (an arrival into an empty bin, a batch taken) and hands it to the policy as it
 * is; chooseBin rebuilds it instead, for schedulers whose heads must also fit.
 */
export function headView(q: AdmissionQueues, k: number, headArrivalS: number): void {
	q.view.headArrivalS[k] = headArrivalS;
	q.view.eligible[k] = headArrivalS === Infinity ? 0 : 1;
}

/** The first bin whose head fits, ignoring the policy (can anything be admitted at all?); −1 when none. */
export function anyFitting(q: AdmissionQueues, fits: (id: number) => boolean): number {
	for (let k = 0; k < q.bins; k++) {
		const h = headOf(q, k);
		if (h >= 0 && fits(h)) return k;
	}
	return -1;
}

/** Notes that bin k was served (the round-robin policy starts after it next time). */
export function served(q: AdmissionQueues, k: number): void {
	q.view.lastBin = k;
}
