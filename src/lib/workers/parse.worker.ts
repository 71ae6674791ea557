/**
 * Trace parsing off the main thread (Comlink). The page hands over the File; the worker streams
 * file.stream() into createTraceParser, reports bytes done (throttled), and returns the Trace's
 * columns as transferables with the ParseReport. Cancel = the page terminates
 * this worker, so nothing half-parsed ever reaches the page.
 */
import * as Comlink from 'comlink';
import { createTraceParser } from '../trace/parse';
import { synthesizeBurstGpt } from '../trace/synth';
import type { ParseReport, Trace, UserError } from '../trace/types';

/** What a parse answers: a trace with its report, or an error a person can act on. */
export type ParsedTrace =
	| { ok: true; trace: Trace; report: ParseReport }
	| { ok: false; error: UserError };

/** Progress is throttled to this interval so the page is not flooded with messages. */
const PROGRESS_EVERY_MS = 100;

function transferList(t: Trace): Transferable[] {
	return [t.arrivalS.buffer, t.promptTokens.buffer, t.outputTokens.buffer, t.modelCode.buffer, t.logTypeCode.buffer] as Transferable[];
}

function done(trace: Trace, report: ParseReport): ParsedTrace {
	return Comlink.transfer({ ok: true as const, trace, report }, transferList(trace));
}

const api = {
	/** Streams a File through the parser; onProgress(bytesDone) fires at most every 100 ms. */
	async parse(file: File, onProgress?: (bytesDone: number) => void): Promise<ParsedTrace> {
		try {
			const parser = createTraceParser({ name: file.name });
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
		const report: ParseReport = {
			format: 'synthetic',
			rowsRead: trace.arrivalS.length,
			rowsKept: trace.arrivalS.length,
			failedRows: trace.outputTokens.filter((v) => v === 0).length,
			skipped: {},
			badLines: [],
			warnings: []
		};
		return done(trace, report);
	}
};

/** The worker's API as the page sees it through Comlink. */
export type ParseWorkerApi = typeof api;

Comlink.expose(api);
