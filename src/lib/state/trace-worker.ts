/**
 * One-off calls to the parse worker for work too heavy for the main thread: the summary of a trace
 * restored from the cache, and the study's workloads cut from the loaded trace. The trace goes over as
 * a structured-clone copy (a memcpy of its columns; for shaping, only the rows the workloads use); the worker answers
 * with transferred columns and is terminated after each call, so it holds no memory between calls.
 * Without module workers (old browsers, Node tests) the same functions run on this thread.
 */
import * as Comlink from 'comlink';
import { studyTracePrefix, studyWorkloads } from '../study/shape';
import type { StudyConfig } from '../study/types';
import { summarizeTrace, type TraceSummary } from '../trace/summary';
import type { ParseReport, Trace } from '../trace/types';
import type { ParseWorkerApi, ShapeRequest, ShapedWorkloads } from '../workers/parse.worker';

/** A fresh parse worker and its Comlink remote. */
export function spawnParseWorker(): { worker: Worker; api: Comlink.Remote<ParseWorkerApi> } {
	const worker = new Worker(new URL('../workers/parse.worker.ts', import.meta.url), { type: 'module' });
	return { worker, api: Comlink.wrap<ParseWorkerApi>(worker) };
}

async function once<T>(call: (api: Comlink.Remote<ParseWorkerApi>) => Promise<T>, inline: () => T): Promise<T> {
	if (typeof Worker === 'undefined') return inline();
	const { worker, api } = spawnParseWorker();
	try {
		// A worker that fails to start (or dies) must not leave the caller waiting forever.
		const died = new Promise<never>((_, reject) => worker.addEventListener('error', (e) => reject(new Error(e.message || 'the worker failed'))));
		return await Promise.race([call(api), died]);
	} finally {
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
 * One workload per configured size, shaped off the main thread (or the first shaping error). Only the
 * rows the workloads come from go over (studyTracePrefix): the largest size's, not the whole trace.
 */
export function shapeOffThread(trace: Trace, req: ShapeRequest): Promise<ShapedWorkloads> {
	return once(
		(api) => api.shape(studyTracePrefix(trace, req), req),
		(): ShapedWorkloads => studyWorkloads(trace, req as StudyConfig)
	);
}
