/**
 * Iteration-level (continuous) batching as a replica scheduler, vLLM-like: chunked prefill, paged KV,
 * preemption by recompute (DESIGN.md "Batching regimes and methods"). The rules of a step boundary are
 * in decide.ts, the cross-replica admission race in claim.ts, the ends of steps and stretches in
 * steps.ts.
 *
 * Speed: steps that carry a prefill chunk are simulated one by one (perf.stepTimeS). Decode-only steps
 * are never stepped: a stretch runs until the next completion (a heap of finish step counts), the step at
 * which KV blocks run out (periodic in the block size, engine/kv-blocks.ts), or the boundary at which
 * this replica is the first that can admit a queued request; its time is the closed form over
 * perf.stretchCoefficients (perf/stretch.ts). Running aggregates (decoders, Σ context, blocks in use)
 * keep every decision O(1) apart from heap operations.
 */
import { giveBack, takeFloat64, takeInt32, takeUint32, takeUint8 } from '../../engine/array-pool';
import { createIdleSet } from '../../engine/idle-set';
import { blocksFor } from '../../engine/kv-blocks';
import { createKvBlockManager, dropOverCapacity } from '../../engine/kv-manager';
import { arrive, createAdmissionQueues, createRoutedQueues, enqueue, servedPerBin } from '../../engine/queues';
import { createQueueSampler, finishQueueSeries, sampleQueues } from '../../engine/queue-series';
import { createRouter, routeRequest, wantsCachedPrefix, type EngineRouter } from '../../engine/router';
import type { ReplicaScheduler, SchedulerEnv } from '../../engine/scheduler';
import { createStretchCoefficients } from '../../perf/stretch';
import { BIN_POLICIES } from '../../policies/index';
import { createDynamicSizer } from '../../sizing/dynamic';
import { DYNAMIC_SIZING_DEFAULTS } from '../../sizing/defaults';
import type { SizingSpec } from '../../types';
import { claim } from './claim';
import { cachedAtEnd, cachedPrefixTokens, createPrefixRun, fitsWithCache, prefixRecords } from './prefix-ops';
import { decide } from './decide';
import { claimOwn, createLoadRefresher } from './routed';
import { advanceStretch, endMixedStep } from './steps';
import { createStepHeap } from './step-heap';
import { IDLE, MIXED, STRETCH, type ContinuousRun, type ReplicaState } from './state';

export function createContinuousScheduler(env: SchedulerEnv): ReplicaScheduler {
	const S = createRun(env);
	return S.router === null ? sharedQueueHandlers(S) : routedHandlers(S);
}

/** Routing 'global': one queue every replica pulls from; claim.ts finds the replica that admits first. */
function sharedQueueHandlers(S: ContinuousRun): ReplicaScheduler {
	const sampler = S.sampler;
	return {
		onArrivals(first, untilS) {
			const { arrivalS, dropCode, bin, n } = S.table;
			let id = first;
			do {
				if (arrivalS[id] >= sampler.nextS) sampleQueues(sampler, arrivalS[id]);
				if (dropCode[id] === 0) {
					const k = bin[id];
					const wasEmpty = S.queue.waiting[k] === 0;
					arrive(S.queue, k);
					// claim may set a wake-up: hand control back to the loop.
					if (wasEmpty) {
						claim(S, arrivalS[id]);
						return id + 1;
					}
				}
				id++;
			} while (id < n && arrivalS[id] <= untilS);
			return id;
		},
		onWake(gi, t) {
			sampleQueues(sampler, t);
			const g = S.replicas[gi];
			if (g.mode === MIXED) endMixedStep(S, g, t);
			else if (g.mode === STRETCH) advanceStretch(S, g, g.wakeK, t);
			const changed = decide(S, g, t);
			if (S.queue.total > 0 && (changed || S.claimGpu === gi)) claim(S, t);
		},
		onEnd() {
			endChecks(S);
			return undefined;
		}
	};
}

/** Behind a router: each arrival goes to one replica's queue, and only that replica admits it (routed.ts). */
function routedHandlers(S: ContinuousRun): ReplicaScheduler {
	const sampler = S.sampler;
	const router = S.router as EngineRouter;
	const loads = createLoadRefresher(S);
	return {
		onArrivals(first, untilS) {
			const { arrivalS, dropCode, bin, n } = S.table;
			let id = first;
			do {
				const t = arrivalS[id];
				if (t >= sampler.nextS) sampleQueues(sampler, t);
				if (dropCode[id] === 0) {
					loads.refresh(t);
					const gi = routeRequest(router, id);
					const q = S.queues[gi];
					const k = bin[id];
					const wasEmpty = q.waiting[k] === 0;
					enqueue(q, k, id);
					loads.touch(gi);
					// A new head may be admitted earlier than the replica's next wake-up: hand control back if so.
					if (wasEmpty && claimOwn(S, gi, t)) return id + 1;
				}
				id++;
			} while (id < n && arrivalS[id] <= untilS);
			return id;
		},
		onWake(gi, t) {
			sampleQueues(sampler, t);
			const g = S.replicas[gi];
			loads.touch(gi);
			if (g.mode === MIXED) endMixedStep(S, g, t);
			else if (g.mode === STRETCH) advanceStretch(S, g, g.wakeK, t);
			// A request this decision preempted may fit at the first boundary of the stretch it launches.
			if (decide(S, g, t)) claimOwn(S, gi, t);
		},
		onEnd() {
			endChecks(S);
			return undefined;
		}
	};
}

/** The run's state: settings (capped as vLLM caps them), drops of requests whose KV never fits, replicas. */
function createRun(env: SchedulerEnv): ContinuousRun {
	const { scenario, ctx, table, recorder: rec } = env;
	const spec = scenario.continuous;
	const n = table.n;
	const tokenBudget = Math.max(1, Math.floor(spec.tokenBudget));
	let maxBatch = Math.max(1, Math.floor(spec.maxBatch));
	if (maxBatch > tokenBudget) {
		// Every running sequence needs one token of the budget per step, as in vLLM (max_num_seqs ≤ max_num_batched_tokens).
		rec.warnings.push(`max batch ${maxBatch} is above the token budget ${tokenBudget}: running sequences are capped at ${tokenBudget}.`);
		maxBatch = tokenBudget;
	}
	const kv = createKvBlockManager(ctx.kvCapacityTokens, spec.blockSize, env.replicas);
	const passPrompt = takeUint32(n);
	for (let i = 0; i < n; i++) passPrompt[i] = Math.max(1, table.promptTokens[i]);
	// The most KV a request ever holds: its prompt, or prompt + output − 1 before its last step.
	const dropped = dropOverCapacity(table, kv, (i) => (table.outputTokens[i] > 0 ? passPrompt[i] + table.outputTokens[i] - 1 : passPrompt[i]));
	if (dropped > 0) {
		rec.warnings.push(`${dropped} request(s) need more KV blocks of ${kv.blockSize} tokens than one GPU holds (${kv.totalBlocks}) and were dropped.`);
	}
	const bins = table.bins;
	const sizingSpec: Extract<SizingSpec, { kind: 'dynamic' }> =
		scenario.sizing.kind === 'dynamic' ? scenario.sizing : { ...DYNAMIC_SIZING_DEFAULTS, maxBatch };
	const replicas: ReplicaState[] = [];
	for (let g = 0; g < env.replicas; g++) {
		replicas.push(createReplica(g, kv.blockSize, spec.slaCap ? () => createDynamicSizer(sizingSpec, scenario.sla.tbtS, ctx.kvCapacityTokens) : null));
	}
	const router = createRouter(scenario, env.replicas, table.sessionKey, env.hooks, table.promptTokens);
	const perBin = router === null ? null : servedPerBin(bins, table.bin, table.dropCode, n);
	const queues = perBin === null ? [createAdmissionQueues(bins, table.bin, table.dropCode, n, true)] : Array.from({ length: env.replicas }, () => createRoutedQueues(bins, perBin, env.replicas));
	const S: ContinuousRun = {
		n,
		blockSize: kv.blockSize,
		tokenBudget,
		maxBatch,
		totalBlocks: kv.totalBlocks,
		gpus: env.replicas,
		bins,
		policy: scenario.binPolicy in BIN_POLICIES ? scenario.binPolicy : 'oldest',
		perf: ctx.perf,
		ctx,
		table,
		queue: queues[0],
		queues,
		router,
		sampler: createQueueSampler(table.arrivalS, env.replicas, router === null ? 'global' : router.policy.id, router === null, (j) => queues[j].total),
		clock: env.clock,
		kv,
		rec,
		idle: createIdleSet(env.replicas),
		hooks: env.hooks,
		replicas,
		// Per-request state from the run-to-run pool (engine/array-pool.ts): a 1M-request run needs 65 MB
		// of it, and fresh memory costs more to touch than refilling what the last run gave back.
		state: takeUint8(n).fill(0),
		emitted: takeUint32(n).fill(0),
		passPrompt,
		prefilled: takeUint32(n).fill(0),
		chunk: takeUint32(n).fill(0),
		phase: takeUint32(n).fill(0),
		enterStep: takeFloat64(n).fill(0),
		enterCtx: takeFloat64(n).fill(0),
		finishStep: takeFloat64(n).fill(0),
		prevId: takeInt32(n).fill(-1),
		nextId: takeInt32(n).fill(-1),
		replicaOf: takeInt32(n).fill(-1),
		lastEmitS: takeFloat64(n).fill(0),
		claimGpu: -1,
		finished: 0,
		fitFree: 0,
		fits: (id) => blocksFor(S.passPrompt[id], S.blockSize) <= S.fitFree,
		load: { prefillTokens: 0, prefillSeqs: 0, prefillAttnPairs: 0, decodeSeqs: 0, decodeAttnCtx: 0, emitters: 0, kvReadTokens: 0, kvWriteTokens: 0 },
		prefix: scenario.prefixCache && table.prefixBlocks ? createPrefixRun(table.prefixBlocks, table.prefixIdsAreChains === true, table.promptTokens, kv.blockSize, env.replicas) : null
	};
	const P = S.prefix;
	if (P !== null) S.fits = (id) => fitsWithCache(S, P, id, S.fitFree);
	// A prefix-aware router asks each replica's cache how much of the prompt it holds (cache off: no probe, 0 everywhere).
	if (P !== null && router !== null && wantsCachedPrefix(router)) router.probe.cachedPrefixTokens = (g, req) => cachedPrefixTokens(S, g, req.id);
	return S;
}

function createReplica(index: number, blockSize: number, sizer: (() => ReturnType<typeof createDynamicSizer>) | null): ReplicaState {
	return {
		index,
		mode: IDLE,
		steps: 0,
		sumCtx: 0,
		decoders: 0,
		running: 0,
		perPhase: new Int32Array(blockSize),
		done: createStepHeap(),
		runHead: -1,
		runTail: -1,
		pre: [],
		preHead: 0,
		stepPrefillers: 0,
		stepS: 0,
		t0: 0,
		wakeK: 0,
		coef: createStretchCoefficients(),
		seenK: 0,
		seenT: 0,
		seenStepS: 0,
		busySinceS: 0,
		sizer: sizer ? sizer() : null
	};
}

/** End-of-run consistency checks and the preemption warning. */
function endChecks(S: ContinuousRun): void {
	const w = S.rec.warnings;
	for (const g of S.replicas) {
		if (g.running !== 0 || S.kv.used[g.index] !== cachedAtEnd(S.prefix, g.index)) {
			w.push(`internal: GPU ${g.index} ended with ${g.running} running request(s) and ${S.kv.used[g.index] - cachedAtEnd(S.prefix, g.index)} KV block(s) in use besides the prefix cache.`);
		}
	}
	const waiting = S.queues.reduce((a, q) => a + q.total, 0);
	if (waiting > 0) w.push(`internal: ${waiting} request(s) were left waiting at the end of the run.`);
	S.rec.replicaQueues = finishQueueSeries(S.sampler);
	if (S.rec.preemptions > 0) {
		w.push(
			`${S.rec.preemptions} preemption(s): KV cache ran short and the newest running requests were recomputed; ` +
				'a larger GPU, more GPUs or a smaller max batch would avoid them.'
		);
	}
	if (S.prefix !== null) S.rec.prefix = prefixRecords(S.prefix);
	S.hooks?.onDone?.(S.emitted);
	// Nothing outside this run holds its state arrays, unless hooks were given them (onDone's emitted).
	if (S.hooks === undefined) {
		giveBack(S.state, S.emitted, S.passPrompt, S.prefilled, S.chunk, S.phase, S.enterStep, S.enterCtx, S.finishStep, S.prevId, S.nextId, S.replicaOf, S.lastEmitS);
	}
}

