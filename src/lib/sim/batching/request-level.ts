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
 */
import type { Workload } from '../../trace/types';
import type { EngineContext } from '../context';
import { earliestS, popEarliest, schedule } from '../engine/clock';
import { createKvBlockManager } from '../engine/kv-manager';
import { arrive, chooseBin, createAdmissionQueues, headOf, popHead, served } from '../engine/queues';
import { recordBusy, reserveBusy } from '../engine/recorder';
import { runRegime } from '../engine/run';
import { createIdleSet } from '../engine/idle-set';
import type { ReplicaScheduler, SchedulerEnv } from '../engine/scheduler';
import { createStretchCoefficients, stretchTimeS } from '../perf/stretch';
import { BIN_POLICIES } from '../policies/index';
import type { RunRecords } from '../records';
import { createSizer, type BatchSizer } from '../sizing/index';
import type { Scenario } from '../types';
import { addBatchGaps, createGapScratch } from './batch-gaps';

/** How often (in requests started) the scheduler reports progress. */
const PROGRESS_EVERY = 1 << 16;

/** Simulates a workload with request-level batching (the engine's event loop with this scheduler). */
export function runRequestLevel(workload: Workload, scenario: Scenario, ctx: EngineContext): RunRecords {
	return runRegime(workload, { ...scenario, regime: 'request' }, ctx);
}

/** The request-level scheduler for one run (SCHEDULERS.request). */
export function createRequestLevelScheduler(env: SchedulerEnv): ReplicaScheduler {
	const { scenario, ctx, table, clock, recorder: rec } = env;
	const { arrivalS, promptTokens, outputTokens, dropCode } = table;
	const G = env.replicas;
	const K = table.bins;
	const perf = ctx.perf;
	const cap = ctx.kvCapacityTokens;
	const queue = createAdmissionQueues(K, table.bin, table.dropCode, table.n, true);
	const policy = scenario.binPolicy in BIN_POLICIES ? scenario.binPolicy : 'oldest';
	// Token-granular reservation of a whole batch's prompt + output.
	const kv = createKvBlockManager(cap, 1, G);
	const sizers: BatchSizer[] = [];
	for (let k = 0; k < K; k++) sizers.push(createSizer(scenario, cap));
	const idle = createIdleSet(G);
	// At most one batch per served request.
	reserveBusy(rec, queue.lists.reduce((a, l) => a + l.length, 0));

	// Replica g's running batch is queue.lists[runBin[g]][runFrom[g] .. runTo[g]): a batch is always a
	// run of consecutive arrivals of one bin (request-level never puts a request back in front).
	let started = 0;
	const runBin = new Int32Array(G);
	const runFrom = new Int32Array(G);
	const runTo = new Int32Array(G);
	const runStepS = new Float64Array(G).fill(NaN);
	const busy = new Uint8Array(G);
	const coef = createStretchCoefficients();
	const gapScratch = createGapScratch();

	let lastT = table.n > 0 ? arrivalS[0] : 0;
	let queueIntegralS = 0;
	let nextProgress = PROGRESS_EVERY;

	/** Little's law: the waiting count is constant between events. */
	const advance = (t: number): void => {
		queueIntegralS += queue.total * (t - lastT);
		lastT = t;
	};

	/** Replica g's batch is over: it goes idle and its bin's sizer learns from what it ran. */
	const complete = (g: number): void => {
		busy[g] = 0;
		kv.used[g] = 0;
		idle.add(g);
		const sizer = sizers[runBin[g]];
		const members = queue.lists[runBin[g]];
		for (let j = runFrom[g]; j < runTo[g]; j++) {
			const r = members[j];
			sizer.observeRequest(promptTokens[r], outputTokens[r]);
		}
		if (runStepS[g] === runStepS[g]) sizer.observeDecodeStep(runStepS[g], runTo[g] - runFrom[g]);
	};

	/** The lowest idle replica takes a batch from the policy's bin. */
	const startBatch = (now: number): void => {
		const g = idle.popLowest();
		const k = chooseBin(queue, policy, arrivalS);
		served(queue, k);
		const want = sizers[k].next();
		const members = queue.lists[k];
		const from = queue.head[k];
		let count = 0;
		let kvSum = 0;
		let pSum = 0;
		let pSqSum = 0;
		let maxOut = 0;
		let gaps = 0;
		while (count < want) {
			const r = headOf(queue, k);
			if (r < 0) break;
			const p = promptTokens[r];
			const need = p + outputTokens[r];
			// Every queued request fits alone (index.ts drops the rest), so count ≥ 1 always.
			if (count > 0 && kvSum + need > cap) break;
			popHead(queue, k);
			kvSum += need;
			pSum += p;
			pSqSum += p * p;
			if (outputTokens[r] > maxOut) maxOut = outputTokens[r];
			if (outputTokens[r] >= 2) gaps += outputTokens[r] - 1;
			count++;
		}
		started += count;
		const to = from + count;
		const t1 = now + perf.prefillS(pSum, pSqSum, count);
		// The batch decodes as one stretch: its coefficients once, each member's end by the closed form
		// (what perf.decodeStretchS computes, without re-deriving the coefficients per member).
		perf.stretchCoefficients(count, pSum, coef);
		for (let j = from; j < to; j++) {
			const r = members[j];
			const out = outputTokens[r];
			rec.startS[r] = now;
			rec.firstTokenS[r] = t1;
			// n tokens: the first from prefill, then n − 1 decode steps of the whole (padded) batch.
			rec.lastTokenS[r] = out >= 2 ? t1 + stretchTimeS(coef, out - 1) : t1;
		}
		const decodeS = maxOut >= 2 ? stretchTimeS(coef, maxOut - 1) : 0;
		const end = t1 + decodeS;
		if (gaps > 0) addBatchGaps(rec.itl, coef, members, from, to, outputTokens, maxOut - 1, gaps, gapScratch);
		rec.batches++;
		rec.batchSizeSum += count;
		recordBusy(rec, g, now, end);
		kv.used[g] = kvSum;
		busy[g] = 1;
		runBin[g] = k;
		runFrom[g] = from;
		runTo[g] = to;
		runStepS[g] = maxOut >= 2 ? decodeS / (maxOut - 1) : NaN;
		schedule(clock, g, end);
		if (ctx.onProgress && started >= nextProgress) {
			ctx.onProgress(started, table.n);
			nextProgress += PROGRESS_EVERY;
		}
	};

	return {
		onArrival(id, t) {
			advance(t);
			if (dropCode[id] !== 0) return;
			arrive(queue, table.bin[id]);
			if (idle.size === 0) return;
			// Decide at this instant, after every arrival and batch end at it. When this is the instant's
			// last event, decide now; otherwise wake the lowest idle replica at t (the loop runs arrivals
			// before wake-ups, so it decides after them).
			if (id + 1 < table.n && arrivalS[id + 1] === t) schedule(clock, idle.lowest(), t);
			else if (earliestS(clock) === t) schedule(clock, idle.lowest(), t);
			else while (queue.total > 0 && idle.size > 0) startBatch(t);
		},
		onWake(g, t) {
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
			return queueIntegralS;
		}
	};
}
