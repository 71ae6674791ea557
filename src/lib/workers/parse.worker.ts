/**
 * The page's heavy trace work, off the main thread (Comlink):
 * - parse: streams file.stream() into createTraceParser (with the person's column mapping, if any),
 *   reports bytes done (throttled);
 * - sample: generates the built-in SYNTHETIC trace (a million rows takes longer than a frame);
 * - summarize: the trace summary of a trace restored from the cache;
 * - shape: cuts the study's workloads (one per size) from a trace;
 * - hashFile: the SHA-256 of a file's bytes (the page's cache key), read here, not in the page's memory;
 * - save: stores the trace it parsed or generated in IndexedDB (cache/traces.ts storeTraceRecords).
 * Every answer carries the trace summary (summarizeTrace makes a few passes over whole columns, over a
 * frame at a million rows) and returns big columns as transferables. Cancel = the page terminates
 * this worker, so nothing half-parsed ever reaches the page.
 *
 * Saving from here: after a parse (or sample) the worker keeps a copy of the columns it transferred
 * (a memcpy of about 100 MB at 5.3M rows, tens of milliseconds; the page gets the copy) and writes it when the page asks with
 * the trace's key, so the page's thread never clones a trace for IndexedDB (one put of a 5.3M-row
 * trace was a 2.5 s task there). The page terminates this worker once the save has answered.
 */
import * as Comlink from 'comlink';
import { sha256Hex } from '../cache/key';
import { storeTraceRecords } from '../cache/traces';
import { traceToRecords } from '../cache/trace-record';
import type { PutOutcome, TraceFileMeta } from '../cache/types';
import { leadingRows, studyWorkloads, traceBuffers } from '../study/shape';
import type { StudyConfig, StudyWorkload } from '../study/types';
import type { ColumnMapping } from '../trace/formats';
import type { TraceLimits } from '../trace/limits';
import { createTraceParser } from '../trace/parse';
import { summarizeTrace, syntheticReport, type TraceSummary } from '../trace/summary';
import { synthesizeBurstGpt } from '../trace/synth';
import type { ParseReport, Trace, UserError } from '../trace/types';

/** What a parse answers: a trace with its report and summary, or an error a person can act on. */
export type ParsedTrace =
	| { ok: true; trace: Trace; report: ParseReport; summary: TraceSummary }
	| { ok: false; error: UserError };

/** What shaping answers: one workload per configured size, or the first shaping error. */
export type ShapedWorkloads = { ok: true; workloads: StudyWorkload[] } | { ok: false; error: UserError };

/** The shaping settings of a study (the rest of StudyConfig does not change the workloads). */
export type ShapeRequest = Pick<StudyConfig, 'sizes' | 'keepFailed' | 'rpsScale' | 'requestsPerS'>;

/** Progress is throttled to this interval so the page is not flooded with messages. */
const PROGRESS_EVERY_MS = 100;

/** The copy of the last trace handed to the page, kept until the page asks to save it (or ends this worker). */
let kept: { trace: Trace; report: ParseReport } | null = null;

/** Lets other tasks of this worker (and IndexedDB's answers) run between two chunks of a save. */
function breathe(): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, 0));
}

function done(trace: Trace, report: ParseReport): ParsedTrace {
	const summary = summarizeTrace(trace, report);
	// The page gets a copy whose columns own their buffers exactly (the parser's columns may be views
	// with spare room); this worker keeps the original until it is saved.
	const sent = leadingRows(trace, trace.arrivalS.length);
	kept = { trace, report };
	return Comlink.transfer({ ok: true as const, trace: sent, report, summary }, traceBuffers(sent));
}

const api = {
	/**
	 * Streams a File through the parser; onProgress(bytesDone) fires at most every 100 ms. A mapping
	 * (the person's choice of columns for a plain CSV) replaces header detection. `limits` are the
	 * page's "Trace limits" settings: a file past one is refused while it streams.
	 */
	async parse(file: File, onProgress?: (bytesDone: number) => void, mapping?: ColumnMapping, limits?: TraceLimits): Promise<ParsedTrace> {
		try {
			const parser = createTraceParser({ name: file.name, mapping, limits, sizeBytes: file.size });
			const reader = file.stream().getReader();
			let bytes = 0;
			let last = 0;
			for (;;) {
				const { done: end, value } = await reader.read();
				if (end) break;
				parser.push(value);
				bytes += value.byteLength;
				const now = performance.now();
				if (onProgress && now - last > PROGRESS_EVERY_MS) {
					last = now;
					await onProgress(bytes);
				}
			}
			onProgress?.(bytes);
			const outcome = parser.finish();
			if (!outcome.ok) return { ok: false, error: outcome.error };
			return done(outcome.trace, outcome.report);
		} catch (e) {
			// The parser turns bad input into values; anything thrown here is unexpected (or out of memory).
			const message = e instanceof Error ? e.message : String(e);
			return {
				ok: false,
				error: { code: 'parse-crashed', message: `Reading "${file.name}" failed: ${message}. The file may be too large for this tab's memory; try a smaller file.` }
			};
		}
	},
	/** The built-in SYNTHETIC BurstGPT-like trace of n requests. */
	async sample(n: number, seed: number): Promise<ParsedTrace> {
		const trace = synthesizeBurstGpt(n, seed);
		return done(trace, syntheticReport(trace));
	},
	/** SHA-256 (lowercase hex) of a file's bytes; the bytes live in this worker only while they are hashed. */
	async hashFile(file: File): Promise<string> {
		return sha256Hex(await file.arrayBuffer());
	},
	/**
	 * Saves the trace this worker last handed to the page under `hash`, from its own copy, then lets
	 * the copy go. Never throws: the outcome says whether it was stored and, if not, why.
	 */
	async save(hash: string, meta: TraceFileMeta, createdAt: number): Promise<PutOutcome> {
		const held = kept;
		kept = null;
		if (!held) return { stored: false, reason: 'error', message: 'Saving the trace failed: the parse worker no longer held it.' };
		return storeTraceRecords(traceToRecords(hash, meta, held.trace, held.report, createdAt), breathe);
	},
	/** The summary of a trace the page already holds (a copy was sent; nothing is transferred back). */
	async summarize(trace: Trace, report: ParseReport): Promise<TraceSummary> {
		return summarizeTrace(trace, report);
	},
	/** The study's workloads cut from a copy of the trace; their columns come back transferred. */
	async shape(trace: Trace, req: ShapeRequest): Promise<ShapedWorkloads> {
		const r = studyWorkloads(trace, req as StudyConfig);
		if (!r.ok) return r;
		const buffers = r.workloads.flatMap((w) => [w.workload.arrivalS.buffer, w.workload.promptTokens.buffer, w.workload.outputTokens.buffer] as Transferable[]);
		return Comlink.transfer({ ok: true as const, workloads: r.workloads }, buffers);
	}
};

/** The worker's API as the page sees it through Comlink. */
export type ParseWorkerApi = typeof api;

Comlink.expose(api);
