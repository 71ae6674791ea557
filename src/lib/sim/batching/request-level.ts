/**
 * Request-level batching (static, dynamic, multi-bin): G data-parallel GPUs pull from shared per-bin
 * FIFO queues. An idle GPU takes up to b requests from one bin (it does not wait for a full batch),
 * prefills them together (the first output token comes out of prefill), then decodes until the
 * longest is done, finished sequences staying in the batch as padding. A request with n output tokens
 * finishes after n − 1 decode steps, summed in closed form (perf.decodeStretchS); 0 tokens finishes at
 * prefill end. A batch must also fit in KV: Σ (prompt + output) ≤ capacity, else it is cut short.
 *
 * Event loop (SimPy-style, deterministic): time jumps to the next event, either an arrival or a
 * GPU's batch end. At one instant, completions are processed first (so sizers learn from them), then
 * arrivals are queued, then idle GPUs take batches in GPU-index order (ties go to the lowest index).
 * Queues are index ranges over one Uint32Array grouped by bin: requests join their bin in arrival
 * order, so "enqueue" is bumping a tail and "dequeue" bumping a head; no per-request objects.
 * Cost: O(n log G) for the heaps plus O(n) bookkeeping.
 */
import FlatQueue from 'flatqueue';
import type { Workload } from '../../trace/types';
import type { EngineContext } from '../context';
import { BIN_POLICIES, type BinQueueView } from '../policies/index';
import type { RunRecords } from '../records';
import { createSizer, type BatchSizer } from '../sizing/index';
import type { Scenario } from '../types';

/** How often (in requests started) the engine reports progress. */
const PROGRESS_EVERY = 1 << 16;

/** Simulates a workload with request-level batching; see the file comment for the rules. */
export function runRequestLevel(workload: Workload, scenario: Scenario, ctx: EngineContext): RunRecords {
	const { arrivalS, promptTokens, outputTokens } = workload;
	const n = arrivalS.length;
	const G = Math.max(1, Math.floor(scenario.gpus));
	const K = Math.max(1, ctx.binEdges.length);
	const perf = ctx.perf;
	const cap = ctx.kvCapacityTokens;
	const drop = ctx.dropCode;
	const binOfReq = ctx.bin;

	const startS = new Float64Array(n).fill(NaN);
	const firstTokenS = new Float64Array(n).fill(NaN);
	const lastTokenS = new Float64Array(n).fill(NaN);

	// Group servable requests by bin, keeping arrival order inside each bin (counting sort).
	const binStart = new Int32Array(K + 1);
	let servable = 0;
	for (let i = 0; i < n; i++) {
		if (drop[i] !== 0) continue;
		binStart[binOfReq[i] + 1]++;
		servable++;
	}
	for (let k = 0; k < K; k++) binStart[k + 1] += binStart[k];
	const order = new Uint32Array(servable);
	const fill = binStart.slice(0, K);
	for (let i = 0; i < n; i++) if (drop[i] === 0) order[fill[binOfReq[i]]++] = i;
	// Queue of bin k = order[head[k] .. tail[k]).
	const head = binStart.slice(0, K);
	const tail = binStart.slice(0, K);

	const view: BinQueueView = {
		bins: K,
		length: new Int32Array(K),
		headArrivalS: new Float64Array(K).fill(Infinity),
		lastBin: -1
	};
	const choose = BIN_POLICIES[scenario.binPolicy] ?? BIN_POLICIES.oldest;
	const sizers: BatchSizer[] = [];
	for (let k = 0; k < K; k++) sizers.push(createSizer(scenario, cap));

	// One busy interval per batch; there are at most as many batches as servable requests.
	const busyStartS = new Float64Array(Math.max(1, servable));
	const busyEndS = new Float64Array(Math.max(1, servable));
	const busyGpu = new Uint16Array(Math.max(1, servable));
	let busyCount = 0;
	let busyS = 0;
	let batchSizeSum = 0;

	// The batch each GPU is running, as a range of `order`, for the sizer's observations at its end.
	const runBin = new Int32Array(G);
	const runFrom = new Int32Array(G);
	const runTo = new Int32Array(G);
	const runStepS = new Float64Array(G).fill(NaN);

	const idle = new FlatQueue<number>(G, Float64Array, Uint32Array);
	const busy = new FlatQueue<number>(G, Float64Array, Uint32Array);
	for (let g = 0; g < G; g++) idle.push(g, g);

	let queued = 0;
	let started = 0;
	let nextArr = 0;
	let queueIntegralS = 0;
	let now = n > 0 ? arrivalS[0] : 0;
	let nextProgress = PROGRESS_EVERY;

	while (started < servable) {
		// 1. Batches that end now: the GPU goes idle and its sizer learns from what it ran.
		while (busy.length > 0 && (busy.peekValue() as number) <= now) {
			const g = busy.pop() as number;
			const sizer = sizers[runBin[g]];
			for (let j = runFrom[g]; j < runTo[g]; j++) {
				const r = order[j];
				sizer.observeRequest(promptTokens[r], outputTokens[r]);
			}
			if (runStepS[g] === runStepS[g]) sizer.observeDecodeStep(runStepS[g], runTo[g] - runFrom[g]);
			idle.push(g, g);
		}
		// 2. Arrivals up to now join their bin's queue (dropped requests never queue).
		while (nextArr < n && arrivalS[nextArr] <= now) {
			const i = nextArr++;
			if (drop[i] !== 0) continue;
			const k = binOfReq[i];
			if (view.length[k] === 0) view.headArrivalS[k] = arrivalS[i];
			view.length[k]++;
			tail[k]++;
			queued++;
		}
		// 3. Idle GPUs take batches, lowest index first.
		while (queued > 0 && idle.length > 0) {
			const g = idle.pop() as number;
			const k = choose(view);
			view.lastBin = k;
			const want = sizers[k].next();
			const from = head[k];
			const avail = tail[k] - from;
			let count = 0;
			let kvSum = 0;
			let pSum = 0;
			let pSqSum = 0;
			let maxOut = 0;
			while (count < want && count < avail) {
				const r = order[from + count];
				const p = promptTokens[r];
				const need = p + outputTokens[r];
				// Every queued request fits alone (index.ts drops the rest), so count ≥ 1 always.
				if (count > 0 && kvSum + need > cap) break;
				kvSum += need;
				pSum += p;
				pSqSum += p * p;
				if (outputTokens[r] > maxOut) maxOut = outputTokens[r];
				count++;
			}
			const t1 = now + perf.prefillS(pSum, pSqSum, count);
			for (let j = from; j < from + count; j++) {
				const r = order[j];
				const out = outputTokens[r];
				startS[r] = now;
				firstTokenS[r] = t1;
				// n tokens: the first from prefill, then n − 1 decode steps of the whole (padded) batch.
				lastTokenS[r] = out >= 2 ? t1 + perf.decodeStretchS(count, pSum, out - 1) : t1;
			}
			const decodeS = maxOut >= 2 ? perf.decodeStretchS(count, pSum, maxOut - 1) : 0;
			const end = t1 + decodeS;
			head[k] = from + count;
			view.length[k] -= count;
			view.headArrivalS[k] = view.length[k] > 0 ? arrivalS[order[head[k]]] : Infinity;
			queued -= count;
			started += count;
			batchSizeSum += count;
			busyStartS[busyCount] = now;
			busyEndS[busyCount] = end;
			busyGpu[busyCount] = g;
			busyCount++;
			busyS += end - now;
			runBin[g] = k;
			runFrom[g] = from;
			runTo[g] = from + count;
			runStepS[g] = maxOut >= 2 ? decodeS / (maxOut - 1) : NaN;
			busy.push(g, end);
			if (ctx.onProgress && started >= nextProgress) {
				ctx.onProgress(started, n);
				nextProgress += PROGRESS_EVERY;
			}
		}
		if (started >= servable) break;
		// 4. Jump to the next event; the queue length is constant until then (Little's law integral).
		const tBusy = busy.length > 0 ? (busy.peekValue() as number) : Infinity;
		const tArr = nextArr < n ? arrivalS[nextArr] : Infinity;
		const tNext = tBusy < tArr ? tBusy : tArr;
		if (tNext === Infinity) break; // cannot happen with servable work left; guards a bad workload
		queueIntegralS += queued * (tNext - now);
		now = tNext;
	}
	ctx.onProgress?.(n, n);

	const warnings: string[] = [];
	if (started < servable) warnings.push(`${servable - started} requests were never started (arrivals out of order?).`);

	return {
		startS,
		firstTokenS,
		lastTokenS,
		dropCode: drop,
		bin: binOfReq,
		predictedOutput: ctx.predicted,
		binEdges: ctx.binEdges,
		busyStartS: busyStartS.subarray(0, busyCount),
		busyEndS: busyEndS.subarray(0, busyCount),
		busyCount,
		busyS,
		batches: busyCount,
		batchSizeSum,
		preemptions: 0,
		warnings,
		busyGpu: busyGpu.subarray(0, busyCount),
		queueIntegralS
	};
}
