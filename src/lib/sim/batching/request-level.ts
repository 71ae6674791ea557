/**
 * Request-level batching (static, dynamic, multi-bin) as a replica scheduler: an idle replica takes up
 * to b requests from one bin (it does not wait for a full batch), prefills them together (the first
 * output token comes out of prefill), then decodes until the longest is done, finished sequences
 * staying in the batch as padding. A request with n output tokens finishes after n − 1 decode steps,
 * summed in closed form (perf.decodeStretchS); 0 tokens finishes at prefill end. A batch must also fit
 * in KV: Σ (prompt + output) ≤ capacity, else it is cut short. The bin comes from the scenario's
 * BIN_POLICIES entry, the size from its sizer (one per bin, SIZERS registry).
 *
 * At one instant, completions are processed first (so sizers learn from them), then idle replicas take
 * batches in index order; every arrival at that instant is queued before (the event loop's rule).
 * Cost: O(n log G) for the clock plus O(n) bookkeeping.
 *
 * Queues: with routing 'global' (sharedQueueScheduler below) every replica pulls from one set of bin
 * queues with one sizer per bin; behind a router (request-level-routed.ts) each replica has its own
 * queues and sizers. Both start batches with the same startOn.
 */
import type { Workload } from '../../trace/types';
import type { EngineContext } from '../context';
import { earliestS, popEarliest, schedule } from '../engine/clock';
import { createKvBlockManager, type KvBlockManager } from '../engine/kv-manager';
import { arrive, createAdmissionQueues, headView, served, takeRun, type AdmissionQueues } from '../engine/queues';
import { createQueueSampler, finishQueueSeries, sampleQueues } from '../engine/queue-series';
import { recordBusy, reserveBusy, type RunRecorder } from '../engine/recorder';
import { createRouter } from '../engine/router';
import { runRegime } from '../engine/run';
import { createIdleSet, type IdleSet } from '../engine/idle-set';
import type { ReplicaScheduler, SchedulerEnv } from '../engine/scheduler';
import { createStretchCoefficients, stretchTimeS } from '../perf/stretch';
import type { StretchCoefficients } from '../perf/types';
import { BIN_POLICIES } from '../policies/index';
import type { RunRecords } from '../records';
import { createSizer, type BatchSizer } from '../sizing/index';
import type { Scenario } from '../types';
import { addBatchGaps, createGapScratch } from './batch-gaps';
import { createRoutedRequestLevel } from './request-level-routed';

/** How often (in requests started) the scheduler reports progress. */
const PROGRESS_EVERY = 1 << 16;

/** Simulates a workload with request-level batching (the engine's event loop with this scheduler). */
export function runRequestLevel(workload: Workload, scenario: Scenario, ctx: EngineContext): RunRecords {
	return runRegime(workload, { ...scenario, regime: 'request' }, ctx);
}

/** The request-level scheduler for one run (SCHEDULERS.request): a shared queue, or one per replica behind a router. */
export function createRequestLevelScheduler(env: SchedulerEnv): ReplicaScheduler {
	const router = createRouter(env.scenario, env.replicas, env.table.sessionKey, env.hooks, env.table.promptTokens);
	const core = createRequestLevelCore(env);
	return router ? createRoutedRequestLevel(core, router) : sharedQueueScheduler(core);
}

/**
 * What both queue layouts share: the run's settings, replica state, and the two things a replica does
 * (finish its batch, start one from a given queue with given sizers).
 */
export interface RequestLevelCore {
	env: SchedulerEnv;
	G: number;
	K: number;
	idle: IdleSet;
	busy: Uint8Array;
	kv: KvBlockManager;
	/** Little's law: ∫ waiting dt (fields, so V8 updates the doubles in place). */
	little: { integralS: number; lastT: number };
	/** New sizers for one queue: one per bin (the SIZERS registry). */
	newSizers(): BatchSizer[];
	/** Replica g's batch is over: it goes idle and the sizer of its batch's bin learns from what it ran. */
	complete(g: number): void;
	/** Replica g (already out of the idle set) takes a batch from queue q's policy bin; returns its size. */
	startOn(g: number, q: AdmissionQueues, sizers: BatchSizer[], now: number): number;
	/** Replica g's running batch: list[from .. to) (read by the router's outstanding count). */
	runList: Int32Array[];
	runFrom: Int32Array;
	runTo: Int32Array;
}

function createRequestLevelCore(env: SchedulerEnv): RequestLevelCore {
	const { scenario, ctx, table, clock, recorder: rec } = env;
	const { arrivalS, promptTokens, outputTokens, dropCode, n } = table;
	const itl = rec.itl;
	const sums: BatchSums = { kvSum: 0, pSum: 0, pSqSum: 0, maxOut: 0, gaps: 0 }; // reused by every batch
	const G = env.replicas;
	const K = table.bins;
	const perf = ctx.perf;
	const cap = ctx.kvCapacityTokens;
	const choose = BIN_POLICIES[scenario.binPolicy in BIN_POLICIES ? scenario.binPolicy : 'oldest'];
	// Token-granular reservation of a whole batch's prompt + output.
	const kv = createKvBlockManager(cap, 1, G);
	// At most one batch per served request.
	let served0 = 0;
	for (let i = 0; i < n; i++) if (dropCode[i] === 0) served0++;
	reserveBusy(rec, served0);

	// Replica g's running batch is runList[g][runFrom[g] .. runTo[g]): a batch is always a run of
	// consecutive arrivals of one bin of one queue (request-level never puts a request back in front).
	let started = 0;
	const runList: Int32Array[] = new Array<Int32Array>(G).fill(new Int32Array(0));
	const runSizer: BatchSizer[] = new Array<BatchSizer>(G);
	const runFrom = new Int32Array(G);
	const runTo = new Int32Array(G);
	const runStepS = new Float64Array(G).fill(NaN);
	const busy = new Uint8Array(G);
	const coef = createStretchCoefficients();
	const gapScratch = createGapScratch();
	const idle = createIdleSet(G);
	let nextProgress = PROGRESS_EVERY;

	const complete = (g: number): void => {
		busy[g] = 0;
		kv.used[g] = 0;
		idle.add(g);
		const sizer = runSizer[g];
		const members = runList[g];
		for (let j = runFrom[g]; j < runTo[g]; j++) {
			const r = members[j];
			sizer.observeRequest(promptTokens[r], outputTokens[r]);
		}
		if (runStepS[g] === runStepS[g]) sizer.observeDecodeStep(runStepS[g], runTo[g] - runFrom[g]);
	};

	const startOn = (g: number, queue: AdmissionQueues, sizers: BatchSizer[], now: number): number => {
		// The policies' view is kept up to date as heads change (headView), not rebuilt per batch.
		const k = K === 1 ? 0 : choose(queue.view);
		served(queue, k);
		const want = sizers[k].next();
		// Request-level never puts a request back in front, so bin k's queue is the slice
		// lists[k][head[k] .. arrived[k]): the batch is read straight from it, no call per member.
		const members = queue.lists[k];
		const from = queue.head[k];
		const avail = queue.arrived[k] - from;
		const count = gatherBatch(sums, members, from, Math.min(want, avail), promptTokens, outputTokens, cap);
		const { kvSum, pSum, maxOut, gaps } = sums;
		takeRun(queue, k, count);
		if (K > 1) headView(queue, k, from + count < queue.arrived[k] ? arrivalS[members[from + count]] : Infinity);
		started += count;
		const to = from + count;
		const t1 = now + perf.prefillS(pSum, sums.pSqSum, count);
		// The batch decodes as one stretch: its coefficients once, each member's end by the closed form
		// (what perf.decodeStretchS computes, without re-deriving the coefficients per member).
		perf.stretchCoefficients(count, pSum, coef);
		recordMemberTimes(rec, members, from, to, outputTokens, now, t1, coef);
		const decodeS = maxOut >= 2 ? stretchTimeS(coef, maxOut - 1) : 0;
		const end = t1 + decodeS;
		if (gaps > 0) addBatchGaps(itl, coef, members, from, to, outputTokens, maxOut - 1, gaps, gapScratch);
		rec.batches++;
		rec.batchSizeSum += count;
		recordBusy(rec, g, now, end);
		kv.used[g] = kvSum;
		busy[g] = 1;
		runList[g] = members;
		runSizer[g] = sizers[k];
		runFrom[g] = from;
		runTo[g] = to;
		runStepS[g] = maxOut >= 2 ? decodeS / (maxOut - 1) : NaN;
		schedule(clock, g, end);
		if (ctx.onProgress && started >= nextProgress) {
			ctx.onProgress(started, n);
			nextProgress += PROGRESS_EVERY;
		}
		return count;
	};

	const newSizers = (): BatchSizer[] => {
		const sizers: BatchSizer[] = [];
		for (let k = 0; k < K; k++) sizers.push(createSizer(scenario, cap));
		return sizers;
	};
	return { env, G, K, idle, busy, kv, little: { integralS: 0, lastT: n > 0 ? arrivalS[0] : 0 }, newSizers, complete, startOn, runList, runFrom, runTo };
}

/**
 * Routing 'global': one set of queues every replica pulls from (the ideal shared queue), one sizer per
 * bin shared by every replica; an idle replica, lowest index first, takes the next batch.
 */
function sharedQueueScheduler(core: RequestLevelCore): ReplicaScheduler {
	const { env, K, idle, busy, little, complete, startOn } = core;
	const { table, clock, recorder: rec } = env;
	const { arrivalS, dropCode, n, bin: binOf } = table;
	const queue = createAdmissionQueues(K, binOf, dropCode, n, true);
	const sizers = core.newSizers();
	const sampler = createQueueSampler(arrivalS, env.replicas, 'global', true, () => queue.total);
	const startBatch = (now: number): void => {
		startOn(idle.popLowest(), queue, sizers, now);
	};
	/** Little's law: the waiting count is constant between events. */
	const advance = (t: number): void => {
		little.integralS += queue.total * (t - little.lastT);
		little.lastT = t;
	};

	return {
		onArrivals(first, untilS) {
			// Arrivals only queue until the instant's last one; the Little's-law integral stays in locals
			// (the same additions, in the same order, as one event at a time).
			let integral = little.integralS;
			let last = little.lastT;
			let id = first;
			let decide = false;
			for (;;) {
				const t = arrivalS[id];
				if (t >= sampler.nextS) sampleQueues(sampler, t);
				integral += queue.total * (t - last);
				last = t;
				if (dropCode[id] === 0) {
					const k = binOf[id];
					if (K > 1 && queue.waiting[k] === 0) headView(queue, k, t);
					arrive(queue, k);
					if (idle.size > 0) decide = true;
				}
				id++;
				const more = id < n && arrivalS[id] <= untilS;
				// A replica is idle and this was the instant's last arrival: decide at t, after every
				// arrival and batch end at it. With a batch end still due at t, wake the lowest idle
				// replica at t (wake-ups at one instant run in index order, after arrivals); else now.
				if (decide && !(more && arrivalS[id] === t)) {
					little.integralS = integral;
					little.lastT = last;
					if (earliestS(clock) === t) schedule(clock, idle.lowest(), t);
					else while (queue.total > 0 && idle.size > 0) startBatch(t);
					return id;
				}
				if (!more) break;
			}
			little.integralS = integral;
			little.lastT = last;
			return id;
		},
		onWake(g, t) {
			sampleQueues(sampler, t);
			advance(t);
			if (busy[g]) complete(g);
			// Every batch that ends at this instant ends before any replica takes a new one.
			while (earliestS(clock) === t) {
				const r = popEarliest(clock);
				if (busy[r]) complete(r);
			}
			while (queue.total > 0 && idle.size > 0) startBatch(t);
		},
		onEnd() {
			if (queue.total > 0) rec.warnings.push(`${queue.total} requests were never started (arrivals out of order?).`);
			rec.replicaQueues = finishQueueSeries(sampler);
			return little.integralS;
		}
	};
}

/** Totals of a batch's members, filled by gatherBatch (one object per run, reused by every batch). */
interface BatchSums {
	kvSum: number;
	pSum: number;
	pSqSum: number;
	maxOut: number;
	/** Σ max(0, output − 1): the batch's inter-token gaps. */
	gaps: number;
}

/**
 * Takes members[from ..] into a batch while fewer than `limit` and their prompt + output fit `cap` KV
 * tokens together; returns how many and fills `sums`. Every queued request fits alone (index.ts drops
 * the rest), so it takes at least one.
 */
function gatherBatch(sums: BatchSums, members: Int32Array, from: number, limit: number, promptTokens: Uint32Array, outputTokens: Uint32Array, cap: number): number {
	let count = 0;
	let kvSum = 0;
	let pSum = 0;
	let pSqSum = 0;
	let maxOut = 0;
	let gaps = 0;
	while (count < limit) {
		const r = members[from + count];
		const p = promptTokens[r];
		const out = outputTokens[r];
		const need = p + out;
		if (count > 0 && kvSum + need > cap) break;
		kvSum += need;
		pSum += p;
		pSqSum += p * p;
		if (out > maxOut) maxOut = out;
		if (out >= 2) gaps += out - 1;
		count++;
	}
	sums.kvSum = kvSum;
	sums.pSum = pSum;
	sums.pSqSum = pSqSum;
	sums.maxOut = maxOut;
	sums.gaps = gaps;
	return count;
}

/** Start, first-token and last-token times of the members[from .. to) of a batch started at `now`. */
function recordMemberTimes(rec: RunRecorder, members: Int32Array, from: number, to: number, outputTokens: Uint32Array, now: number, t1: number, coef: StretchCoefficients): void {
	const { startS, firstTokenS, lastTokenS } = rec;
	for (let j = from; j < to; j++) {
		const r = members[j];
		const out = outputTokens[r];
		startS[r] = now;
		firstTokenS[r] = t1;
		// n tokens: the first from prefill, then n − 1 decode steps of the whole (padded) batch.
		lastTokenS[r] = out >= 2 ? t1 + stretchTimeS(coef, out - 1) : t1;
	}
}
