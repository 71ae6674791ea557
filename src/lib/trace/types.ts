/**
 * The columnar shapes that trace ingestion produces. Plain data only: these cross worker and
 * IndexedDB boundaries by structured clone (typed arrays travel as transferables).
 */
import type { UserError } from '../core/types';
// UserError lives in core so every folder can return one; re-exported here for existing imports.
export type { UserError } from '../core/types';

/** Trace file formats servescope recognises from the header (or the first JSON line). */
export type TraceFormat =
	| 'burstgpt-v1'
	| 'burstgpt-v2'
	| 'azure-2023'
	| 'mooncake-jsonl'
	| 'mapped-csv'
	| 'synthetic';

/**
 * A parsed trace: one entry per kept row, sorted by arrival (stably, when the file was not).
 * Memory: 8 + 4 + 4 + 1 + 1 = 18 bytes per request.
 */
export interface Trace {
	/** File name (or "synthetic BurstGPT-like (seed S)"). */
	name: string;
	format: TraceFormat;
	/** True for the built-in generator: every view that shows it says so. */
	synthetic: boolean;
	/** Arrival time in seconds from the first request of the file (not yet rebased or scaled). */
	arrivalS: Float64Array;
	promptTokens: Uint32Array;
	/** Output (response) tokens; 0 marks a failed request row. */
	outputTokens: Uint32Array;
	/** Index into modelNames for each request (0 when the format has no model column). */
	modelCode: Uint8Array;
	modelNames: string[];
	/** Index into logTypeNames (BurstGPT "Conversation log" / "API log"). */
	logTypeCode: Uint8Array;
	logTypeNames: string[];
	/** Per row, a 32-bit FNV-1a key of its session id (0 = none); absent when the format has no session column. */
	sessionKey?: Uint32Array;
	/**
	 * Block identities of each row's prompt (Mooncake hash_ids, or derived from sessions under the
	 * assumption that a turn extends the previous prompt + response; trace/prefix-blocks.ts). Absent
	 * when the trace says nothing about shared prompt content: a prefix cache then has nothing to hit.
	 */
	prefixBlocks?: PrefixBlocks;
	/** Where prefixBlocks came from, shown with cache results. */
	prefixSource?: PrefixSource;
}

/** Where a trace's block identities came from. */
export type PrefixSource = 'hash-ids' | 'sessions';

/**
 * Prompt block identities in CSR layout: request i's ids are ids[offsets[i] .. offsets[i + 1]), one per
 * `blockTokens` prompt tokens in order (the last may cover a partial block). Equal leading ids mean equal
 * leading tokens. Memory: 4 bytes per id (Mooncake: one id per 512 tokens) + 4 per request.
 */
export interface PrefixBlocks {
	blockTokens: number;
	offsets: Uint32Array;
	ids: Uint32Array;
}

/** One bad line quoted back to the user, 1-based line number as an editor shows it. */
export interface BadLine {
	line: number;
	/** The line's text, cut to a readable length. */
	text: string;
	reason: string;
}

/** What parsing saw: every row accounted for, so nothing is dropped silently. */
export interface ParseReport {
	format: TraceFormat;
	/** Data rows in the file (header and blank lines excluded). */
	rowsRead: number;
	/** Rows that became requests. */
	rowsKept: number;
	/** Kept rows with 0 output tokens (failed requests in BurstGPT). */
	failedRows: number;
	/** Skipped rows, counted per reason (e.g. "non-numeric Request tokens"). */
	skipped: Record<string, number>;
	/** The first few bad lines, with line numbers. */
	badLines: BadLine[];
	/** Things that parsed but deserve attention (unsorted timestamps, huge gaps, ...). */
	warnings: string[];
}

/** A parse either gives a trace and its report, or an error a person can act on. */
export type ParseOutcome =
	| { ok: true; trace: Trace; report: ParseReport }
	| { ok: false; error: UserError };

/** The requests a simulation replays: rebased, scaled, sized. Same columnar layout as Trace. */
export interface Workload {
	/** Arrival time in seconds from 0 (the first kept request), after RPS scaling. Non-decreasing. */
	arrivalS: Float64Array;
	promptTokens: Uint32Array;
	/** 0 = a failed row kept on purpose: it costs a prefill and produces no output. */
	outputTokens: Uint32Array;
	/** Human description, e.g. "first 10,000 of BurstGPT_1.csv, RPS ×200". */
	label: string;
	synthetic: boolean;
	/** Shaping caveats a person should see with the results (e.g. times resolved coarser than 60 ns). */
	warnings?: string[];
	/**
	 * Per request, a 32-bit key of its conversation (a trace's session id, hashed), 0 = none. Session
	 * routing keeps a key on one replica; absent when the trace has no session identity.
	 */
	sessionKey?: Uint32Array;
	/**
	 * Prompt block identities of each request (the trace's, selected with the rows); absent when the
	 * trace has none. The prefix cache (Scenario.prefixCache) reads them.
	 */
	prefixBlocks?: PrefixBlocks;
	prefixSource?: PrefixSource;
}

/** How a trace is turned into a workload (all plain data, so it can live in the URL and cache keys). */
export interface WorkloadShape {
	/** Number of requests; more than the trace has is an error the UI explains (or the generator extends). */
	size: number;
	/** Which rows: the first N (default), a seeded random sample of N (kept in time order), or the rows inside a time window [startS, endS). */
	selection: { kind: 'first' } | { kind: 'sample'; seed: number } | { kind: 'window'; startS: number; endS: number };
	/** Keep failed rows (0 output tokens) or drop them. */
	keepFailed: boolean;
	/** Arrivals are rebased to 0 then divided by rpsScale (200 in the study), or re-timed to a target rate. */
	timing: { kind: 'scale'; rpsScale: number } | { kind: 'rate'; requestsPerS: number };
}
