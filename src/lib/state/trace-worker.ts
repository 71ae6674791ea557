/**
 * One-off calls to the parse worker for work too heavy for the main thread: the summary of a trace
 * restored from the cache, and the study's workloads cut from the loaded trace. The trace goes over as
 * a structured-clone copy (a memcpy of its columns; for shaping, only the rows the workloads use); the worker answers
 * with transferred columns and is terminated after each call, so it holds no memory between calls.
 * Without module workers (old browsers, Node tests) the same functions run on this thread.
 */
import * as Comlink from 'comlink';
import { sha256Hex } from '../cache/key';
import { saveOvertaken, settleTraceSave } from '../cache/traces';
import { traceToRecords } from '../cache/trace-record';
import { trackTraceSave } from '../cache/trace-saves';
import type { PutOutcome, TraceFileMeta } from '../cache/types';
import { cancelledError } from '../study/cancel';
import { leadingRows, studyTracePrefix, studyWorkloads, traceBuffers } from '../study/shape';
import type { StudyConfig } from '../study/types';
import { summarizeTrace, type TraceSummary } from '../trace/summary';
import type { ParseReport, Trace } from '../trace/types';
import type { ParseWorkerApi, ShapeRequest, ShapedWorkloads } from '../workers/parse.worker';
import type { TraceSaver } from './trace.svelte';
import { workerFailure } from './worker-failure';

/** A fresh parse worker and its Comlink remote. */
export function spawnParseWorker(): { worker: Worker; api: Comlink.Remote<ParseWorkerApi> } {
	const worker = new Worker(new URL('../workers/parse.worker.ts', import.meta.url), { type: 'module' });
	return { worker, api: Comlink.wrap<ParseWorkerApi>(worker) };
}

/**
 * One call on a fresh parse worker, terminated when the call settles. `signal` aborts it: the worker is
 * terminated at once and the call rejects with the StudyCancelled error.
 */
async function once<T>(call: (api: Comlink.Remote<ParseWorkerApi>) => Promise<T>, inline: () => T | Promise<T>, signal?: AbortSignal): Promise<T> {
	if (signal?.aborted) throw cancelledError();
	if (typeof Worker === 'undefined') return inline();
	const { worker, api } = spawnParseWorker();
	let onAbort = () => {};
	try {
		const died = workerFailure(worker, 'the worker failed');
		const aborted = new Promise<never>((_, reject) => {
			onAbort = () => reject(cancelledError());
			signal?.addEventListener('abort', onAbort);
		});
		return await Promise.race([call(api), died, aborted]);
	} finally {
		signal?.removeEventListener('abort', onAbort);
		worker.terminate();
	}
}

/** The trace summary, computed off the main thread. */
export function summarizeOffThread(trace: Trace, report: ParseReport): Promise<TraceSummary> {
	return once(
		(api) => api.summarize(trace, report),
		() => summarizeTrace(trace, report)
	);
}

/** The study's settings that decide its workloads. */
export function shapeRequest(config: Pick<StudyConfig, 'sizes' | 'keepFailed' | 'rpsScale' | 'requestsPerS'>): ShapeRequest {
	return { sizes: [...config.sizes], keepFailed: config.keepFailed, rpsScale: config.rpsScale, requestsPerS: config.requestsPerS ?? null };
}

/**
 * The columns of `part` in buffers of their own, and those buffers, so the part can be transferred
 * rather than structured-cloned. Chromium's clone of a 1M-row trace (18 MB of columns) took 0.26 s of
 * the main thread and 0.11 s of the worker to read back, where copying the same columns takes a few
 * milliseconds: a part that is the page's own trace is copied first (the page keeps its columns),
 * a prefix cut by studyTracePrefix already owns its buffers.
 */
export function transferableTrace(part: Trace, pageOwns: boolean): { trace: Trace; transfer: ArrayBuffer[] } {
	const t = pageOwns ? leadingRows(part, part.arrivalS.length) : part;
	return { trace: t, transfer: traceBuffers(t) };
}

/**
 * One workload per configured size, shaped off the main thread (or the first shaping error). Only the
 * rows the workloads come from go over (studyTracePrefix): the largest size's, not the whole trace;
 * they go as transferred copies (transferableTrace).
 */
export function shapeOffThread(trace: Trace, req: ShapeRequest, signal?: AbortSignal): Promise<ShapedWorkloads> {
	return once(
		(api) => {
			const part = studyTracePrefix(trace, req);
			const sent = transferableTrace(part, part === trace);
			return api.shape(Comlink.transfer(sent.trace, sent.transfer), req);
		},
		(): ShapedWorkloads => studyWorkloads(trace, req as StudyConfig),
		signal
	);
}

/**
 * SHA-256 of a file's bytes, read and hashed in a parse worker: the page never holds the file's bytes
 * (191 MB for a 5.3M-row CSV) to compute its cache key.
 */
export function hashFileOffThread(file: File): Promise<string> {
	return once(
		(api) => api.hashFile(file),
		async () => sha256Hex(await file.arrayBuffer())
	);
}

/** What saving a trace from its parse worker needs: the worker, the key and the page's own copy of the trace. */
export interface WorkerSave {
	saver: TraceSaver;
	hash: string;
	meta: TraceFileMeta;
	trace: Trace;
	report: ParseReport;
	createdAt: number;
}

/**
 * Saves a trace from the parse worker that holds its copy (TraceSaver), then ends that worker. The save
 * is registered (cache/trace-saves.ts) from this call on: results of the trace wait for it, and a
 * delete or Clear all stops it (the answer is then 'trace-deleted', and nothing is kept). When the
 * worker cannot store it (no IndexedDB, quota, a failure, the worker died), the trace stays in this
 * tab's memory, built from the page's own columns (no copy), and the answer says why.
 */
export function saveFromWorker(s: WorkerSave): Promise<PutOutcome> {
	let stop = () => {};
	let wasStopped = false;
	const stopped = new Promise<'stopped'>((resolve) => (stop = () => resolve('stopped')));
	const done = (async (): Promise<PutOutcome> => {
		let outcome: PutOutcome;
		try {
			const answer = await Promise.race([s.saver.save(s.hash, s.meta, s.createdAt), s.saver.died, stopped]);
			outcome = answer === 'stopped' ? saveOvertaken() : answer;
		} catch (e) {
			// Stopped for a deletion: the worker's end is no failure, and nothing is kept.
			outcome = wasStopped ? saveOvertaken() : {
				stored: false,
				reason: 'error',
				message: `Saving "${s.meta.name}" to browser storage failed (${e instanceof Error ? e.message : String(e)}): it is kept in memory for this tab only. Drop the file again to retry.`
			};
		} finally {
			s.saver.end();
		}
		return settleTraceSave(s.hash, outcome, () => traceToRecords(s.hash, s.meta, s.trace, s.report, s.createdAt));
	})();
	return trackTraceSave(s.hash, done, () => {
		wasStopped = true;
		// Terminate first: the worker writes no further chunk, and the delete that follows removes the ones it wrote.
		s.saver.end();
		stop();
	});
}
