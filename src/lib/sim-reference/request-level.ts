/**
 * Request-level batching, the slow and obvious way (static, dynamic and multi-bin sizing).
 *
 * Rules (DESIGN.md, "Batching regimes and methods"): with routing 'global', G GPUs pull from shared
 * per-bin FIFO queues with one sizer per bin. Behind a router, the router sends each servable request
 * to one GPU when it arrives (routing.ts), and every GPU has its own per-bin queues and sizers. At each
 * instant, in this order: requests that arrive now are routed (seeing the loads before anything else
 * at this instant), batches that end now free their GPU (and their bin's sizer learns from them),
 * requests that arrive now join their bin's queue, then idle GPUs, lowest index first, each take a
 * batch from their queue: the bin its policy picks, up to the sizer's b requests from the head, stopping
 * early when the next request's prompt + output would overflow the KV capacity. A batch prefills in one
 * step (the first token of every request comes out of it), then decodes one step per token until its
 * longest request is done; finished requests stay in the batch as padding. Every step is priced by
 * the scenario's PerfModel.stepTimeS, one step at a time.
 */
import { DEFAULT_ROUTING } from '../sim/deploy/routing/registry';
import { createSizer, type BatchSizer } from '../sim/sizing/index';
import type { Scenario } from '../sim/types';
import { countNearTies, watchThresholds } from './ties';
import { createQueues, pickBin, waitingTotal, type BinQueues } from './queues';
import { chooseReplica, createReferenceRouter } from './routing';
import { emptyRecords, stepLoad, type ReferenceInputs, type ReferenceRecords, type ReferenceRequest, type ReferenceSettings } from './types';

interface RunningBatch {
	ids: number[];
	bin: number;
	endS: number;
	/** Mean decode step of the batch (NaN when it ran no decode step). */
	meanStepS: number;
}

/** Prefill time of a batch: one step over every prompt, each request emitting its first token. */
function prefillTimeS(inp: ReferenceInputs, prompts: number[]): number {
	let tokens = 0;
	let pairs = 0;
	for (const p of prompts) {
		tokens += p;
		pairs += (p * (p + 1)) / 2;
	}
	const load = stepLoad({ prefillTokens: tokens, prefillSeqs: prompts.length, prefillAttnPairs: pairs, decodeSeqs: 0, decodeAttnCtx: 0, emitters: prompts.length, kvReadTokens: 0, kvWriteTokens: tokens });
	return inp.perf.stepTimeS(load);
}

/**
 * End time of every decode step of a padded batch: steps[k − 1] is when decode step k ends, counted
 * from the end of prefill. All b sequences (finished ones too) hold prompt + k − 1 tokens before step k.
 */
function decodeStepEnds(inp: ReferenceInputs, promptSum: number, b: number, steps: number): number[] {
	const ends: number[] = [];
	let t = 0;
	for (let k = 1; k <= steps; k++) {
		const held = promptSum + b * (k - 1);
		const load = stepLoad({ prefillTokens: 0, prefillSeqs: 0, prefillAttnPairs: 0, decodeSeqs: b, decodeAttnCtx: held + b, emitters: b, kvReadTokens: held, kvWriteTokens: b });
		t += inp.perf.stepTimeS(load);
		ends.push(t);
	}
	return ends;
}

/** Simulates request-level batching; see the file comment for the rules. */
export function referenceRequestLevel(reqs: ReferenceRequest[], settings: ReferenceSettings, inp: ReferenceInputs): ReferenceRecords {
	const n = reqs.length;
	const rec = emptyRecords(n, inp.dropCode);
	const G = Math.max(1, Math.floor(settings.gpus));
	const K = Math.max(1, settings.bins);
	const cap = inp.kvCapacityTokens;
	const router = createReferenceRouter(settings.routing ?? DEFAULT_ROUTING, G, settings.seed ?? 1);
	let thresholdTies = 0;
	const newSizers = (): BatchSizer[] => {
		const sizers: BatchSizer[] = [];
		for (let k = 0; k < K; k++) {
			const sizer = createSizer(settings as Scenario, cap);
			const sz = settings.sizing;
			sizers.push(sz.kind === 'dynamic' ? watchThresholds(sizer, settings.sla.tbtS, sz.tolerance, () => thresholdTies++) : sizer);
		}
		return sizers;
	};
	// 'global': one set of queues and sizers every GPU shares; behind a router, each GPU's own.
	const shared = createQueues(K);
	const sharedSizers = router ? [] : newSizers();
	const queueOf: BinQueues[] = [];
	const sizersOf: BatchSizer[][] = [];
	for (let g = 0; g < G; g++) {
		queueOf.push(router ? createQueues(K) : shared);
		sizersOf.push(router ? newSizers() : sharedSizers);
	}
	const running: (RunningBatch | null)[] = new Array<RunningBatch | null>(G).fill(null);
	/** When each GPU's last batch ended (a GPU freed at this instant decides at a batch boundary). */
	const freedAtS: number[] = new Array<number>(G).fill(NaN);
	const arrivalS = reqs.map((r) => r.arrivalS);
	const waitingAll = () => (router ? queueOf.reduce((a, q) => a + waitingTotal(q), 0) : waitingTotal(shared));
	let toServe = rec.dropCode.filter((c) => c === 0).length;
	let nextArrival = 0;
	let batchNo = 0;
	let now = n > 0 ? reqs[0].arrivalS : 0;

	while (toServe > 0) {
		// 0. Behind a router, requests that arrive now are routed, in arrival order, each seeing the
		// loads as they were before this instant plus the requests routed just before it.
		while (router && nextArrival < n && reqs[nextArrival].arrivalS <= now) {
			const id = nextArrival++;
			if (rec.dropCode[id] !== 0) continue;
			// Outstanding: routed here and not finished (a batch member until its last token, at or after now).
			const outstanding = queueOf.map((_, g) => rec.routedTo.filter((r, i) => r === g && i !== id && (Number.isNaN(rec.lastTokenS[i]) || rec.lastTokenS[i] >= now)).length);
			const kvTokens = running.map((b) => (b ? b.ids.reduce((a, i) => a + reqs[i].prompt + reqs[i].output, 0) : 0));
			const g = chooseReplica(router, reqs[id], outstanding, kvTokens);
			rec.routedTo[id] = g;
			queueOf[g].queues[inp.bin[id]].push(id);
		}
		// 1. Batches that end now free their GPU; the bin's sizer learns (GPU order).
		for (let g = 0; g < G; g++) {
			const b = running[g];
			if (!b || b.endS > now) continue;
			const sizers = sizersOf[g];
			for (const id of b.ids) sizers[b.bin].observeRequest(reqs[id].prompt, reqs[id].output);
			if (!Number.isNaN(b.meanStepS)) sizers[b.bin].observeDecodeStep(b.meanStepS, b.ids.length);
			freedAtS[g] = b.endS;
			running[g] = null;
		}
		// 2. Arrivals up to now queue in their bin (dropped requests never queue).
		while (nextArrival < n && reqs[nextArrival].arrivalS <= now) {
			const id = nextArrival++;
			if (rec.dropCode[id] === 0) shared.queues[inp.bin[id]].push(id);
		}
		// Batch ends are ordered against arrivals; those where the GPU takes a batch also against other
		// GPUs' (ties.ts). An idle GPU reacts to the arrival that woke it: never a tie.
		for (let g = 0; g < G; g++) if (freedAtS[g] === now) rec.events.push({ t: now, gpu: g, contended: !router && waitingAll() > 0 });
		// 3. Idle GPUs take batches from their queue, lowest index first.
		for (let g = 0; g < G && waitingAll() > 0; g++) {
			const queues = queueOf[g];
			if (running[g] || waitingTotal(queues) === 0) continue;
			const k = pickBin(queues, settings.binPolicy, arrivalS, () => true);
			queues.lastBin = k;
			const want = sizersOf[g][k].next();
			const ids: number[] = [];
			let kv = 0;
			const q = queues.queues[k];
			while (ids.length < want && q.length > 0) {
				const need = reqs[q[0]].prompt + reqs[q[0]].output;
				if (ids.length > 0 && kv + need > cap) break;
				kv += need;
				ids.push(q.shift() as number);
			}
			const prompts = ids.map((id) => reqs[id].prompt);
			const promptSum = prompts.reduce((a, p) => a + p, 0);
			const longest = Math.max(...ids.map((id) => reqs[id].output));
			const firstS = now + prefillTimeS(inp, prompts);
			const ends = decodeStepEnds(inp, promptSum, ids.length, Math.max(0, longest - 1));
			for (const id of ids) {
				const out = reqs[id].output;
				rec.startS[id] = now;
				rec.firstTokenS[id] = firstS;
				// n tokens: the first from prefill, the others from decode steps 1 .. n − 1.
				rec.lastTokenS[id] = out >= 2 ? firstS + ends[out - 2] : firstS;
				rec.batchOf[id] = batchNo;
				rec.gpuOf[id] = g;
				// A router counts a member as outstanding until its last token: that instant is ordered against arrivals.
				if (router) rec.events.push({ t: rec.lastTokenS[id], gpu: g });
			}
			const decodeS = ends.length > 0 ? ends[ends.length - 1] : 0;
			running[g] = { ids, bin: k, endS: firstS + decodeS, meanStepS: ends.length > 0 ? decodeS / ends.length : NaN };
			batchNo++;
			toServe -= ids.length;
		}
		if (toServe === 0) break;
		// 4. The next instant: the earliest batch end or arrival.
		let next = nextArrival < n ? reqs[nextArrival].arrivalS : Infinity;
		for (const b of running) if (b && b.endS < next) next = b.endS;
		if (next === Infinity) break;
		now = next;
	}
	for (const r of reqs) rec.events.push({ t: r.arrivalS, gpu: -1 });
	rec.nearTies = countNearTies(rec.events) + thresholdTies;
	return rec;
}
