/**
 * Request-level batching behind a router (every routing policy but 'global'): each replica has its own
 * queues (one per bin) and its own sizers, as a replica of a real deployment runs its own scheduler.
 * The router sends each servable request to a replica when it arrives (engine/router.ts); an idle
 * replica takes a batch from its own queue after the last arrival of the instant, and a replica whose
 * batch ends takes its next batch at once. The batch rules are the shared-queue ones
 * (request-level.ts, startOn).
 *
 * What the router reads, at arrival time t: a replica's outstanding requests are its queue plus the
 * members of its batch whose last token is not out before t. The count is kept as it changes: +1 per
 * request routed there, −1 per member passing its last token (the times are sorted once per batch and a
 * cursor walks them). An indexed minimum over each replica's next last-token time says which replicas
 * have members to count down at an arrival, so only those are visited: O(log replicas) per replica
 * whose count changes, nothing for the others (the router's own index then answers least-outstanding
 * without a scan). Its KV in use is the batch's reservation, copied for every replica at every arrival
 * (least-kv stays O(replicas): a batch's reservation is what it is, but the policy compares them all).
 * Only the fields the policy reads are kept current.
 */
import { earliestS, popEarliest } from '../engine/clock';
import { createRoutedQueues, enqueue, headView, servedPerBin } from '../engine/queues';
import { createQueueSampler, finishQueueSeries, sampleQueues } from '../engine/queue-series';
import { MinTree } from '../engine/min-tree';
import { routeRequest, setOutstanding, type EngineRouter } from '../engine/router';
import type { ReplicaScheduler } from '../engine/scheduler';
import type { RequestLevelCore } from './request-level';

export function createRoutedRequestLevel(core: RequestLevelCore, router: EngineRouter): ReplicaScheduler {
	const { env, G, K, idle, busy, kv, little, complete, startOn } = core;
	const { table, clock, recorder: rec } = env;
	const { arrivalS, dropCode, n, bin: binOf } = table;
	const perBin = servedPerBin(K, binOf, dropCode, n);
	const queues = Array.from({ length: G }, () => createRoutedQueues(K, perBin, G));
	const sizers = Array.from({ length: G }, () => core.newSizers());
	const sampler = createQueueSampler(arrivalS, G, router.policy.id, false, (j) => queues[j].total);
	const waiting = { total: 0 };
	const ends = new OutstandingEnds(G);
	const trackEnds = router.readsOutstanding;
	const finished = new Int32Array(G);
	// The idle replicas routed to at the current instant (each starts a batch after the instant's last arrival).
	const toStart = new Int32Array(G);
	let toStartCount = 0;
	const pending = new Uint8Array(G);

	// loads[g].outstanding is kept as it changes: +1 when a request is routed to g, −1 as each member of
	// g's batch passes its last token. Only the replicas with a member whose last token is before t are
	// visited (the index over next last-token times hands them out, earliest first).
	const refreshLoads = (t: number): void => {
		const loads = router.loads;
		if (trackEnds) ends.passBefore(t, router);
		if (router.readsKv) for (let g = 0; g < G; g++) loads[g].kvUsedTokens = kv.used[g];
	};

	/** Idle replica g takes a batch from its own queue at t. */
	const start = (g: number, t: number): void => {
		idle.remove(g);
		waiting.total -= startOn(g, queues[g], sizers[g], t);
		if (trackEnds) ends.noteBatch(g, core.runList[g], core.runFrom[g], core.runTo[g], rec.lastTokenS, clock.timeS[g]);
	};

	/** Replica g's batch ends: members whose last token no arrival has seen pass now (every later arrival is after now). */
	const finish = (g: number): void => {
		complete(g);
		if (trackEnds) setOutstanding(router, g, router.loads[g].outstanding - ends.clear(g));
	};

	/** The idle replicas routed to at instant t take a batch each, lowest index first (as a scan over replicas would). */
	const startRoutedTo = (t: number): void => {
		const m = toStartCount;
		toStartCount = 0;
		if (m > 1) sortInts(toStart, m);
		for (let i = 0; i < m; i++) {
			const g = toStart[i];
			pending[g] = 0;
			if (busy[g] === 0 && queues[g].total > 0) start(g, t);
		}
	};

	const advance = (t: number): void => {
		little.integralS += waiting.total * (t - little.lastT);
		little.lastT = t;
	};

	return {
		onArrivals(first, untilS) {
			let id = first;
			let decide = false;
			for (;;) {
				const t = arrivalS[id];
				if (t >= sampler.nextS) sampleQueues(sampler, t);
				advance(t);
				if (dropCode[id] === 0) {
					refreshLoads(t);
					const g = routeRequest(router, id);
					const q = queues[g];
					const k = binOf[id];
					if (K > 1 && q.waiting[k] === 0) headView(q, k, t);
					enqueue(q, k, id);
					waiting.total++;
					if (trackEnds) setOutstanding(router, g, router.loads[g].outstanding + 1);
					if (busy[g] === 0) {
						if (pending[g] === 0) {
							pending[g] = 1;
							toStart[toStartCount++] = g;
						}
						decide = true;
					}
				}
				id++;
				const more = id < n && arrivalS[id] <= untilS;
				// After the instant's last arrival, every idle replica with a queue takes a batch, in replica
				// order. Its sizers are its own, so batch ends elsewhere at this instant cannot change its choice.
				if (decide && !(more && arrivalS[id] === t)) {
					startRoutedTo(t);
					return id;
				}
				if (!more) return id;
			}
		},
		onWake(g, t) {
			sampleQueues(sampler, t);
			advance(t);
			let m = 0;
			if (busy[g]) {
				finish(g);
				finished[m++] = g;
			}
			while (earliestS(clock) === t) {
				const r = popEarliest(clock);
				if (busy[r]) {
					finish(r);
					finished[m++] = r;
				}
			}
			// An idle replica never has a queue (it starts a batch when one arrives), so only the replicas
			// that just finished can have work.
			for (let i = 0; i < m; i++) if (queues[finished[i]].total > 0) start(finished[i], t);
		},
		onEnd() {
			if (waiting.total > 0) rec.warnings.push(`${waiting.total} requests were never started (arrivals out of order?).`);
			rec.replicaQueues = finishQueueSeries(sampler);
			return little.integralS;
		}
	};
}

/** Up to this many replicas the batch-end bookkeeping scans instead of keeping a tree (static batching on 16 replicas measured faster so). */
const SCAN_REPLICAS = 32;

/**
 * Per replica, the last-token times of its running batch, sorted, and how many are already out: the
 * batch members a router still counts as outstanding at time t are those whose last token comes at t
 * or later (arrivals at t are routed before anything else that happens at t).
 */
class OutstandingEnds {
	/** Per replica: the next last-token time not yet passed (+Infinity when none). */
	private readonly nextEnd: Float64Array;
	/**
	 * Many replicas: the earliest nextEnd at hand (an indexed minimum), so an arrival visits only the
	 * replicas with a member to count down. Few (up to SCAN_REPLICAS): a lower bound on them instead,
	 * and a scan when it has passed (cheaper than the tree's upkeep at that size).
	 */
	private readonly next: MinTree | null;
	private minNext = Infinity;
	private ends: Float64Array[];
	/** Per replica: members in its running batch. */
	private count: Int32Array;
	/** Per replica: how many of its sorted ends come before the batch's end (only those can pass before clear). */
	private early: Int32Array;
	private cursor: Int32Array;

	constructor(replicas: number) {
		this.nextEnd = new Float64Array(replicas).fill(Infinity);
		this.next = replicas > SCAN_REPLICAS ? new MinTree(replicas, Infinity) : null;
		this.ends = Array.from({ length: replicas }, () => new Float64Array(16));
		this.count = new Int32Array(replicas);
		this.early = new Int32Array(replicas);
		this.cursor = new Int32Array(replicas);
	}

	/**
	 * Replica g started the batch members[from .. to) whose last tokens are at lastTokenS[id], ending at
	 * endS. A member whose last token is at endS (the longest, and every member of a batch of one, which
	 * is nearly every batch on many replicas) never passes before clear(): an arrival at endS sees it
	 * outstanding, and the batch's end comes before any later arrival. Only the earlier ones are indexed.
	 */
	noteBatch(g: number, members: Int32Array, from: number, to: number, lastTokenS: Float64Array, endS: number): void {
		const m = to - from;
		this.count[g] = m;
		this.cursor[g] = 0;
		if (m === 1) {
			this.early[g] = 0;
			return; // nextEnd[g] is +Infinity since the last clear()
		}
		if (this.ends[g].length < m) this.ends[g] = new Float64Array(Math.max(m, 2 * this.ends[g].length));
		const e = this.ends[g];
		for (let j = 0; j < m; j++) e[j] = lastTokenS[members[from + j]];
		sortPrefix(e, m);
		let early = m;
		while (early > 0 && !(e[early - 1] < endS)) early--;
		this.early[g] = early;
		this.setNext(g, early > 0 ? e[0] : Infinity);
	}

	/** How many more members of replica g's batch have their last token before t (t never decreases, t ≤ the batch's end). */
	pass(g: number, t: number): number {
		const e = this.ends[g];
		const m = this.early[g];
		const c0 = this.cursor[g];
		let c = c0;
		while (c < m && e[c] < t) c++;
		this.cursor[g] = c;
		this.setNext(g, c < m ? e[c] : Infinity);
		return c - c0;
	}

	/** Replica g's batch is over: the members not passed yet (returned) are done too. */
	clear(g: number): number {
		const left = this.count[g] - this.cursor[g];
		this.count[g] = 0;
		this.early[g] = 0;
		this.cursor[g] = 0;
		if (this.nextEnd[g] !== Infinity) this.setNext(g, Infinity);
		return left;
	}

	/** Counts down, in the router's loads, the members of every replica whose last token is before t. */
	passBefore(t: number, router: EngineRouter): void {
		const loads = router.loads;
		const next = this.next;
		if (next !== null) {
			while (next.min() < t) {
				const g = next.argmin();
				setOutstanding(router, g, loads[g].outstanding - this.pass(g, t));
			}
			return;
		}
		// Most arrivals see no member finish since the previous one: the lower bound skips the scan then.
		if (!(this.minNext < t)) return;
		const nextEnd = this.nextEnd;
		let min = Infinity;
		for (let g = 0; g < nextEnd.length; g++) {
			if (nextEnd[g] < t) setOutstanding(router, g, loads[g].outstanding - this.pass(g, t));
			if (nextEnd[g] < min) min = nextEnd[g];
		}
		this.minNext = min;
	}

	private setNext(g: number, value: number): void {
		this.nextEnd[g] = value;
		if (this.next !== null) this.next.set(g, value);
		else if (value < this.minNext) this.minNext = value;
	}
}

/** Sorts a[0 .. m) ascending in place (Shell sort, Ciura's gaps): no subarray view, no allocation per batch. */
function sortPrefix(a: Float64Array, m: number): void {
	for (const gap of SHELL_GAPS) {
		if (gap >= m) continue;
		for (let i = gap; i < m; i++) {
			const v = a[i];
			let j = i;
			while (j >= gap && a[j - gap] > v) {
				a[j] = a[j - gap];
				j -= gap;
			}
			a[j] = v;
		}
	}
}
const SHELL_GAPS = [701, 301, 132, 57, 23, 10, 4, 1];

/** Sorts a[0 .. m) ascending in place (insertion sort: a handful of replicas per instant). */
function sortInts(a: Int32Array, m: number): void {
	for (let i = 1; i < m; i++) {
		const v = a[i];
		let j = i;
		while (j > 0 && a[j - 1] > v) {
			a[j] = a[j - 1];
			j--;
		}
		a[j] = v;
	}
}
