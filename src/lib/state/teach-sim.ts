/**
 * A tiny, transparent scheduler for the "How it works" page: about 20 requests on one GPU, batched
 * by each method, timed with the engine's own PerfModel (prefillS, decodeStretchS, stepTimeS). It
 * mirrors the engine's rules (DESIGN.md, "Batching regimes and methods") in a form small enough to
 * read and step through; the study itself always uses the real engine (src/lib/sim).
 */
import type { PerfModel } from '../sim/perf/types';

/** One request of the teaching workload. */
export interface TeachRequest {
	id: number;
	arrivalS: number;
	prompt: number;
	output: number;
}

/** When a request waited, started and finished, and which batch (or admission step) served it. */
export interface TeachTiming {
	id: number;
	arrivalS: number;
	startS: number;
	firstTokenS: number;
	endS: number;
	/** Batch index (request-level) or admission step index (continuous): colours the bar. */
	batch: number;
	/** Bin the request was queued in (multibin), else 0. */
	bin: number;
}

/** The teaching methods and their one-line rule. */
export const TEACH_METHODS = {
	static: 'Static: take up to B = 8 queued requests, run them until the longest is done.',
	dynamic: 'Dynamic: the batch grows with the queue (up to 32) while memory and the TBT target allow.',
	multibin: 'Multi-bin: two bins by predicted output length; a batch comes from one bin, so short jobs are not padded to long ones.',
	continuous: 'Continuous: every decode step admits waiting requests and retires finished ones (vLLM-style).'
} as const;
export type TeachMethod = keyof typeof TEACH_METHODS;

/** A deterministic little workload: bursts of arrivals with mixed short and long outputs. */
export function teachWorkload(n = 20, seed = 7): TeachRequest[] {
	let s = seed >>> 0;
	const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
	const out: TeachRequest[] = [];
	let t = 0;
	for (let i = 0; i < n; i++) {
		t += rnd() < 0.3 ? 0 : rnd() * 0.4;
		const long = rnd() < 0.35;
		out.push({ id: i + 1, arrivalS: Math.round(t * 1000) / 1000, prompt: 64 + Math.floor(rnd() * 900), output: long ? 250 + Math.floor(rnd() * 350) : 10 + Math.floor(rnd() * 90) });
	}
	return out;
}

/** Request-level batching (static, dynamic, multibin) on one GPU. */
function requestLevel(reqs: TeachRequest[], perf: PerfModel, method: Exclude<TeachMethod, 'continuous'>, kvCapacity: number, tbtS: number): TeachTiming[] {
	const sortedOut = reqs.map((r) => r.output).sort((a, b) => a - b);
	const median = sortedOut[Math.floor(sortedOut.length / 2)] ?? 0;
	const binOf = (r: TeachRequest) => (method === 'multibin' ? (r.output <= median ? 0 : 1) : 0);
	const waiting = [...reqs].sort((a, b) => a.arrivalS - b.arrivalS || a.id - b.id);
	const done: TeachTiming[] = [];
	let t = 0;
	let batchNo = 0;
	while (waiting.length) {
		let queue = waiting.filter((r) => r.arrivalS <= t);
		if (queue.length === 0) {
			t = waiting[0].arrivalS;
			continue;
		}
		if (method === 'multibin') {
			// Oldest head-of-line request picks the bin (the default policy).
			const bin = binOf(queue[0]);
			queue = queue.filter((r) => binOf(r) === bin);
		}
		let cap = method === 'static' ? 8 : 32;
		if (method !== 'static') {
			// Memory: the batch's KV demand must fit; SLA: its decode step must stay under the TBT target.
			while (cap > 1 && queue.slice(0, cap).reduce((a, r) => a + r.prompt + r.output, 0) > kvCapacity) cap--;
			while (cap > 1 && perf.decodeStretchS(Math.min(cap, queue.length), 0, 1) > tbtS) cap--;
		}
		const batch = queue.slice(0, cap);
		const pSum = batch.reduce((a, r) => a + r.prompt, 0);
		const pSq = batch.reduce((a, r) => a + r.prompt * r.prompt, 0);
		const prefill = perf.prefillS(pSum, pSq, batch.length);
		const longest = Math.max(...batch.map((r) => r.output));
		for (const r of batch) {
			// The first token comes out of prefill; n tokens need n − 1 decode steps; padding keeps the batch size.
			const own = perf.decodeStretchS(batch.length, pSum, Math.max(0, r.output - 1));
			done.push({ id: r.id, arrivalS: r.arrivalS, startS: t, firstTokenS: t + prefill, endS: t + prefill + own, batch: batchNo, bin: binOf(r) });
			waiting.splice(waiting.indexOf(r), 1);
		}
		t += prefill + perf.decodeStretchS(batch.length, pSum, Math.max(0, longest - 1));
		batchNo++;
	}
	return done.sort((a, b) => a.id - b.id);
}

/** Iteration-level (continuous) batching on one GPU: admit and retire at every step. */
function iterationLevel(reqs: TeachRequest[], perf: PerfModel, kvCapacity: number): TeachTiming[] {
	const waiting = [...reqs].sort((a, b) => a.arrivalS - b.arrivalS || a.id - b.id);
	const running: { r: TeachRequest; made: number; ctx: number; start: number; first: number; step: number }[] = [];
	const done: TeachTiming[] = [];
	let t = 0;
	let step = 0;
	while (waiting.length || running.length) {
		if (!running.length && waiting[0].arrivalS > t) t = waiting[0].arrivalS;
		const admitted: typeof running = [];
		let kv = running.reduce((a, x) => a + x.ctx, 0);
		while (waiting.length && waiting[0].arrivalS <= t && running.length + admitted.length < 64 && kv + waiting[0].prompt + waiting[0].output <= kvCapacity) {
			const r = waiting.shift() as TeachRequest;
			kv += r.prompt + r.output;
			admitted.push({ r, made: 0, ctx: 0, start: t, first: 0, step });
		}
		const decoders = running.length;
		const ctxSum = running.reduce((a, x) => a + x.ctx, 0);
		const pSum = admitted.reduce((a, x) => a + x.r.prompt, 0);
		const pairs = admitted.reduce((a, x) => a + (x.r.prompt * (x.r.prompt + 1)) / 2, 0);
		const dt = perf.stepTimeS({
			prefillTokens: pSum,
			prefillSeqs: admitted.length,
			prefillAttnPairs: pairs,
			decodeSeqs: decoders,
			decodeAttnCtx: ctxSum + decoders,
			emitters: decoders + admitted.length,
			kvReadTokens: ctxSum,
			kvWriteTokens: pSum + decoders
		});
		t += dt;
		for (const x of running) {
			x.made++;
			x.ctx++;
		}
		for (const x of admitted) {
			x.made = 1;
			x.ctx = x.r.prompt;
			x.first = t;
			running.push(x);
		}
		for (let i = running.length - 1; i >= 0; i--) {
			const x = running[i];
			if (x.made >= Math.max(1, x.r.output)) {
				done.push({ id: x.r.id, arrivalS: x.r.arrivalS, startS: x.start, firstTokenS: x.first, endS: t, batch: x.step, bin: 0 });
				running.splice(i, 1);
			}
		}
		step++;
		if (step > 1_000_000) break; // a teaching view never spins
	}
	return done.sort((a, b) => a.id - b.id);
}

/** Timings of every request under a method. */
export function teachSimulate(reqs: TeachRequest[], perf: PerfModel, method: TeachMethod, kvCapacity: number, tbtS: number): TeachTiming[] {
	return method === 'continuous' ? iterationLevel(reqs, perf, kvCapacity) : requestLevel(reqs, perf, method, kvCapacity, tbtS);
}

/** Mean and max E2E, and makespan, of a set of timings. */
export function teachStats(ts: TeachTiming[]): { meanE2eS: number; maxE2eS: number; makespanS: number; meanTtftS: number } {
	if (!ts.length) return { meanE2eS: 0, maxE2eS: 0, makespanS: 0, meanTtftS: 0 };
	const e2e = ts.map((x) => x.endS - x.arrivalS);
	return {
		meanE2eS: e2e.reduce((a, b) => a + b, 0) / e2e.length,
		maxE2eS: Math.max(...e2e),
		makespanS: Math.max(...ts.map((x) => x.endS)) - Math.min(...ts.map((x) => x.arrivalS)),
		meanTtftS: ts.reduce((a, x) => a + x.firstTokenS - x.arrivalS, 0) / ts.length
	};
}
