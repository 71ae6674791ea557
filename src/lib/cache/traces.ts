/**
 * Parsed traces in IndexedDB, keyed by the SHA-256 of the file's bytes: dropping the same file again
 * or reloading the page reuses the parse. When IndexedDB cannot take it, the trace stays in this tab's
 * memory and the answer says so.
 */
import type { ParseReport, Trace } from '../trace/types';
import { announce } from './broadcast';
import { getDb } from './db';
import { describeError } from './errors';
import { forgetTraceInMemory, memoryTraces } from './memory';
import { metaProblem, recordsToTrace, traceToRecords } from './trace-record';
import { commit, writeTx } from './tx';
import type { CacheNotice, CacheRead, DeleteOutcome, PutOutcome, TraceFileMeta, TraceListItem, TraceMetaRecord } from './types';

/** A stored trace with what was known about its file. */
export interface StoredTrace {
	trace: Trace;
	meta: TraceMetaRecord;
	report: ParseReport;
}

function corruptNotice(what: string, problem: string): CacheNotice {
	return {
		reason: 'corrupt',
		message: `The saved trace ${what} was damaged (${problem}) and has been removed from History: drop the file again to re-parse it.`
	};
}

function label(meta: { name?: unknown; hash?: unknown }): string {
	const name = typeof meta.name === 'string' ? `"${meta.name}"` : '';
	const hash = typeof meta.hash === 'string' ? `#${meta.hash.slice(0, 8)}` : '';
	return [name, hash].filter(Boolean).join(' ') || '(unnamed)';
}

/**
 * Stores a parsed trace (columns as ArrayBuffers) with its file meta and parse report.
 * Never throws: a failure keeps the trace in memory and returns why.
 */
export async function putTrace(
	hash: string,
	meta: TraceFileMeta,
	trace: Trace,
	report: ParseReport,
	createdAt: number = Date.now()
): Promise<PutOutcome> {
	const records = traceToRecords(hash, meta, trace, report, createdAt);
	const conn = await getDb();
	if (!conn.ok) {
		memoryTraces.set(hash, records);
		return { stored: false, ...conn.notice };
	}
	try {
		const tx = writeTx(conn.db, ['traces', 'traceColumns']);
		// Both records in one transaction: a listing row never exists without its columns.
		const failed = await commit(tx, [
			() => tx.objectStore('traceColumns').put(records.columns),
			() => tx.objectStore('traces').put(records.meta)
		]);
		if (failed) {
			memoryTraces.set(hash, records);
			return { stored: false, ...failed };
		}
		memoryTraces.delete(hash);
		announce({ kind: 'stored' });
		return { stored: true };
	} catch (err) {
		memoryTraces.set(hash, records);
		return { stored: false, reason: 'error', message: `Saving the trace failed: ${describeError(err)}` };
	}
}

/** Deletes a trace's records, its results and its studies in one transaction; returns how many results and studies went. */
async function deleteEverywhere(hash: string): Promise<{ removed: number; notice: CacheNotice | null }> {
	forgetTraceInMemory(hash);
	const conn = await getDb();
	if (!conn.ok) return { removed: 0, notice: conn.notice };
	try {
		const tx = writeTx(conn.db, ['traces', 'traceColumns', 'results', 'studies']);
		let removed = 0;
		const failed = await commit(tx, [
			() => tx.objectStore('traces').delete(hash),
			() => tx.objectStore('traceColumns').delete(hash),
			async () => {
				const results = await tx.objectStore('results').index('traceHash').getAllKeys(hash);
				const studies = await tx.objectStore('studies').index('traceHash').getAllKeys(hash);
				removed = results.length + studies.length;
				await Promise.all([
					...results.map((k) => tx.objectStore('results').delete(k)),
					...studies.map((k) => tx.objectStore('studies').delete(k))
				]);
			}
		]);
		return { removed, notice: failed };
	} catch (err) {
		return { removed: 0, notice: { reason: 'error', message: `Deleting the trace failed: ${describeError(err)}` } };
	}
}

/**
 * A stored trace by hash, or null when there is none. A damaged record is skipped, deleted and
 * reported in notices (the person re-drops the file; nothing wrong reaches the engine).
 */
export async function getTrace(hash: string): Promise<CacheRead<StoredTrace | null>> {
	const held = memoryTraces.get(hash);
	if (held) {
		const rebuilt = recordsToTrace(held.meta, held.columns);
		if ('trace' in rebuilt) {
			return { value: { trace: rebuilt.trace, meta: held.meta, report: held.meta.report }, persistent: false, notices: [] };
		}
	}
	const conn = await getDb();
	if (!conn.ok) return { value: null, persistent: false, notices: [conn.notice] };
	let meta: unknown;
	let columns: unknown;
	try {
		const tx = conn.db.transaction(['traces', 'traceColumns'], 'readonly');
		[meta, columns] = await Promise.all([
			tx.objectStore('traces').get(hash),
			tx.objectStore('traceColumns').get(hash),
			tx.done
		]);
	} catch (err) {
		return { value: null, persistent: true, notices: [{ reason: 'error', message: `Reading the saved trace failed: ${describeError(err)}` }] };
	}
	if (meta === undefined && columns === undefined) return { value: null, persistent: true, notices: [] };
	const problem = meta === undefined ? 'listing row missing' : metaProblem(meta);
	let result: ReturnType<typeof recordsToTrace> = { problem: problem ?? '' };
	if (!problem) result = recordsToTrace(meta as TraceMetaRecord, columns);
	if ('trace' in result) {
		const m = meta as TraceMetaRecord;
		return { value: { trace: result.trace, meta: m, report: m.report }, persistent: true, notices: [] };
	}
	const { notice } = await deleteEverywhere(hash);
	const notices = [corruptNotice(label((meta ?? { hash }) as { name?: unknown; hash?: unknown }), result.problem)];
	if (notice) notices.push(notice);
	return { value: null, persistent: true, notices };
}

/** Stored traces, newest first, without their columns. Damaged rows are skipped, deleted and reported. */
export async function listTraces(): Promise<CacheRead<TraceListItem[]>> {
	const memoryItems: TraceListItem[] = [...memoryTraces.values()].map(({ meta }) => toItem(meta, true));
	const conn = await getDb();
	if (!conn.ok) return { value: sortNewest(memoryItems), persistent: false, notices: [conn.notice] };
	const notices: CacheNotice[] = [];
	let rows: unknown[];
	let keys: string[];
	try {
		const tx = conn.db.transaction('traces', 'readonly');
		[rows, keys] = await Promise.all([tx.store.getAll(), tx.store.getAllKeys(), tx.done]);
	} catch (err) {
		notices.push({ reason: 'error', message: `Reading History failed: ${describeError(err)}` });
		return { value: sortNewest(memoryItems), persistent: false, notices };
	}
	const items: TraceListItem[] = [];
	for (let i = 0; i < rows.length; i++) {
		const problem = metaProblem(rows[i]);
		if (problem) {
			await deleteEverywhere(keys[i]);
			notices.push(corruptNotice(label((rows[i] ?? {}) as { name?: unknown; hash?: unknown }), problem));
			continue;
		}
		items.push(toItem(rows[i] as TraceMetaRecord, false));
	}
	const stored = new Set(items.map((t) => t.hash));
	for (const m of memoryItems) if (!stored.has(m.hash)) items.push(m);
	return { value: sortNewest(items), persistent: true, notices };
}

/** Deletes a trace with its cached results and studies (memory and disk). */
export async function deleteTrace(hash: string): Promise<DeleteOutcome> {
	const { notice } = await deleteEverywhere(hash);
	// Without IndexedDB the memory copy was the only one: deleting it is the whole job.
	if (notice && notice.reason !== 'unavailable') return { deleted: false, ...notice };
	announce({ kind: 'trace-deleted', hash });
	return { deleted: true };
}

function toItem(m: TraceMetaRecord, memoryOnly: boolean): TraceListItem {
	return {
		hash: m.hash,
		name: m.name,
		sizeBytes: m.sizeBytes,
		format: m.format,
		requests: m.requests,
		createdAt: m.createdAt,
		synthetic: m.synthetic,
		memoryOnly
	};
}

function sortNewest<T extends { createdAt: number }>(items: T[]): T[] {
	return items.sort((a, b) => b.createdAt - a.createdAt);
}
