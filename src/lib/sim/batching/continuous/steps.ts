/**
 * The end of what a replica ran: a mixed step (decoders advance one token, prefill chunks land, prompts
 * that finish emit their first token and start decoding) or a decode-only stretch of k steps (closed
 * form: blocks from the phase counts, gaps from the stretch coefficients). Both record inter-token gaps.
 */
import { blocksOverSteps, phaseOf } from '../../engine/kv-blocks';
import { addGaps, addStretchGaps } from '../../gap-histogram';
import { makeRoom, registerComputed } from './prefix-ops';
import { completeDecoders, finish, freeHeld } from './replica-ops';
import { heapPush } from './step-heap';
import { R_DECODE, type ContinuousRun, type ReplicaState } from './state';

/** Ends the in-flight mixed step at time t. */
export function endMixedStep(S: ContinuousRun, g: ReplicaState, t: number): void {
	const rec = S.rec;
	// Every decoder emitted a token at the end of this step, one step after its previous one.
	addGaps(rec.itl, g.stepS, g.decoders);
	g.steps++;
	g.sumCtx += g.decoders;
	rec.batches++;
	rec.batchSizeSum += g.decoders + g.stepPrefillers;
	const pre = g.pre;
	const prefilled = S.prefilled;
	const passPrompt = S.passPrompt;
	const end = g.preHead + g.stepPrefillers;
	for (let i = g.preHead; i < end; i++) prefilled[pre[i]] += S.chunk[pre[i]];
	const P = S.prefix;
	// Full prompt blocks computed by this step join the prefix cache (vLLM caches blocks as they fill).
	if (P !== null) for (let i = g.preHead; i < end; i++) registerComputed(S, P, g, pre[i]);
	completeDecoders(S, g, t);
	// Chunks go out oldest first, so the prompts that finished are a prefix of the prefill queue.
	while (g.preHead < pre.length && prefilled[pre[g.preHead]] === passPrompt[pre[g.preHead]]) {
		const id = pre[g.preHead++];
		promptDone(S, g, id, t);
	}
	if (g.preHead > 64 && g.preHead * 2 > pre.length) {
		g.pre = pre.slice(g.preHead);
		g.preHead = 0;
	}
}

/** Request id's prompt pass finished at t: it emits a token and finishes or starts decoding. */
function promptDone(S: ContinuousRun, g: ReplicaState, id: number, t: number): void {
	const out = S.table.outputTokens[id];
	if (out === 0) {
		// A failed row: it costs its prefill and emits nothing.
		freeHeld(S, g, id, S.passPrompt[id], t);
		finish(S, g, id, t);
		return;
	}
	// A recomputed request's gap runs from its last token before preemption to this one.
	if (S.emitted[id] > 0) addGaps(S.rec.itl, t - S.lastEmitS[id], 1);
	S.emitted[id]++;
	if (Number.isNaN(S.rec.firstTokenS[id])) S.rec.firstTokenS[id] = t;
	if (S.emitted[id] >= out) {
		freeHeld(S, g, id, S.passPrompt[id], t);
		finish(S, g, id, t);
		return;
	}
	const held = S.passPrompt[id];
	S.state[id] = R_DECODE;
	S.enterStep[id] = g.steps;
	S.enterCtx[id] = held;
	const ph = phaseOf(held, g.steps, S.blockSize);
	S.phase[id] = ph;
	g.perPhase[ph]++;
	g.decoders++;
	g.sumCtx += held;
	S.finishStep[id] = g.steps + (out - S.emitted[id]);
	heapPush(g.done, S.finishStep[id], id);
}

/** Runs k decode-only steps of the current stretch (ending at time t). */
export function advanceStretch(S: ContinuousRun, g: ReplicaState, k: number, t: number): void {
	const rec = S.rec;
	addStretchGaps(rec.itl, g.coef, 1, k, g.decoders);
	S.kv.used[g.index] += blocksOverSteps(g.perPhase, S.blockSize, g.decoders, g.steps, k);
	// The stretch grew into unowned cached blocks (launchStretch counted them as room): evict them now.
	if (S.prefix !== null) makeRoom(S, S.prefix, g.index, 0);
	g.steps += k;
	g.sumCtx += g.decoders * k;
	rec.batches += k;
	rec.batchSizeSum += g.decoders * k;
	g.sizer?.observeDecodeStep((t - g.t0) / k, g.decoders);
	S.hooks?.onBlocks?.(g.index, S.kv.used[g.index], S.totalBlocks);
	completeDecoders(S, g, t);
}
