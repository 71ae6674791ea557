/**
 * Bounds on what one trace file may become, checked while it streams (see stages/gunzip.ts,
 * stages/decode.ts and stages/report.ts): a small .gz of repeated rows can inflate to billions of
 * requests, and without these the tab (or the CLI) would fill memory before anything could say no.
 * Every limit is named in its refusal together with how to raise it.
 */
import { GIB, MIB } from '../core/units';

/** The three limits; each refusal names the one it hit. */
export interface TraceLimits {
	/** Most requests (kept rows) a trace may hold: the memory check, rows × PARSE_BYTES_PER_REQUEST against memory. */
	maxRequests: number;
	/** Most bytes of text (after decompression) the parser reads. */
	maxTextBytes: number;
	/** Most bytes a gzip file may inflate to per compressed byte (checked past INFLATE_RATIO_FLOOR). */
	maxInflateRatio: number;
}

/** How a person raises each limit where the parser runs (a page setting or a CLI flag). */
export interface LimitAdvice {
	maxRequests: string;
	maxTextBytes: string;
	maxInflateRatio: string;
}

/**
 * Bytes per request while parsing: 18 B of trace columns + a 4 B line column, and a column that
 * doubles holds the old and the new array at once (3 × 22 = 66 B at the moment of growth).
 */
export const PARSE_BYTES_PER_REQUEST = 66;
/**
 * Real trace CSVs gzip 4–12×; 100× leaves room for very regular files. gzip's own ceiling is about
 * 1,032× (RFC 1951's longest match), which repeated rows approach.
 */
export const DEFAULT_INFLATE_RATIO = 100;
/** Below this much inflated text the ratio is not checked: a tiny file may compress very well. */
export const INFLATE_RATIO_FLOOR = 16 * MIB;
/** 16 GiB of text: about 400 million BurstGPT rows, far more than any published trace. */
export const DEFAULT_MAX_TEXT_BYTES = 16 * GIB;
/** Used when the environment does not report its memory: a 4 GiB budget. */
export const FALLBACK_MEMORY_BUDGET = 4 * GIB;

/** Limits for a memory budget in bytes (the share of the device one tab or one process may use). */
export function traceLimitsFor(budgetBytes: number): TraceLimits {
	const budget = Number.isFinite(budgetBytes) && budgetBytes > 0 ? budgetBytes : FALLBACK_MEMORY_BUDGET;
	return {
		maxRequests: Math.max(1, Math.floor(budget / PARSE_BYTES_PER_REQUEST)),
		maxTextBytes: DEFAULT_MAX_TEXT_BYTES,
		maxInflateRatio: DEFAULT_INFLATE_RATIO
	};
}

/** What the page tells a person to change (TraceLoader's "Trace limits" settings). */
export const PAGE_LIMIT_ADVICE: LimitAdvice = {
	maxRequests: 'raise "Most requests" under "Trace limits" next to the file picker',
	maxTextBytes: 'raise "Most text (GB)" under "Trace limits" next to the file picker',
	maxInflateRatio: 'raise "Largest gzip expansion" under "Trace limits" next to the file picker'
};

/** What the CLI tells a person to change. */
export const CLI_LIMIT_ADVICE: LimitAdvice = {
	maxRequests: 'pass --max-requests N to raise it',
	maxTextBytes: 'pass --max-text-gb N to raise it',
	maxInflateRatio: 'pass --max-inflate-ratio N to raise it'
};

/** Whether a limits object is usable (all positive, finite numbers). */
export function validTraceLimits(l: TraceLimits): boolean {
	return [l.maxRequests, l.maxTextBytes, l.maxInflateRatio].every((v) => Number.isFinite(v) && v > 0);
}
