/**
 * Iteration-level (continuous) batching, vLLM-like: chunked prefill, paged KV, preemption by recompute.
 * DESIGN.md "Batching regimes and methods", issue 4.
 *
 * G data-parallel GPUs pull from shared queues. At every step boundary a GPU
 *   1. finds the KV blocks its decoders need for the next step; while it is short, it preempts its
 *      NEWEST running request (blocks freed, back to the head of its queue, recomputed later; vLLM's
 *      recompute: the new pass prefills prompt + tokens emitted so far and emits the next token);
 *   2. gives every decoder one token of the step's token budget (decodes go first);
 *   3. gives prefilling requests chunks of what the budget leaves, oldest first (chunked prefill);
 *   4. unless it just preempted, admits queued requests while the batch cap, the budget and the free
 *      blocks allow (a request reserves the blocks of its whole prompt when admitted; blocks for
 *      generated tokens are allocated as sequences grow).
 *
 * Speed: steps that carry a prefill chunk are simulated one by one (perf.stepTimeS). Decode-only steps
 * are never stepped: a stretch runs until the next completion (a heap of finish step counts), the step
 * at which KV blocks run out (periodic in the block size, see iteration/kv-blocks.ts), or the boundary
 * at which this GPU is the first that can admit a queued request; its time is perf.decodeStretchS's
 * closed form (perf.stretchCoefficients once per stretch, perf/stretch.ts for its times). Running
 * aggregates (decoders, Σ context, blocks in use) keep every decision O(1) apart from heap operations. GPUs are processed in global (time, index) order, arrivals before GPU
 * decisions at the same instant, so a request that arrives exactly at a boundary is seen there.
 */
import type { Workload } from '../../trace/types';
import type { EngineContext } from '../context';
import { createStretchCoefficients, firstStepReaching, stretchTimeS } from '../perf/stretch';
import type { StepLoad, StretchCoefficients } from '../perf/types';
import { DROP_REASONS, type RunRecords } from '../records';
import { createDynamicSizer, type BatchSizer } from '../sizing/dynamic';
import type { Scenario, SizingSpec } from '../types';
import { arrive, chooseBin, createAdmissionQueues, headOf as headOfImpl, popHead, pushFront, served } from '../iteration/admission-queues';
import { createGpuClock, earliestS, popEarliest, schedule as scheduleImpl } from '../iteration/gpu-clock';
import {
	blocksFor as blocksForTokens,
	blocksOverSteps as blocksOverStepsImpl,
	needingPhase as needingPhaseImpl,
	phaseOf as phaseOfImpl,
	stepsWithinBlocks as stepsWithinBlocksImpl
} from '../iteration/kv-blocks';
import { createStepHeap, heapPop as heapPopImpl, heapPush as heapPushImpl, type StepHeap } from '../iteration/step-heap';

/** Optional instrumentation for tests; the app never passes it. */
export interface IterationHooks {
	/**
	 * A GPU's KV blocks in use at the most loaded moment of a step or stretch just decided or run
	 * (blocks only grow inside a stretch, so its end is its maximum).
	 */
	onBlocks?(gpu: number, usedBlocks: number, capacityBlocks: number): void;
	/** Output tokens each request emitted over the whole run (preemptions included), at the end. */
	onDone?(emitted: Uint32Array): void;
}

const IDLE = 0;
const MIXED = 1;
const STRETCH = 2;

const R_WAITING = 0;
const R_PREFILL = 1;
const R_DECODE = 2;
const R_DONE = 3;

/** Per-GPU state; one object per GPU (G is small), per-request state lives in typed arrays. */
interface GpuState {
	index: number;
	mode: number;
	/** Steps run so far: the clock that decoder phases and finish steps are measured in. */
	steps: number;
	/** Σ tokens held in KV by the decoders. */
	sumCtx: number;
	decoders: number;
	/** Decoders + prefillers. */
	running: number;
	usedBlocks: number;
	/** Decoders per phase (iteration/kv-blocks.ts). */
	perPhase: Int32Array;
	/** Finish step counts of decoders (stale entries skipped). */
	done: StepHeap;
	/** Running requests in admission order (doubly linked through prevId/nextId): tail = newest. */
	runHead: number;
	runTail: number;
	/** Prefilling requests in admission order, from preHead. */
	pre: number[];
	preHead: number;
	/** In-flight mixed step: prefillers (from preHead) that got a chunk. */
	stepPrefillers: number;
	/** Decode stretch: start time and the step (counted from it) at whose end the GPU wakes. */
	t0: number;
	wakeK: number;
	/** The stretch's step-time coefficients (perf.stretchCoefficients). */
	lines: StretchCoefficients;
	/** Last boundary a claim computed in this stretch (k, time); k = 0 when none. */
	seenK: number;
	seenT: number;
	/** Length of step seenK. */
	seenStepS: number;
	busySinceS: number;
	sizer: BatchSizer | null;
}

/** Simulates a workload with continuous batching and fills the per-request records. */
export function runIterationLevel(workload: Workload, scenario: Scenario, ctx: EngineContext, hooks?: IterationHooks): RunRecords {
	const n = workload.arrivalS.length;
	const arrivalS = workload.arrivalS;
	const outputTokens = workload.outputTokens;
	const promptTokens = workload.promptTokens;
	const perf = ctx.perf;
	const spec = scenario.continuous;
	const warnings: string[] = [];

	const blockSize = Math.max(1, Math.floor(spec.blockSize));
	const tokenBudget = Math.max(1, Math.floor(spec.tokenBudget));
	let maxBatch = Math.max(1, Math.floor(spec.maxBatch));
	if (maxBatch > tokenBudget) {
		// Every running sequence needs one token of the budget per step, as in vLLM (max_num_seqs ≤ max_num_batched_tokens).
		warnings.push(`max batch ${maxBatch} is above the token budget ${tokenBudget}: running sequences are capped at ${tokenBudget}.`);
		maxBatch = tokenBudget;
	}
	const totalBlocks = Math.floor(ctx.kvCapacityTokens / blockSize);
	const gpus = Math.max(1, Math.floor(scenario.gpus));
	const byBin = spec.admission === 'bins' && scenario.bins > 1;
	const bins = byBin ? scenario.bins : 1;
	const policy = scenario.binPolicy;

	// Local bindings: hot helpers are called millions of times (and module re-exports can be getters).
	const stretchTime = stretchTimeS;
	const firstStep = firstStepReaching;
	const blocksFor = blocksForTokens;
	const blocksOverSteps = blocksOverStepsImpl;
	const needingPhase = needingPhaseImpl;
	const phaseOf = phaseOfImpl;
	const stepsWithinBlocks = stepsWithinBlocksImpl;
	const heapPop = heapPopImpl;
	const heapPush = heapPushImpl;
	const schedule = scheduleImpl;
	const headOf = headOfImpl;

	// --- records ---
	const startS = new Float64Array(n).fill(NaN);
	const firstTokenS = new Float64Array(n).fill(NaN);
	const lastTokenS = new Float64Array(n).fill(NaN);
	const dropCode = Uint8Array.from(ctx.dropCode);
	let busyStartS = new Float64Array(1024);
	let busyEndS = new Float64Array(1024);
	let busyCount = 0;
	let busyS = 0;
	let batches = 0;
	let batchSizeSum = 0;
	let preemptions = 0;

	// --- per-request state ---
	const state = new Uint8Array(n);
	const emitted = new Uint32Array(n);
	/** Prompt of the current pass: the prompt, plus the tokens emitted before a preemption. */
	const passPrompt = new Uint32Array(n);
	const prefilled = new Uint32Array(n);
	const chunk = new Uint32Array(n);
	const phase = new Uint32Array(n);
	const enterStep = new Float64Array(n);
	const enterCtx = new Float64Array(n);
	const finishStep = new Float64Array(n);
	const gpuOf = new Int32Array(n).fill(-1);
	const prevId = new Int32Array(n).fill(-1);
	const nextId = new Int32Array(n).fill(-1);
	const admitBin = new Uint8Array(n);
	const servedMask = new Uint8Array(n);
	let droppedHere = 0;
	for (let i = 0; i < n; i++) {
		const p = Math.max(1, promptTokens[i]);
		passPrompt[i] = p;
		const out = outputTokens[i];
		if (dropCode[i] === 0) {
			// The most KV a request ever holds: its prompt, or prompt + output − 1 before its last step.
			const peak = out > 0 ? p + out - 1 : p;
			if (blocksFor(peak, blockSize) > totalBlocks) {
				dropCode[i] = 1 + DROP_REASONS.indexOf('exceeds-kv-capacity');
				droppedHere++;
			}
		}
		servedMask[i] = dropCode[i] === 0 ? 1 : 0;
		admitBin[i] = byBin ? Math.min(bins - 1, ctx.bin[i]) : 0;
	}
	if (droppedHere > 0) {
		warnings.push(`${droppedHere} request(s) need more KV blocks of ${blockSize} tokens than one GPU holds (${totalBlocks}) and were dropped.`);
	}

	const queue = createAdmissionQueues(bins, admitBin, servedMask, n);
	const clock = createGpuClock(gpus);
	const sizingSpec: Extract<SizingSpec, { kind: 'dynamic' }> =
		scenario.sizing.kind === 'dynamic' ? scenario.sizing : { kind: 'dynamic', maxBatch, epsMem: 0.01, tolerance: 0.1 };
	const gs: GpuState[] = [];
	for (let g = 0; g < gpus; g++) {
		gs.push({
			index: g,
			mode: IDLE,
			steps: 0,
			sumCtx: 0,
			decoders: 0,
			running: 0,
			usedBlocks: 0,
			perPhase: new Int32Array(blockSize),
			done: createStepHeap(),
			runHead: -1,
			runTail: -1,
			pre: [],
			preHead: 0,
			stepPrefillers: 0,
			t0: 0,
			wakeK: 0,
			lines: createStretchCoefficients(),
			seenK: 0,
			seenT: 0,
			seenStepS: 0,
			busySinceS: 0,
			sizer: spec.slaCap ? createDynamicSizer(sizingSpec, scenario.sla.tbtS, ctx.kvCapacityTokens) : null
		});
	}
	// Idle GPUs as a bitset, so the lowest idle index is found in O(G / 32).
	const idleBits = new Uint32Array(Math.ceil(gpus / 32));
	for (let g = 0; g < gpus; g++) idleBits[g >>> 5] |= 1 << (g & 31);
	let idleCount = gpus;
	let claimGpu = -1;
	let finished = 0;
	const progressEvery = 4096;

	const capOf = (g: GpuState): number => (g.sizer ? Math.min(maxBatch, g.sizer.next()) : maxBatch);

	const setIdle = (g: GpuState, idle: boolean): void => {
		const w = g.index >>> 5;
		const bit = 1 << (g.index & 31);
		if (idle) {
			idleBits[w] |= bit;
			idleCount++;
		} else {
			idleBits[w] &= ~bit;
			idleCount--;
		}
	};
	const lowestIdle = (): number => {
		for (let w = 0; w < idleBits.length; w++) {
			const x = idleBits[w];
			if (x !== 0) return (w << 5) + (31 - Math.clz32(x & -x));
		}
		return -1;
	};

	const closeBusy = (g: GpuState, t: number): void => {
		if (busyCount === busyStartS.length) {
			const s = new Float64Array(busyCount * 2);
			const e = new Float64Array(busyCount * 2);
			s.set(busyStartS);
			e.set(busyEndS);
			busyStartS = s;
			busyEndS = e;
		}
		busyStartS[busyCount] = g.busySinceS;
		busyEndS[busyCount] = t;
		busyCount++;
		busyS += t - g.busySinceS;
	};

	const unlink = (g: GpuState, id: number): void => {
		const p = prevId[id];
		const q = nextId[id];
		if (p >= 0) nextId[p] = q;
		else g.runHead = q;
		if (q >= 0) prevId[q] = p;
		else g.runTail = p;
		prevId[id] = -1;
		nextId[id] = -1;
	};
	const linkTail = (g: GpuState, id: number): void => {
		prevId[id] = g.runTail;
		nextId[id] = -1;
		if (g.runTail >= 0) nextId[g.runTail] = id;
		else g.runHead = id;
		g.runTail = id;
	};

	const finish = (g: GpuState, id: number, t: number): void => {
		state[id] = R_DONE;
		lastTokenS[id] = t;
		if (Number.isNaN(firstTokenS[id])) firstTokenS[id] = t;
		g.running--;
		unlink(g, id);
		g.sizer?.observeRequest(promptTokens[id], outputTokens[id]);
		finished++;
		if (ctx.onProgress && finished % progressEvery === 0) ctx.onProgress(finished, n);
	};

	/** Held tokens of a decoder at the GPU's current step count. */
	const heldOf = (g: GpuState, id: number): number => enterCtx[id] + (g.steps - enterStep[id]);

	const preemptNewest = (g: GpuState): void => {
		const id = g.runTail;
		if (state[id] === R_PREFILL) {
			g.pre.pop(); // the newest running request is also the newest prefiller
			g.usedBlocks -= blocksFor(passPrompt[id], blockSize);
		} else {
			const held = heldOf(g, id);
			g.usedBlocks -= blocksFor(held, blockSize);
			g.perPhase[phase[id]]--;
			g.decoders--;
			g.sumCtx -= held;
			// vLLM recompute: the next pass prefills the prompt and every token already emitted.
			passPrompt[id] = Math.max(1, promptTokens[id]) + emitted[id];
		}
		prefilled[id] = 0;
		state[id] = R_WAITING;
		gpuOf[id] = -1;
		g.running--;
		unlink(g, id);
		pushFront(queue, admitBin[id], id);
		preemptions++;
	};

	/** Pops the decoders whose last token came out of the step that brought the GPU to its step count. */
	const completeDecoders = (g: GpuState, t: number): void => {
		const h = g.done;
		while (h.size > 0 && h.keys[0] <= g.steps) {
			const id = h.ids[0];
			const key = h.keys[0];
			heapPop(h);
			if (state[id] !== R_DECODE || gpuOf[id] !== g.index || finishStep[id] !== key) continue; // stale (preempted)
			const held = heldOf(g, id);
			g.usedBlocks -= blocksFor(held, blockSize);
			g.perPhase[phase[id]]--;
			g.decoders--;
			g.sumCtx -= held;
			emitted[id] = outputTokens[id];
			finish(g, id, t);
		}
	};

	/** Steps until the next decoder finishes (+Infinity when none), dropping stale heap tops. */
	const stepsToCompletion = (g: GpuState): number => {
		const h = g.done;
		while (h.size > 0) {
			const id = h.ids[0];
			if (state[id] === R_DECODE && gpuOf[id] === g.index && finishStep[id] === h.keys[0]) return h.keys[0] - g.steps;
			heapPop(h);
		}
		return Infinity;
	};

	/** Ends the in-flight mixed step at time t: decoders advance, chunks land, prompts finish. */
	const endMixedStep = (g: GpuState, t: number): void => {
		g.steps++;
		g.sumCtx += g.decoders;
		batches++;
		batchSizeSum += g.decoders + g.stepPrefillers;
		const pre = g.pre;
		const end = g.preHead + g.stepPrefillers;
		for (let i = g.preHead; i < end; i++) prefilled[pre[i]] += chunk[pre[i]];
		completeDecoders(g, t);
		// Chunks go out oldest first, so the prompts that finished are a prefix of the prefill queue.
		while (g.preHead < pre.length && prefilled[pre[g.preHead]] === passPrompt[pre[g.preHead]]) {
			const id = pre[g.preHead++];
			const out = outputTokens[id];
			if (out === 0) {
				// A failed row: it costs its prefill and emits nothing.
				g.usedBlocks -= blocksFor(passPrompt[id], blockSize);
				finish(g, id, t);
				continue;
			}
			emitted[id]++;
			if (Number.isNaN(firstTokenS[id])) firstTokenS[id] = t;
			if (emitted[id] >= out) {
				g.usedBlocks -= blocksFor(passPrompt[id], blockSize);
				finish(g, id, t);
				continue;
			}
			const held = passPrompt[id];
			state[id] = R_DECODE;
			enterStep[id] = g.steps;
			enterCtx[id] = held;
			const ph = phaseOf(held, g.steps, blockSize);
			phase[id] = ph;
			g.perPhase[ph]++;
			g.decoders++;
			g.sumCtx += held;
			finishStep[id] = g.steps + (out - emitted[id]);
			heapPush(g.done, finishStep[id], id);
		}
		if (g.preHead > 64 && g.preHead * 2 > pre.length) {
			g.pre = pre.slice(g.preHead);
			g.preHead = 0;
		}
	};

	/** Runs k decode-only steps of the current stretch (ending at time t). */
	const advanceStretch = (g: GpuState, k: number, t: number): void => {
		g.usedBlocks += blocksOverSteps(g.perPhase, blockSize, g.decoders, g.steps, k);
		g.steps += k;
		g.sumCtx += g.decoders * k;
		batches += k;
		batchSizeSum += g.decoders * k;
		g.sizer?.observeDecodeStep((t - g.t0) / k, g.decoders);
		hooks?.onBlocks?.(g.index, g.usedBlocks, totalBlocks);
		completeDecoders(g, t);
	};

	/** One reused step description (the hot path allocates nothing per step). */
	const load: StepLoad = { prefillTokens: 0, prefillSeqs: 0, prefillAttnPairs: 0, decodeSeqs: 0, decodeAttnCtx: 0, emitters: 0, kvReadTokens: 0, kvWriteTokens: 0 };

	/** Whether queued request id fits a GPU that has `freeBlocks` blocks left for prompts. */
	let fitFree = 0;
	const fits = (id: number): boolean => blocksFor(passPrompt[id], blockSize) <= fitFree;

	/**
	 * The decision at a step boundary (time t): preempt if short of blocks, plan the next step, admit.
	 * Returns whether the shared queue changed.
	 */
	const decide = (g: GpuState, t: number): boolean => {
		let changed = false;
		let need = g.decoders > 0 ? g.perPhase[needingPhase(g.steps, blockSize)] : 0;
		let preempted = false;
		while (g.usedBlocks + need > totalBlocks) {
			preemptNewest(g);
			preempted = true;
			changed = true;
			need = g.decoders > 0 ? g.perPhase[needingPhase(g.steps, blockSize)] : 0;
		}

		// Decode tokens go first; prefill chunks share what the budget leaves, oldest prompt first.
		let budgetLeft = tokenBudget - g.decoders;
		let pTok = 0;
		let pPairs = 0;
		let kvRead = g.sumCtx;
		let kvWrite = g.decoders;
		let emitters = g.decoders;
		let m = 0;
		const pre = g.pre;
		for (let i = g.preHead; i < pre.length && budgetLeft > 0; i++) {
			const id = pre[i];
			const c = prefilled[id];
			const q = Math.min(passPrompt[id] - c, budgetLeft);
			chunk[id] = q;
			pTok += q;
			pPairs += q * c + (q * (q + 1)) / 2;
			kvRead += c;
			kvWrite += q;
			budgetLeft -= q;
			if (c + q === passPrompt[id] && outputTokens[id] > 0) emitters++;
			m++;
		}

		if (!preempted && budgetLeft > 0 && queue.total > 0) {
			const cap = capOf(g);
			if (g.running < cap) {
				fitFree = totalBlocks - g.usedBlocks - need;
				const k = chooseBin(queue, policy, arrivalS, fits);
				if (k >= 0) {
					served(queue, k);
					while (budgetLeft > 0 && g.running < cap) {
						const id = headOf(queue, k);
						if (id < 0) break;
						const blocks = blocksFor(passPrompt[id], blockSize);
						if (blocks > fitFree) break;
						popHead(queue, k);
						changed = true;
						fitFree -= blocks;
						g.usedBlocks += blocks;
						state[id] = R_PREFILL;
						gpuOf[id] = g.index;
						prefilled[id] = 0;
						if (Number.isNaN(startS[id])) startS[id] = t;
						g.running++;
						linkTail(g, id);
						pre.push(id);
						const q = Math.min(passPrompt[id], budgetLeft);
						chunk[id] = q;
						pTok += q;
						pPairs += (q * (q + 1)) / 2;
						kvWrite += q;
						budgetLeft -= q;
						if (q === passPrompt[id] && outputTokens[id] > 0) emitters++;
						m++;
					}
				}
			}
		}

		if (m > 0) {
			g.usedBlocks += need;
			load.prefillTokens = pTok;
			load.prefillSeqs = m;
			load.prefillAttnPairs = pPairs;
			load.decodeSeqs = g.decoders;
			load.decodeAttnCtx = g.sumCtx + g.decoders;
			load.emitters = emitters;
			load.kvReadTokens = kvRead;
			load.kvWriteTokens = kvWrite;
			const dt = perf.stepTimeS(load);
			if (g.sizer && g.decoders > 0) g.sizer.observeDecodeStep(dt, g.decoders + m);
			hooks?.onBlocks?.(g.index, g.usedBlocks, totalBlocks);
			if (g.mode === IDLE) {
				setIdle(g, false);
				g.busySinceS = t;
			}
			g.mode = MIXED;
			g.stepPrefillers = m;
			schedule(clock, g.index, t + dt);
		} else if (g.decoders > 0) {
			const kEnd = Math.min(stepsToCompletion(g), stepsWithinBlocks(g.perPhase, blockSize, g.decoders, g.steps, totalBlocks - g.usedBlocks));
			if (g.mode === IDLE) {
				setIdle(g, false);
				g.busySinceS = t;
			}
			g.mode = STRETCH;
			g.t0 = t;
			g.wakeK = kEnd;
			g.seenK = 0;
			const L = g.lines;
			perf.stretchCoefficients(g.decoders, g.sumCtx, L);
			schedule(clock, g.index, t + stretchTime(L, kEnd));
		} else if (g.mode !== IDLE) {
			g.mode = IDLE;
			setIdle(g, true);
			closeBusy(g, t);
		}
		return changed;
	};

	/**
	 * Picks the GPU that will admit the queue's head first: the lowest idle GPU (now), else the decode
	 * stretch whose next boundary at or after `now` comes first among those that can admit a head there.
	 * GPUs in the middle of a prefill step decide at its end anyway. O(G) when no GPU is idle.
	 */
	const claim = (now: number): void => {
		claimGpu = -1;
		if (queue.total === 0) return;
		if (idleCount > 0) {
			const g = lowestIdle();
			claimGpu = g;
			schedule(clock, g, now);
			return;
		}
		let bestT = Infinity;
		let bestG = -1;
		let bestK = 0;
		for (let gi = 0; gi < gpus; gi++) {
			const g = gs[gi];
			if (g.mode !== STRETCH || g.decoders >= tokenBudget || g.running >= capOf(g)) continue;
			// Claim times only grow, so the boundary found last time still answers while it is ≥ now.
			let k = g.seenK;
			let tk = g.seenT;
			if (k === 0 || tk < now) {
				const L = g.lines;
				const x = now - g.t0;
				if (k > 0) {
					// Steps never get shorter: boundary k + ceil((now − T(k)) / s(k)) is at or after now, and
					// with the tiny per-step growth the answer is almost always it or the one before.
					let hi = k + Math.ceil((now - tk) / g.seenStepS);
					let tHi = stretchTime(L, hi);
					while (g.t0 + tHi < now) tHi = stretchTime(L, ++hi);
					const tPrev = stretchTime(L, hi - 1);
					k = g.t0 + tPrev < now ? hi : firstStep(L, x);
				} else k = firstStep(L, x);
				if (k > g.wakeK) k = g.wakeK;
				const tAt = stretchTime(L, k);
				tk = g.t0 + tAt;
				g.seenK = k;
				g.seenT = tk;
				g.seenStepS = tAt - stretchTime(L, k - 1);
			}
			if (tk >= bestT) continue; // ties keep the lower index, visited first
			const s = g.steps + k;
			fitFree =
				totalBlocks - g.usedBlocks - blocksOverSteps(g.perPhase, blockSize, g.decoders, g.steps, k) - g.perPhase[needingPhase(s, blockSize)];
			if (chooseBinProbe(fits) < 0) continue;
			bestT = tk;
			bestG = gi;
			bestK = k;
		}
		if (bestG < 0) return;
		claimGpu = bestG;
		const g = gs[bestG];
		if (bestK < g.wakeK) {
			g.wakeK = bestK;
			schedule(clock, bestG, bestT);
		}
	};
	/** Whether any bin's head fits, without moving the round-robin cursor. */
	const chooseBinProbe = (fit: (id: number) => boolean): number => {
		for (let k = 0; k < bins; k++) {
			const h = headOf(queue, k);
			if (h >= 0 && fit(h)) return k;
		}
		return -1;
	};

	// --- the event loop ---
	let ai = 0;
	for (;;) {
		const tG = earliestS(clock);
		const tA = ai < n ? arrivalS[ai] : Infinity;
		if (tA === Infinity && tG === Infinity) break;
		if (tA <= tG) {
			const id = ai++;
			if (!servedMask[id]) continue;
			const k = admitBin[id];
			const wasEmpty = queue.waiting[k] === 0;
			arrive(queue, k);
			if (wasEmpty) claim(tA);
			continue;
		}
		const gi = popEarliest(clock);
		const g = gs[gi];
		if (g.mode === MIXED) endMixedStep(g, tG);
		else if (g.mode === STRETCH) advanceStretch(g, g.wakeK, tG);
		const changed = decide(g, tG);
		if (queue.total > 0 && (changed || claimGpu === gi)) claim(tG);
	}

	for (const g of gs) {
		if (g.running !== 0 || g.usedBlocks !== 0) {
			warnings.push(`internal: GPU ${g.index} ended with ${g.running} running request(s) and ${g.usedBlocks} KV block(s) in use.`);
		}
	}
	if (queue.total > 0) warnings.push(`internal: ${queue.total} request(s) were left waiting at the end of the run.`);
	if (preemptions > 0) {
		warnings.push(
			`${preemptions} preemption(s): KV cache ran short and the newest running requests were recomputed; ` +
				'a larger GPU, more GPUs or a smaller max batch would avoid them.'
		);
	}
	hooks?.onDone?.(emitted);
	if (ctx.onProgress) ctx.onProgress(n, n);

	return {
		startS,
		firstTokenS,
		lastTokenS,
		dropCode,
		bin: ctx.bin,
		predictedOutput: ctx.predicted,
		binEdges: ctx.binEdges,
		busyStartS: busyStartS.slice(0, busyCount),
		busyEndS: busyEndS.slice(0, busyCount),
		busyCount,
		busyS,
		batches,
		batchSizeSum,
		preemptions,
		warnings
	};
}
