/**
 * Memory a study needs, estimated before it runs, and the messages for running out of it.
 *
 * Where the bytes go (worst case, all held at once):
 * - the page: the trace's columns (18 B/request, see Trace), one shaped copy of every workload
 *   (8 + 4 + 4 = 16 B/request each), and the transient copy made to transfer a workload to a worker;
 * - each worker: its own copy of every workload it has run (each worker may end up running every size),
 *   the engine arrays of the one run it holds, and a fixed base (module code, Comlink, heap slack);
 * - the results kept on the page: a summary and bounded series per run.
 *
 * - each worker also keeps, between runs, what runs of a workload share (sim/prepare-memo.ts: drop
 *   codes, predictions, their sorted copy, bins per bin count) and the per-request arrays it reuses
 *   from run to run (sim/engine/array-pool.ts, at most POOL_MAX_BYTES);
 *
 * ENGINE_BYTES_PER_REQUEST comes from the engine code (prepareContext: drop codes, predictions, bins;
 * request-level: 3 time columns, queue order, busy intervals; iteration-level: ~15 per-request state
 * columns and growing busy/step buffers; metrics: latency columns it sorts). tests/reliability/memory
 * counts every typed array a simulation allocates and checks these bounds stay above it.
 */
import { POOL_MAX_BYTES } from '../sim/engine/array-pool';
import type { RunSpec, StudyConfig } from './types';

/** Trace columns kept per request: arrival f64 + prompt u32 + output u32 + model u8 + log type u8. */
export const TRACE_BYTES_PER_REQUEST = 18;
/** Workload columns per request: arrival f64 + prompt u32 + output u32. */
export const WORKLOAD_BYTES_PER_REQUEST = 16;
/**
 * Upper bound on the typed arrays one simulation allocates per request (measured: request-level
 * 86–113 B, iteration-level 128–145 B, on 20k and 100k requests; behind a router each replica's own
 * queue lists add about 4.5 B, and a list that outgrows its even share regrows).
 */
export const ENGINE_BYTES_PER_REQUEST = { request: 128, iteration: 168 } as const;
/**
 * What a worker's prepare memo keeps per request of each workload: drop codes and mask (2 B), the
 * study predictor's and the oracle's predictions and sorted copies (16 B), one bin byte per bin count
 * for each (12 B for the default six bin counts), rounded up.
 */
export const PREPARE_MEMO_BYTES_PER_REQUEST = 32;
/**
 * Per-request arrays a worker reuses between runs: 3 record columns and 3 summary columns of doubles
 * (the summary writes E2E and TTFT over two record columns) and the summary's bin byte per completed
 * request (49 B), request-level batching's busy intervals
 * (18 B: start, end, replica), and for continuous batching its 13 per-request state columns (65 B).
 * They are part of a run's own ENGINE_BYTES_PER_REQUEST; they add to a worker's peak only while it
 * runs a smaller workload and still keeps the largest one's.
 */
export const POOLED_BYTES_PER_REQUEST = { request: 67, iteration: 132 } as const;
/** Fixed cost of one module worker: its own copy of the code, Comlink, V8 heap slack. */
export const WORKER_BASE_BYTES = 24 * 2 ** 20;
/** A run's result kept on the page: summary + bounded series (CDFs, histogram, timeline). */
export const RUN_RESULT_BYTES = 64 * 2 ** 10;
/**
 * Share of navigator.deviceMemory one tab can count on: the browser, the OS and other tabs share the
 * rest (and Chrome reports at most 8 GB whatever the machine has).
 */
export const USABLE_DEVICE_SHARE = 0.5;

/** What the estimate needs to know about a study. */
export interface StudyMemoryInput {
	/** Requests in the loaded trace. */
	traceRequests: number;
	/** Requests of each workload the study runs (one entry per size). */
	workloadRequests: number[];
	/** Workers in the pool; 0 = simulations run on the page itself (in-process executor). */
	workers: number;
	/** Simulations the study runs (Step 1 grid + Step 2 rows). */
	runs: number;
	/** Whether any run is iteration-level (continuous batching needs more per request). */
	iterationLevel: boolean;
}

/** The estimate, with where the bytes go (all in bytes). */
export interface StudyMemoryEstimate {
	totalBytes: number;
	/** Trace, workloads, transfer copy and results on the page (plus the engine when in-process). */
	pageBytes: number;
	/** One worker: its workload copies, one run's engine arrays and its base. */
	perWorkerBytes: number;
	/** Workers that actually start (never more than there are runs). */
	workers: number;
	breakdown: {
		trace: number;
		workloads: number;
		transfer: number;
		results: number;
		workerWorkloads: number;
		engine: number;
		/** Prepare memos of every workload, in all workers. */
		workerMemo: number;
		/** Arrays kept for reuse between runs, in all workers. */
		workerPool: number;
		workerBase: number;
	};
}

/** The answer the page shows before a study: whether it should fit, and what to change if not. */
export interface StudyMemoryCheck {
	ok: boolean;
	estimateBytes: number;
	/** What the study needs and where (describeStudyMemory), whatever the verdict. */
	needs?: string;
	/** What the tab may use (from deviceMemory or the given budget); null when the environment does not say. */
	budgetBytes: number | null;
	/** Why it will not fit and what to change; absent when it fits or nothing is known. */
	message?: string;
	/** Most workers that would fit with these workloads (0 = not even one); absent when it fits or unknown. */
	workersThatFit?: number;
}

/** What the environment offers: the browser's navigator.deviceMemory (GB) or an explicit budget (bytes). */
export interface MemoryEnvironment {
	deviceMemoryGB?: number;
	budgetBytes?: number;
}

const GB = 2 ** 30;

/** Bytes as a person reads them, in the page's binary units: "350 MiB", "1.4 GiB". */
export function formatBytes(b: number): string {
	if (!Number.isFinite(b) || b < 0) return 'an unknown amount';
	if (b >= GB) return `${(b / GB).toLocaleString('en-US', { maximumFractionDigits: 1 })} GiB`;
	if (b >= 2 ** 20) return `${Math.ceil(b / 2 ** 20).toLocaleString('en-US')} MiB`;
	return `${Math.ceil(b / 1024).toLocaleString('en-US')} KiB`;
}

/** navigator.deviceMemory (GB, Chromium only, rounded and capped by the browser) when present and sane. */
export function reportedDeviceMemoryGB(): number | undefined {
	const nav = (globalThis as { navigator?: { deviceMemory?: unknown } }).navigator;
	const v = nav?.deviceMemory;
	return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined;
}

const clampCount = (v: number) => (Number.isFinite(v) && v > 0 ? Math.floor(v) : 0);

/** Bytes a study needs at its peak (see the file comment for the model). */
export function estimateStudyMemory(input: StudyMemoryInput): StudyMemoryEstimate {
	const sizes = input.workloadRequests.map(clampCount);
	const sum = sizes.reduce((a, b) => a + b, 0);
	const largest = sizes.reduce((a, b) => Math.max(a, b), 0);
	const runs = clampCount(input.runs);
	const workers = Math.min(clampCount(input.workers), runs);
	const perReq = input.iterationLevel ? ENGINE_BYTES_PER_REQUEST.iteration : ENGINE_BYTES_PER_REQUEST.request;

	const trace = clampCount(input.traceRequests) * TRACE_BYTES_PER_REQUEST;
	const workloads = sum * WORKLOAD_BYTES_PER_REQUEST;
	const transfer = workers > 0 ? largest * WORKLOAD_BYTES_PER_REQUEST : 0;
	const results = runs * RUN_RESULT_BYTES;
	const runBytes = largest * perReq;
	const memo = sum * PREPARE_MEMO_BYTES_PER_REQUEST;
	// Kept arrays of the largest run beside the second largest run's own arrays, beyond the largest run's peak.
	const second = sizes.reduce((a, b) => (b < largest && b > a ? b : a), 0);
	const pooled = Math.max(0, Math.min(POOL_MAX_BYTES, largest * (input.iterationLevel ? POOLED_BYTES_PER_REQUEST.iteration : POOLED_BYTES_PER_REQUEST.request)) + second * perReq - runBytes);
	const perWorkerBytes = workers > 0 ? sum * WORKLOAD_BYTES_PER_REQUEST + runBytes + memo + pooled + WORKER_BASE_BYTES : 0;
	const inPage = workers === 0 && runs > 0;
	const pageBytes = trace + workloads + transfer + results + (inPage ? runBytes + memo + pooled : 0);
	return {
		totalBytes: pageBytes + workers * perWorkerBytes,
		pageBytes,
		perWorkerBytes,
		workers,
		breakdown: {
			trace,
			workloads,
			transfer,
			results,
			workerWorkloads: workers * sum * WORKLOAD_BYTES_PER_REQUEST,
			engine: workers > 0 ? workers * runBytes : runs > 0 ? runBytes : 0,
			workerMemo: workers > 0 ? workers * memo : inPage ? memo : 0,
			workerPool: workers > 0 ? workers * pooled : inPage ? pooled : 0,
			workerBase: workers * WORKER_BASE_BYTES
		}
	};
}

/**
 * What the study needs, said plainly: "about 1.1 GiB: on the page 210 MiB (trace 95 MiB, workloads 18 MiB,
 * ...); each of 2 workers 430 MiB (...)". Shown before and during a run, whether or not it fits.
 */
export function describeStudyMemory(e: StudyMemoryEstimate): string {
	const b = e.breakdown;
	const page = `on the page ${formatBytes(e.pageBytes)} (trace ${formatBytes(b.trace)}, workloads ${formatBytes(b.workloads + b.transfer)}, results ${formatBytes(b.results)})`;
	if (e.workers === 0) return `This study needs about ${formatBytes(e.totalBytes)}, all ${page}, simulations included.`;
	const per = (x: number) => formatBytes(x / e.workers);
	return (
		`This study needs about ${formatBytes(e.totalBytes)}: ${page}; each of ${e.workers} worker${e.workers === 1 ? '' : 's'} ${formatBytes(e.perWorkerBytes)} ` +
		`(workload copies ${per(b.workerWorkloads)}, the largest run's arrays ${per(b.engine)}, shared preparation ${per(b.workerMemo)}, arrays kept for reuse ${per(b.workerPool)}, base ${per(b.workerBase)}).`
	);
}

/** The estimate's input for a study configuration (sizes capped at the trace's length). */
export function studyMemoryInput(config: StudyConfig, traceRequests: number, workers: number): StudyMemoryInput {
	const sizes = [...new Set(config.sizes)];
	const runs = sizes.length * (new Set(config.gpuCounts).size * new Set(config.binCounts).size + config.methods.length);
	return {
		traceRequests,
		workloadRequests: sizes.map((s) => Math.min(s, Math.max(traceRequests, 0))),
		workers,
		runs,
		iterationLevel: config.methods.includes('continuous') || config.base.regime === 'iteration'
	};
}

/**
 * Compares the estimate with what the environment offers. An explicit budget wins over deviceMemory;
 * with neither, the study is assumed to fit (ok, no message) since nothing better is known.
 */
export function checkStudyMemory(input: StudyMemoryInput, env: MemoryEnvironment = {}): StudyMemoryCheck {
	const est = estimateStudyMemory(input);
	const fromBudget = env.budgetBytes !== undefined && Number.isFinite(env.budgetBytes) && env.budgetBytes > 0;
	const fromDevice = !fromBudget && env.deviceMemoryGB !== undefined && Number.isFinite(env.deviceMemoryGB) && env.deviceMemoryGB > 0;
	const needs = describeStudyMemory(est);
	if (!fromBudget && !fromDevice) return { ok: true, estimateBytes: est.totalBytes, budgetBytes: null, needs };
	const budget = fromBudget ? (env.budgetBytes as number) : (env.deviceMemoryGB as number) * GB * USABLE_DEVICE_SHARE;
	if (est.totalBytes <= budget) return { ok: true, estimateBytes: est.totalBytes, budgetBytes: budget, needs };

	// How many workers would fit with everything else unchanged (the page's share does not shrink).
	let fit = 0;
	if (est.workers > 0) {
		const room = budget - est.pageBytes;
		fit = room > 0 ? Math.min(est.workers - 1, Math.floor(room / est.perWorkerBytes)) : 0;
	}
	const largest = input.workloadRequests.reduce((a, b) => Math.max(a, clampCount(b)), 0);
	const offered = fromBudget
		? `the memory budget is ${formatBytes(budget)}`
		: `this device reports ${env.deviceMemoryGB} GiB, of which about ${formatBytes(budget)} can go to one tab`;
	const fewer =
		est.workers > 0
			? fit > 0
				? ` or the number of workers (${fit} of ${est.workers} would fit)`
				: ' or the number of workers'
			: '';
	return {
		ok: false,
		estimateBytes: est.totalBytes,
		budgetBytes: budget,
		workersThatFit: est.workers > 0 ? fit : undefined,
		needs,
		message: `This study needs about ${formatBytes(est.totalBytes)}; ${offered}: reduce the largest workload size (${largest.toLocaleString('en-US')} requests)${fewer}.`
	};
}

/**
 * Whether `e` is the engine or parser failing to allocate: V8 says "Array buffer allocation failed"
 * or "Invalid typed array length" (RangeError), "Invalid array length", or throws an out-of-memory
 * error; Firefox says "out of memory". Only RangeErrors and memory-named errors count.
 */
export function isAllocationFailure(e: unknown): e is Error {
	if (!(e instanceof Error)) return false;
	const text = `${e.name} ${e.message}`;
	if (/out of memory|allocation failed/i.test(text)) return true;
	return e.name === 'RangeError' && /invalid (typed )?array (buffer )?length|array buffer allocation|cannot allocate/i.test(e.message);
}

/** The message for a run that could not allocate its arrays: what ran out, how much it needed, what to do. */
export function outOfMemoryRunMessage(spec: RunSpec, requests: number, e: Error): string {
	const perReq = spec.scenario.regime === 'iteration' ? ENGINE_BYTES_PER_REQUEST.iteration : ENGINE_BYTES_PER_REQUEST.request;
	return (
		`The simulation ran out of memory (${e.message}): its per-request arrays for ${requests.toLocaleString('en-US')} requests need about ` +
		`${formatBytes(requests * perReq)} at once and the tab or worker could not allocate them. ` +
		'Reduce the workload size or the number of workers, or close other tabs; the other runs are not affected.'
	);
}
