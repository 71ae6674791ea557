/**
 * What happens to the requests on one replica: joining and leaving its running list, finishing,
 * preemption by recompute (vLLM: the newest running request frees its blocks and goes back to the head
 * of its queue), and the completions a step or stretch brings.
 */
import { pushFront } from '../../engine/queues';
import { blocksFor } from '../../engine/kv-blocks';
import { releaseBlocks } from './prefix-ops';
import { heapPop } from './step-heap';
import { R_DECODE, R_DONE, R_PREFILL, R_WAITING, type ContinuousRun, type ReplicaState } from './state';

/** How often (in requests finished) the scheduler reports progress. */
const PROGRESS_EVERY = 4096;

export function unlink(S: ContinuousRun, g: ReplicaState, id: number): void {
	const prevId = S.prevId;
	const nextId = S.nextId;
	const p = prevId[id];
	const q = nextId[id];
	if (p >= 0) nextId[p] = q;
	else g.runHead = q;
	if (q >= 0) prevId[q] = p;
	else g.runTail = p;
	prevId[id] = -1;
	nextId[id] = -1;
}

export function linkTail(S: ContinuousRun, g: ReplicaState, id: number): void {
	S.prevId[id] = g.runTail;
	S.nextId[id] = -1;
	if (g.runTail >= 0) S.nextId[g.runTail] = id;
	else g.runHead = id;
	g.runTail = id;
}

/** Request id emitted its last token at t. */
export function finish(S: ContinuousRun, g: ReplicaState, id: number, t: number): void {
	S.state[id] = R_DONE;
	S.rec.lastTokenS[id] = t;
	if (Number.isNaN(S.rec.firstTokenS[id])) S.rec.firstTokenS[id] = t;
	g.running--;
	unlink(S, g, id);
	g.sizer?.observeRequest(S.table.promptTokens[id], S.table.outputTokens[id]);
	S.finished++;
	if (S.ctx.onProgress && S.finished % PROGRESS_EVERY === 0) S.ctx.onProgress(S.finished, S.n);
}

/** Request id leaves replica g at t holding `heldTokens` of KV: its blocks are freed, or stay cached with a prefix cache. */
export function freeHeld(S: ContinuousRun, g: ReplicaState, id: number, heldTokens: number, t: number): void {
	if (S.prefix === null) S.kv.used[g.index] -= blocksFor(heldTokens, S.blockSize);
	else releaseBlocks(S, S.prefix, g, id, heldTokens, t);
}

/** Held tokens of a decoder at the replica's current step count. */
export function heldOf(S: ContinuousRun, g: ReplicaState, id: number): number {
	return S.enterCtx[id] + (g.steps - S.enterStep[id]);
}

/** Preempts the newest running request at boundary t (vLLM recompute). */
export function preemptNewest(S: ContinuousRun, g: ReplicaState, t: number): void {
	const id = g.runTail;
	if (S.state[id] === R_PREFILL) {
		g.pre.pop(); // the newest running request is also the newest prefiller
		freeHeld(S, g, id, S.passPrompt[id], t);
	} else {
		const held = heldOf(S, g, id);
		freeHeld(S, g, id, held, t);
		g.perPhase[S.phase[id]]--;
		g.decoders--;
		g.sumCtx -= held;
		// Its last token came out of the step that ended at this boundary; every decode step since it
		// entered decoding emitted one token.
		S.lastEmitS[id] = t;
		S.emitted[id] += g.steps - S.enterStep[id];
		// vLLM recompute: the next pass prefills the prompt and every token already emitted.
		S.passPrompt[id] = Math.max(1, S.table.promptTokens[id]) + S.emitted[id];
	}
	S.prefilled[id] = 0;
	S.state[id] = R_WAITING;
	S.replicaOf[id] = -1;
	g.running--;
	unlink(S, g, id);
	pushFront(S.queue, S.table.bin[id], id);
	S.rec.preemptions++;
}

/** Whether the top of the completion heap is stale (a preempted decoder's old entry). */
function live(S: ContinuousRun, g: ReplicaState, id: number, key: number): boolean {
	return S.state[id] === R_DECODE && S.replicaOf[id] === g.index && S.finishStep[id] === key;
}

/** Pops the decoders whose last token came out of the step that brought the replica to its step count. */
export function completeDecoders(S: ContinuousRun, g: ReplicaState, t: number): void {
	const h = g.done;
	while (h.size > 0 && h.keys[0] <= g.steps) {
		const id = h.ids[0];
		const key = h.keys[0];
		heapPop(h);
		if (!live(S, g, id, key)) continue;
		const held = heldOf(S, g, id);
		freeHeld(S, g, id, held, t);
		g.perPhase[S.phase[id]]--;
		g.decoders--;
		g.sumCtx -= held;
		S.emitted[id] = S.table.outputTokens[id];
		finish(S, g, id, t);
	}
}

/** Steps until the next decoder finishes (+Infinity when none), dropping stale heap tops. */
export function stepsToCompletion(S: ContinuousRun, g: ReplicaState): number {
	const h = g.done;
	while (h.size > 0) {
		if (live(S, g, h.ids[0], h.keys[0])) return h.keys[0] - g.steps;
		heapPop(h);
	}
	return Infinity;
}
