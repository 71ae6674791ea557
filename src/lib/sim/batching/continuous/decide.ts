/**
 * The decision a replica takes at a step boundary (time t), in vLLM's order:
 *   1. while its decoders are short of KV blocks for the next step, preempt the newest running request;
 *   2. give every decoder one token of the step's token budget (decodes go first);
 *   3. give prefilling requests chunks of what the budget leaves, oldest first (chunked prefill);
 *   4. unless it just preempted, admit queued requests from the bin the policy picks while the batch cap,
 *      the budget and the free blocks allow (a request reserves its whole prompt's blocks on admission);
 *   5. run: a mixed step priced by perf.stepTimeS, else a decode-only stretch up to the next completion
 *      or block shortage (closed form), else go idle.
 */
import { schedule } from '../../engine/clock';
import { blocksFor, needingPhase, stepsWithinBlocks } from '../../engine/kv-blocks';
import { chooseBin, headOf, popHead, served } from '../../engine/queues';
import { recordBusy } from '../../engine/recorder';
import { stretchTimeS } from '../../perf/stretch';
import { admitCached, costIfFits, evictableOf, freeForAdmission, makeRoom } from './prefix-ops';
import { linkTail, preemptNewest, stepsToCompletion } from './replica-ops';
import { IDLE, MIXED, R_PREFILL, STRETCH, type ContinuousRun, type ReplicaState } from './state';

/** The running batch cap: the setting, or lower when the SLA controller says so. */
export function capOf(S: ContinuousRun, g: ReplicaState): number {
	return g.sizer ? Math.min(S.maxBatch, g.sizer.next()) : S.maxBatch;
}

/** Blocks the decoders need for the step that starts now. */
function blocksNeeded(S: ContinuousRun, g: ReplicaState): number {
	return g.decoders > 0 ? g.perPhase[needingPhase(g.steps, S.blockSize)] : 0;
}

/** Decides and launches what replica g runs from t. Returns whether its queue changed (admitted or preempted). */
export function decide(S: ContinuousRun, g: ReplicaState, t: number): boolean {
	// Behind a router a replica admits from, and preempts to, its own queue.
	if (S.router !== null) S.queue = S.queues[g.index];
	const used = S.kv.used;
	let need = blocksNeeded(S, g);
	let preempted = false;
	// With a prefix cache, unowned cached blocks are evicted before a running request is preempted.
	while (used[g.index] + need > S.totalBlocks && (S.prefix === null || !makeRoom(S, S.prefix, g.index, need))) {
		preemptNewest(S, g, t);
		preempted = true;
		need = blocksNeeded(S, g);
	}

	// Decode tokens go first; prefill chunks share what the budget leaves, oldest prompt first.
	const L = S.load;
	let budgetLeft = S.tokenBudget - g.decoders;
	let pTok = 0;
	let pPairs = 0;
	let kvRead = g.sumCtx;
	let kvWrite = g.decoders;
	let emitters = g.decoders;
	let m = 0;
	const pre = g.pre;
	const { prefilled, passPrompt, chunk } = S;
	const outputTokens = S.table.outputTokens;
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

	let admitted = false;
	if (!preempted && budgetLeft > 0 && S.queue.total > 0) {
		const cap = capOf(S, g);
		if (g.running < cap) {
			S.fitFree = S.prefix === null ? S.totalBlocks - used[g.index] - need : freeForAdmission(S, S.prefix, g.index, need);
			const k = chooseBin(S.queue, S.policy, S.table.arrivalS, S.fits);
			if (k >= 0) {
				served(S.queue, k);
				while (budgetLeft > 0 && g.running < cap) {
					const id = headOf(S.queue, k);
					if (id < 0) break;
					const blocks = S.prefix === null ? blocksFor(passPrompt[id], S.blockSize) : costIfFits(S, S.prefix, id, S.fitFree);
					if (blocks > S.fitFree) break;
					popHead(S.queue, k);
					admitted = true;
					S.fitFree -= blocks;
					admit(S, g, id, t);
					// c: prompt tokens found in the prefix cache (not recomputed; attention still spans them).
					let c = 0;
					if (S.prefix === null) used[g.index] += blocks;
					else c = admitCached(S, S.prefix, g, id, t);
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
			}
		}
	}

	if (m > 0) {
		used[g.index] += need;
		L.prefillTokens = pTok;
		L.prefillSeqs = m;
		L.prefillAttnPairs = pPairs;
		L.decodeSeqs = g.decoders;
		L.decodeAttnCtx = g.sumCtx + g.decoders;
		L.emitters = emitters;
		L.kvReadTokens = kvRead;
		L.kvWriteTokens = kvWrite;
		launchMixed(S, g, t, m);
	} else if (g.decoders > 0) launchStretch(S, g, t);
	else if (g.mode !== IDLE) {
		g.mode = IDLE;
		S.idle.add(g.index);
		recordBusy(S.rec, g.index, g.busySinceS, t);
	}
	return preempted || admitted;
}

/** Queued request id joins replica g at t as a prefiller. */
function admit(S: ContinuousRun, g: ReplicaState, id: number, t: number): void {
	S.state[id] = R_PREFILL;
	S.replicaOf[id] = g.index;
	S.prefilled[id] = 0;
	if (Number.isNaN(S.rec.startS[id])) S.rec.startS[id] = t;
	g.running++;
	linkTail(S, g, id);
	g.pre.push(id);
}

function wake(S: ContinuousRun, g: ReplicaState, t: number): void {
	if (g.mode === IDLE) {
		S.idle.remove(g.index);
		g.busySinceS = t;
	}
}

/** Runs the step described in S.load (m prefillers got chunks). */
function launchMixed(S: ContinuousRun, g: ReplicaState, t: number, m: number): void {
	const dt = S.perf.stepTimeS(S.load);
	if (g.sizer && g.decoders > 0) g.sizer.observeDecodeStep(dt, g.decoders + m);
	S.hooks?.onBlocks?.(g.index, S.kv.used[g.index], S.totalBlocks);
	wake(S, g, t);
	g.mode = MIXED;
	g.stepPrefillers = m;
	g.stepS = dt;
	schedule(S.clock, g.index, t + dt);
}

/** Starts a decode-only stretch that runs to the next completion or block shortage. */
function launchStretch(S: ContinuousRun, g: ReplicaState, t: number): void {
	const free = S.totalBlocks - S.kv.used[g.index] + (S.prefix === null ? 0 : evictableOf(S.prefix, g.index));
	const kEnd = Math.min(stepsToCompletion(S, g), stepsWithinBlocks(g.perPhase, S.blockSize, g.decoders, g.steps, free));
	wake(S, g, t);
	g.mode = STRETCH;
	g.t0 = t;
	g.wakeK = kEnd;
	g.seenK = 0;
	S.perf.stretchCoefficients(g.decoders, g.sumCtx, g.coef);
	schedule(S.clock, g.index, t + stretchTimeS(g.coef, kEnd));
}
