/**
 * This tab's fallback store: whatever IndexedDB could not take (unavailable, blocked, quota full)
 * lives here until the tab closes, so the app keeps working and re-running nothing twice.
 * Plain Maps of the same records the database would hold.
 */
import type { ResultRecord, StudyRecord, TraceColumnsRecord, TraceMetaRecord } from './types';

/** Trace rows and columns kept in memory, by hash. */
export const memoryTraces = new Map<string, { meta: TraceMetaRecord; columns: TraceColumnsRecord }>();
/** Results kept in memory, by result key. */
export const memoryResults = new Map<string, ResultRecord>();
/** Studies kept in memory, by id. */
export const memoryStudies = new Map<string, StudyRecord>();

/** Forgets everything held in memory (Clear all, and tests). */
export function clearMemory(): void {
	memoryTraces.clear();
	memoryResults.clear();
	memoryStudies.clear();
}

/** Drops a trace and everything derived from it from memory. */
export function forgetTraceInMemory(hash: string): void {
	memoryTraces.delete(hash);
	for (const [key, r] of memoryResults) if (r.traceHash === hash) memoryResults.delete(key);
	for (const [id, s] of memoryStudies) if (s.traceHash === hash) memoryStudies.delete(id);
}
