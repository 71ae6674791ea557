/**
 * Parsed traces in IndexedDB, keyed by the SHA-256 of the file's bytes: dropping the same file again
 * or reloading the page reuses the parse. When IndexedDB cannot take it, the trace stays in this tab's
 * memory and the answer says so.
 */
import type { ParseReport, Trace } from '../trace/types';
import { announce } from './broadcast';
import { getDb } from './db';
import { describeError, noticeFromError } from './errors';
import { forgetTraceInMemory, memoryTraces } from './memory';
import { metaProblem, recordsToTrace, traceToRecords } from './trace-record';
import { stopTraceSaves } from './trace-saves';
import { chunkCount, chunkedRecordOf, chunksOf, hashRange, isChunked, joinChunks, saveRange } from './trace-chunks';
import { commit, writeTx } from './tx';
import type { CacheNotice, CacheRead, DeleteOutcome, PutOutcome, TraceColumnsRecord, TraceFileMeta, TraceListItem, TraceMetaRecord } from './types';

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

/** The answer of a save a deletion overtook (its chunks found gone, or the save stopped for a delete or Clear all). */
export function saveOvertaken(): PutOutcome {
	return {
		stored: false,
		reason: 'trace-deleted',
		message:
			'The trace was deleted or the saved data cleared (in this tab or another) while it was being saved, so it was not saved: a deletion is never undone. It stays loaded in this tab; drop the file again to save it.'
	};
}

/** Chunks of a save in progress, and saves that never finished, are kept this long before start-up's sweep removes them. */
export const ORPHAN_CHUNK_AGE_MS = 60 * 60 * 1000;

/** A save's group id: the time it began (ms) plus a fraction, so two saves of one hash never share chunk keys. */
function newSavedAt(): number {
	return Date.now() + Math.random() * 0.999;
}

/**
 * Writes a trace's records to IndexedDB, nothing else: no memory fallback and no announcement, so it
 * runs where the records are (the parse worker keeps a copy of the columns it parsed, and saves from
 * it: the page's thread never clones a trace). The columns go in chunks, one transaction each, with
 * `between()` awaited between them (the worker yields there), so other transactions (the study's
 * result-cache read) wait for one chunk at most. A last transaction checks every chunk is there and
 * writes the columns record and the listing row together; chunks missing means a delete or a Clear all
 * came in between, which wins: nothing is listed, and the answer says so ('trace-deleted').
 */
export async function storeTraceRecords(
	records: { meta: TraceMetaRecord; columns: TraceColumnsRecord },
	between: () => Promise<void> = async () => {}
): Promise<PutOutcome> {
	const conn = await getDb();
	if (!conn.ok) return { stored: false, ...conn.notice };
	const { db } = conn;
	const hash = records.meta.hash;
	const savedAt = newSavedAt();
	const chunked = chunkedRecordOf(records.columns, savedAt);
	const dropGroup = async () => {
		try {
			const tx = writeTx(db, ['traceChunks']);
			await commit(tx, [() => tx.objectStore('traceChunks').delete(saveRange(hash, savedAt))]);
		} catch {
			// Best effort: start-up's sweep (pruneOrphanChunks) removes what is left.
		}
	};
	try {
		for (const chunk of chunksOf(records.columns, savedAt)) {
			// Relaxed: a chunk needs no flush of its own; the last transaction makes the save visible.
			const tx = db.transaction('traceChunks', 'readwrite', { durability: 'relaxed' });
			tx.done.catch(() => {});
			const failed = await commit(tx, [() => tx.store.put(chunk)]);
			if (failed) {
				await dropGroup();
				return { stored: false, ...failed };
			}
			await between();
		}
		const tx = writeTx(db, ['traces', 'traceColumns', 'traceChunks']);
		let overtaken = false;
		const failed = await commit(tx, [
			async () => {
				const chunks = tx.objectStore('traceChunks');
				if ((await chunks.count(saveRange(hash, savedAt))) !== chunkCount(chunked)) {
					overtaken = true;
					await chunks.delete(saveRange(hash, savedAt));
					return;
				}
				// A later save of the same trace (the file dropped again) that finished first stays: its row
				// is newer. The trace is stored either way; this save's chunks go.
				const row = await tx.objectStore('traces').get(hash);
				if (row && row.createdAt > records.meta.createdAt) {
					await chunks.delete(saveRange(hash, savedAt));
					return;
				}
				// A listing row never exists without its columns: record and row change together, and the
				// chunks of the save this one replaces go in the same transaction.
				const previous = await tx.objectStore('traceColumns').get(hash);
				if (isChunked(previous) && previous.savedAt !== savedAt) await chunks.delete(saveRange(hash, previous.savedAt));
				await tx.objectStore('traceColumns').put(chunked);
				await tx.objectStore('traces').put(records.meta);
			}
		]);
		if (failed) {
			await dropGroup();
			return { stored: false, ...failed };
		}
		if (overtaken) return saveOvertaken();
		return { stored: true };
	} catch (err) {
		await dropGroup();
		return { stored: false, ...noticeFromError(err) };
	}
}

/**
 * What this tab does with a save's outcome: stored, the memory copy goes and other tabs hear of it;
 * overtaken by a deletion, nothing is kept (the deletion wins); any other failure keeps the trace in
 * this tab's memory (`records()` builds those records from the page's own columns, without copying).
 */
export function settleTraceSave(hash: string, outcome: PutOutcome, records: () => { meta: TraceMetaRecord; columns: TraceColumnsRecord }): PutOutcome {
	if (outcome.stored) {
		memoryTraces.delete(hash);
		announce({ kind: 'stored' });
	} else if (outcome.reason !== 'trace-deleted') {
		memoryTraces.set(hash, records());
	}
	return outcome;
}

/**
 * Stores a parsed trace (columns as ArrayBuffers) with its file meta and parse report, from this
 * thread (Node, tests, and pages without module workers; the page saves from its parse worker).
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
	let outcome: PutOutcome;
	try {
		outcome = await storeTraceRecords(records);
	} catch (err) {
		outcome = { stored: false, reason: 'error', message: `Saving the trace failed: ${describeError(err)}` };
	}
	return settleTraceSave(hash, outcome, () => records);
}

/** Deletes a trace's records, its results and its studies in one transaction; returns how many results and studies went. */
async function deleteEverywhere(hash: string): Promise<{ removed: number; notice: CacheNotice | null }> {
	forgetTraceInMemory(hash);
	const conn = await getDb();
	if (!conn.ok) return { removed: 0, notice: conn.notice };
	try {
		const tx = writeTx(conn.db, ['traces', 'traceColumns', 'traceChunks', 'results', 'studies']);
		let removed = 0;
		const failed = await commit(tx, [
			() => tx.objectStore('traces').delete(hash),
			() => tx.objectStore('traceColumns').delete(hash),
			() => tx.objectStore('traceChunks').delete(hashRange(hash)),
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
		const tx = conn.db.transaction(['traces', 'traceColumns', 'traceChunks'], 'readonly');
		const read = async () => {
			[meta, columns] = await Promise.all([tx.objectStore('traces').get(hash), tx.objectStore('traceColumns').get(hash)]);
			if (isChunked(columns)) {
				const joined = joinChunks(columns, await tx.objectStore('traceChunks').getAll(saveRange(hash, columns.savedAt)));
				columns = 'record' in joined ? joined.record : { problem: joined.problem };
			}
		};
		await Promise.all([read(), tx.done]);
	} catch (err) {
		return { value: null, persistent: true, notices: [{ reason: 'error', message: `Reading the saved trace failed: ${describeError(err)}` }] };
	}
	if (meta === undefined && columns === undefined) return { value: null, persistent: true, notices: [] };
	const problem = meta === undefined ? 'listing row missing' : metaProblem(meta);
	let result: ReturnType<typeof recordsToTrace> = { problem: problem ?? '' };
	const chunkProblem = (columns as { problem?: unknown } | undefined)?.problem;
	if (!problem) result = typeof chunkProblem === 'string' ? { problem: chunkProblem } : recordsToTrace(meta as TraceMetaRecord, columns);
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
	// A save of it still running began before this delete: stop it first, so the deletion wins.
	await stopTraceSaves(hash);
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

/**
 * Removes chunks no columns record points at (a tab closed or a worker stopped in the middle of a
 * save) once they are older than ORPHAN_CHUNK_AGE_MS, so a save still running in another tab keeps
 * its own. Reads keys only. Returns how many chunks went; never throws.
 */
export async function pruneOrphanChunks(now: number = Date.now()): Promise<number> {
	const conn = await getDb();
	if (!conn.ok) return 0;
	try {
		const tx = writeTx(conn.db, ['traceColumns', 'traceChunks']);
		let removed = 0;
		await commit(tx, [
			async () => {
				const groups = new Map<string, { hash: string; savedAt: number; n: number }>();
				for (const [hash, savedAt] of await tx.objectStore('traceChunks').getAllKeys()) {
					if (now - savedAt < ORPHAN_CHUNK_AGE_MS) continue;
					const g = groups.get(`${hash}|${savedAt}`) ?? { hash, savedAt, n: 0 };
					g.n++;
					groups.set(`${hash}|${savedAt}`, g);
				}
				for (const g of groups.values()) {
					const rec = await tx.objectStore('traceColumns').get(g.hash);
					if (isChunked(rec) && rec.savedAt === g.savedAt) continue;
					await tx.objectStore('traceChunks').delete(saveRange(g.hash, g.savedAt));
					removed += g.n;
				}
			}
		]);
		return removed;
	} catch {
		return 0;
	}
}
