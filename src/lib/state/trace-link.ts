/**
 * The trace a shared link names: its file name and the first 12 hex digits of its SHA-256
 * (`trace=burst.csv&th=1a2b3c4d5e6f`). A link never carries the trace itself (nothing is uploaded);
 * it carries enough for the recipient to know which file to drop and to check it is the same one.
 * Pure: no DOM, no Svelte (tests/state/trace-link.test.ts).
 */
import { HASH_PREFIX_CHARS } from './results-header';

/** URL names this module reads (url.ts lists them as known, so they are not reported as unknown). */
export const TRACE_URL_NAMES = ['trace', 'th'] as const;

/** A trace named by a link. */
export interface TraceRef {
	name: string;
	/** Lower-case hex prefix of the trace's content key ('' when the link gave none). */
	hashPrefix: string;
}

/** Longest file name a link carries (longer names are cut: the hash still identifies the file). */
const MAX_NAME = 120;

/** The trace a query names, or null (no `trace`, or an empty one). A malformed hash is dropped. */
export function traceRefFromQuery(query: string | URLSearchParams): TraceRef | null {
	const q = typeof query === 'string' ? new URLSearchParams(query.startsWith('?') ? query.slice(1) : query) : query;
	const name = (q.get('trace') ?? '').trim().slice(0, MAX_NAME);
	if (!name) return null;
	const th = (q.get('th') ?? '').trim().toLowerCase();
	return { name, hashPrefix: /^[0-9a-f]{6,64}$/.test(th) ? th.slice(0, HASH_PREFIX_CHARS) : '' };
}

/** The query part naming a trace (no leading "&"); '' for none. */
export function traceRefToQuery(ref: TraceRef | null): string {
	if (!ref) return '';
	const parts = [`trace=${encodeURIComponent(ref.name.slice(0, MAX_NAME))}`];
	if (ref.hashPrefix) parts.push(`th=${ref.hashPrefix}`);
	return parts.join('&');
}

/** True when a content key is the trace the link names (by hash when it has one, else by name). */
export function matchesRef(ref: TraceRef, name: string, hash: string | null): boolean {
	if (ref.hashPrefix) return !!hash && hash.toLowerCase().startsWith(ref.hashPrefix);
	return ref.name === name;
}
