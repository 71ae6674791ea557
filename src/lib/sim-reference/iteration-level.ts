/**
 * Iteration-level (continuous) batching, one step at a time: chunked prefill, a per-step token budget,
 * a running-batch cap, paged KV blocks, preemption of the newest request by recompute, FCFS or
 * per-bin admission, and the optional dynamic SLA cap.
 *
 * Rules (DESIGN.md, "Batching regimes and methods"; vLLM's scheduler):
 * - Queues: with routing 'global' one set of per-bin queues every GPU admits from; behind a router
 *   (routing.ts) each GPU has its own, and the router puts each servable request in one GPU's queue
 *   when it arrives, seeing each GPU's outstanding requests (routed there, not done) and its KV
 *   tokens in use (blocks held, plus the blocks the step in flight reserved for its new tokens).
 * - At each instant, requests that arrive are routed and queued first; then every GPU whose step ends
 *   now, and every idle GPU while requests wait in its queue, decides, lowest GPU index first.
 * - A decision: (1) while the decoders' next tokens need more KV blocks than are free (a decoder
 *   holding c tokens needs a new block when c is a multiple of the block size), preempt the newest
 *   running request: it frees its blocks and goes back to the head of its queue; its next pass
 *   prefills its prompt plus every token it already emitted. (2) Every decoder takes one token of the
 *   budget; prefilling requests take chunks of what is left, oldest first. (3) Unless it just
 *   preempted, the GPU admits from the bin its policy picks (among bins whose head fits) while the
 *   budget, the batch cap and the free blocks allow; an admitted request reserves the blocks of its
 *   whole prompt and gets a chunk at once.
 * - A step that finishes a prompt emits that request's first token of the pass (a failed row, with 0
 *   output tokens, emits nothing and leaves); every decode step emits one token per decoder.
 * - SLA cap: the dynamic sizer caps the running batch. It learns each mixed step's time when the step
 *   is planned, and the mean step of each run of decode-only steps when the run ends: at a step that
 *   finishes a request, one that is short of blocks, or one where the GPU could admit a waiting request
 *   (with the cap it had before learning).
 */
import { createDynamicSizer, type BatchSizer } from '../sim/sizing/dynamic';
import type { SizingSpec } from '../sim/types';
import { DEFAULT_ROUTING } from '../sim/deploy/routing/registry';
import { chooseReplica, createReferenceRouter } from './routing';
import { countNearTies, watchThresholds } from './ties';
import { createQueues, pickBin, waitingTotal, type BinQueues } from './queues';
import { emptyRecords, stepLoad, type ReferenceInputs, type ReferenceRecords, type ReferenceRequest, type ReferenceSettings } from './types';

type Phase = 'waiting' | 'prefill' | 'decode' | 'done';

interface Req {
	arrivalS: number;
	prompt: number;
	output: number;
	admitBin: number;
	phase: Phase;
	emitted: number;
	/** Prompt of the current pass: max(1, prompt), plus the tokens emitted before a preemption. */
	passPrompt: number;
	prefilled: number;
	/** Tokens a decoder holds in KV. */
	held: number;
	/** Prefill tokens this request gets in the step in flight. */
	chunk: number;
}

interface Gpu {
	index: number;
	/** The queue it admits from and preempts to: the shared one ('global') or its own. */
	queue: BinQueues;
	/** Running requests in admission order: the last is the newest. */
	running: number[];
	/** The step in flight, or null when idle. */
	step: { endS: number; decodeOnly: boolean } | null;
	sizer: BatchSizer | null;
	/** The current run of decode-only steps (for the SLA cap): its start and its length. */
	runStartS: number;
	runSteps: number;
}

interface Sim {
	reqs: Req[];
	rec: ReferenceRecords;
	inp: ReferenceInputs;
	policy: ReferenceSettings['binPolicy'];
	blockSize: number;
	totalBlocks: number;
	tokenBudget: number;
	maxBatch: number;
	stepNo: number;
}

const blocksFor = (tokens: number, blockSize: number) => Math.ceil(tokens / blockSize);

function usedBlocks(s: Sim, g: Gpu): number {
	let used = 0;
	for (const id of g.running) {
		const r = s.reqs[id];
		used += blocksFor(r.phase === 'decode' ? r.held : r.passPrompt, s.blockSize);
	}
	return used;
}

/** Decoders whose next token starts a new block. */
function blocksNeeded(s: Sim, g: Gpu): number {
	return g.running.filter((id) => s.reqs[id].phase === 'decode' && s.reqs[id].held % s.blockSize === 0).length;
}

const decoders = (s: Sim, g: Gpu) => g.running.filter((id) => s.reqs[id].phase === 'decode');
const capOf = (s: Sim, g: Gpu) => (g.sizer ? Math.min(s.maxBatch, g.sizer.next()) : s.maxBatch);

function finish(s: Sim, g: Gpu, id: number, t: number): void {
	const r = s.reqs[id];
	r.phase = 'done';
	s.rec.lastTokenS[id] = t;
	if (Number.isNaN(s.rec.firstTokenS[id])) s.rec.firstTokenS[id] = t;
	g.running.splice(g.running.indexOf(id), 1);
	g.sizer?.observeRequest(r.prompt, r.output);
}

/** Whether the GPU, at a decode step boundary, could admit a waiting request (cap, budget, blocks). */
function couldAdmit(s: Sim, g: Gpu): boolean {
	if (waitingTotal(g.queue) === 0) return false;
	if (decoders(s, g).length >= s.tokenBudget || g.running.length >= capOf(s, g)) return false;
	const free = s.totalBlocks - usedBlocks(s, g) - blocksNeeded(s, g);
	return g.queue.queues.some((q) => q.length > 0 && blocksFor(s.reqs[q[0]].passPrompt, s.blockSize) <= free);
}

/** The step in flight ends at time t: tokens come out, prompts finish, finished requests leave. */
function endStep(s: Sim, g: Gpu, t: number): void {
	const decodeOnly = g.step?.decodeOnly ?? false;
	g.step = null;
	const finishing: number[] = [];
	for (const id of decoders(s, g)) {
		const r = s.reqs[id];
		r.held++;
		r.emitted++;
		if (r.emitted === r.output) finishing.push(id);
	}
	if (decodeOnly && g.sizer) {
		g.runSteps++;
		const ends = finishing.length > 0 || usedBlocks(s, g) + blocksNeeded(s, g) > s.totalBlocks || couldAdmit(s, g);
		if (ends) {
			g.sizer.observeDecodeStep((t - g.runStartS) / g.runSteps, decoders(s, g).length);
			g.runSteps = 0;
		}
	}
	for (const id of finishing) finish(s, g, id, t);
	for (const id of [...g.running]) {
		const r = s.reqs[id];
		if (r.phase !== 'prefill' || r.chunk === 0) continue;
		r.prefilled += r.chunk;
		r.chunk = 0;
		if (r.prefilled < r.passPrompt) continue;
		if (r.output === 0) {
			finish(s, g, id, t); // a failed row: it cost its prefill and emits nothing
			continue;
		}
		r.emitted++;
		if (Number.isNaN(s.rec.firstTokenS[id])) s.rec.firstTokenS[id] = t;
		if (r.emitted >= r.output) finish(s, g, id, t);
		else {
			r.phase = 'decode';
			r.held = r.passPrompt;
		}
	}
}

function preemptNewest(s: Sim, g: Gpu): void {
	const id = g.running.pop() as number;
	const r = s.reqs[id];
	// vLLM's recompute: the next pass prefills the prompt and every token already emitted.
	if (r.phase === 'decode') r.passPrompt = Math.max(1, r.prompt) + r.emitted;
	r.phase = 'waiting';
	r.prefilled = 0;
	r.chunk = 0;
	g.queue.queues[r.admitBin].unshift(id);
	s.rec.preemptions++;
}

/** The decision at a step boundary (or of an idle GPU) at time t; see the file comment. */
function decide(s: Sim, g: Gpu, t: number, atBoundary: boolean): void {
	const queued = waitingTotal(g.queue) > 0;
	let preempted = false;
	while (usedBlocks(s, g) + blocksNeeded(s, g) > s.totalBlocks) {
		preemptNewest(s, g);
		preempted = true;
	}
	// Step boundaries are ordered against arrivals; contended ones (the GPU could take from or give to
	// the queue) also against other GPUs' (ties.ts). An idle GPU reacts to what woke it: never a tie.
	if (atBoundary) s.rec.events.push({ t, gpu: g.index, contended: queued || preempted });
	const decoding = decoders(s, g);
	let budget = s.tokenBudget - decoding.length;
	const chunked: number[] = [];
	for (const id of g.running) {
		const r = s.reqs[id];
		if (r.phase !== 'prefill' || budget <= 0) continue;
		r.chunk = Math.min(r.passPrompt - r.prefilled, budget);
		budget -= r.chunk;
		chunked.push(id);
	}
	if (!preempted && budget > 0 && waitingTotal(g.queue) > 0 && g.running.length < capOf(s, g)) {
		const cap = capOf(s, g);
		let free = s.totalBlocks - usedBlocks(s, g) - blocksNeeded(s, g);
		const fits = (id: number) => blocksFor(s.reqs[id].passPrompt, s.blockSize) <= free;
		const k = pickBin(g.queue, s.policy, s.reqs.map((r) => r.arrivalS), fits);
		if (k >= 0) {
			g.queue.lastBin = k;
			const q = g.queue.queues[k];
			while (budget > 0 && g.running.length < cap && q.length > 0 && fits(q[0])) {
				const id = q.shift() as number;
				const r = s.reqs[id];
				free -= blocksFor(r.passPrompt, s.blockSize);
				r.phase = 'prefill';
				r.prefilled = 0;
				if (Number.isNaN(s.rec.startS[id])) {
					s.rec.startS[id] = t;
					s.rec.batchOf[id] = s.stepNo;
					s.rec.gpuOf[id] = g.index;
				}
				g.running.push(id);
				r.chunk = Math.min(r.passPrompt, budget);
				budget -= r.chunk;
				chunked.push(id);
			}
		}
	}
	if (chunked.length === 0 && decoding.length === 0) return; // idle
	let held = 0;
	for (const id of decoding) held += s.reqs[id].held;
	let tokens = 0;
	let pairs = 0;
	let read = held;
	let emitters = decoding.length;
	for (const id of chunked) {
		const r = s.reqs[id];
		tokens += r.chunk;
		pairs += r.chunk * r.prefilled + (r.chunk * (r.chunk + 1)) / 2;
		read += r.prefilled;
		if (r.prefilled + r.chunk === r.passPrompt && r.output > 0) emitters++;
	}
	const load = stepLoad({
		prefillTokens: tokens,
		prefillSeqs: chunked.length,
		prefillAttnPairs: pairs,
		decodeSeqs: decoding.length,
		decodeAttnCtx: held + decoding.length,
		emitters,
		kvReadTokens: read,
		kvWriteTokens: decoding.length + tokens
	});
	const dt = s.inp.perf.stepTimeS(load);
	const decodeOnly = chunked.length === 0;
	if (g.sizer && !decodeOnly && decoding.length > 0) g.sizer.observeDecodeStep(dt, decoding.length + chunked.length);
	if (decodeOnly && g.runSteps === 0) g.runStartS = t;
	g.step = { endS: t + dt, decodeOnly };
	s.stepNo++;
}

/** Simulates continuous batching step by step; see the file comment for the rules. */
export function referenceIterationLevel(rows: ReferenceRequest[], settings: ReferenceSettings, inp: ReferenceInputs): ReferenceRecords {
	const spec = settings.continuous;
	const blockSize = Math.max(1, Math.floor(spec.blockSize));
	const tokenBudget = Math.max(1, Math.floor(spec.tokenBudget));
	// Every running sequence needs a token of the budget per step (vLLM: max_num_seqs ≤ max_num_batched_tokens).
	const maxBatch = Math.min(tokenBudget, Math.max(1, Math.floor(spec.maxBatch)));
	const totalBlocks = Math.floor(inp.kvCapacityTokens / blockSize);
	const byBin = spec.admission === 'bins' && settings.bins > 1;
	const rec = emptyRecords(rows.length, inp.dropCode);
	const reqs: Req[] = rows.map((r, i) => {
		const p = Math.max(1, r.prompt);
		// The most KV a request ever holds: its prompt, or prompt + output − 1 before its last step.
		const peak = r.output > 0 ? p + r.output - 1 : p;
		if (rec.dropCode[i] === 0 && blocksFor(peak, blockSize) > totalBlocks) rec.dropCode[i] = 1;
		const admitBin = byBin ? Math.min(settings.bins - 1, inp.bin[i]) : 0;
		return { arrivalS: r.arrivalS, prompt: r.prompt, output: r.output, admitBin, phase: 'waiting', emitted: 0, passPrompt: p, prefilled: 0, held: 0, chunk: 0 };
	});
	const s: Sim = { reqs, rec, inp, policy: settings.binPolicy, blockSize, totalBlocks, tokenBudget, maxBatch, stepNo: 0 };
	const G = Math.max(1, Math.floor(settings.gpus));
	const router = createReferenceRouter(settings.routing ?? DEFAULT_ROUTING, G, settings.seed ?? 1);
	const shared = createQueues(byBin ? settings.bins : 1);
	const sizing: Extract<SizingSpec, { kind: 'dynamic' }> =
		settings.sizing.kind === 'dynamic' ? settings.sizing : { kind: 'dynamic', maxBatch, epsMem: 0.01, tolerance: 0.1 };
	const gpus: Gpu[] = [];
	for (let g = 0; g < G; g++) {
		const sizer = spec.slaCap
			? watchThresholds(createDynamicSizer(sizing, settings.sla.tbtS, inp.kvCapacityTokens), settings.sla.tbtS, sizing.tolerance, () => rec.nearTies++)
			: null;
		gpus.push({ index: g, queue: router ? createQueues(byBin ? settings.bins : 1) : shared, running: [], step: null, sizer, runStartS: 0, runSteps: 0 });
	}

	let nextArrival = 0;
	for (;;) {
		let now = nextArrival < rows.length ? rows[nextArrival].arrivalS : Infinity;
		for (const g of gpus) if (g.step && g.step.endS < now) now = g.step.endS;
		if (now === Infinity) break;
		// Arrivals first: a request that arrives exactly at a step boundary is seen there.
		while (nextArrival < rows.length && rows[nextArrival].arrivalS <= now) {
			const id = nextArrival++;
			if (rec.dropCode[id] !== 0) continue;
			let g = gpus[0];
			if (router) {
				const outstanding = gpus.map((x) => reqs.filter((r, i) => rec.routedTo[i] === x.index && r.phase !== 'done').length);
				const kvTokens = gpus.map((x) => (usedBlocks(s, x) + (x.step ? blocksNeeded(s, x) : 0)) * blockSize);
				g = gpus[chooseReplica(router, rows[id], outstanding, kvTokens)];
				rec.routedTo[id] = g.index;
			}
			g.queue.queues[reqs[id].admitBin].push(id);
		}
		// Then GPUs, lowest index first: those whose step ends now, and idle ones while requests wait.
		for (;;) {
			const g = gpus.find((x) => (x.step ? x.step.endS <= now : waitingTotal(x.queue) > 0 && x.running.length === 0));
			if (!g) break;
			const atBoundary = g.step !== null;
			if (g.step) endStep(s, g, now);
			decide(s, g, now, atBoundary);
			if (!g.step && g.running.length === 0 && waitingTotal(g.queue) > 0) {
				throw new Error(`reference: idle GPU ${g.index} could not admit a waiting request at ${now} s`);
			}
		}
	}
	if (reqs.some((r, i) => rec.dropCode[i] === 0 && r.phase !== 'done')) throw new Error('reference: a servable request never finished');
	for (const r of rows) rec.events.push({ t: r.arrivalS, gpu: -1 });
	rec.nearTies += countNearTies(rec.events);
	return rec;
}
