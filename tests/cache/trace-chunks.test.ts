/**
 * Traces saved in chunks (cache/trace-chunks.ts, db v4): they read back equal, a failed chunk leaves
 * nothing listed and nothing behind, a deletion in the middle of a save wins, a later save of the same
 * trace is never replaced by an older one, and records written inline by db v3 still read.
 */
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearAll } from '../../src/lib/cache/clear';
import { closeCache, DB_VERSION } from '../../src/lib/cache/db';
import { memoryTraces } from '../../src/lib/cache/memory';
import { putResults } from '../../src/lib/cache/results';
import { CHUNK_BYTES } from '../../src/lib/cache/trace-chunks';
import { traceToRecords } from '../../src/lib/cache/trace-record';
import { trackTraceSave } from '../../src/lib/cache/trace-saves';
import { deleteTrace, getTrace, listTraces, ORPHAN_CHUNK_AGE_MS, pruneOrphanChunks, putTrace, storeTraceRecords } from '../../src/lib/cache/traces';
import type { Trace } from '../../src/lib/trace/types';
import { freshCache, makeReport, makeResult, makeTrace } from './fixtures';

let dbName = '';
beforeEach(() => {
	dbName = freshCache();
});
afterEach(() => vi.restoreAllMocks());

const meta = { name: 'BurstGPT_big.csv', sizeBytes: 99, format: 'burstgpt-v1' as const };
/** Rows enough for arrivalS (8 bytes a row) to take three chunks. */
const ROWS = Math.floor((CHUNK_BYTES * 2.5) / 8);

/** The trace makeTrace builds under this test's file name (a stored trace is named after its file). */
function bigTrace(n: number): Trace {
	return makeTrace(n, meta.name);
}

/** Equal traces, columns compared as bytes (toEqual on millions of elements takes minutes). */
function expectSameTrace(got: Trace, want: Trace): void {
	const cols = ['arrivalS', 'promptTokens', 'outputTokens', 'modelCode', 'logTypeCode'] as const;
	for (const k of cols) {
		expect(got[k].constructor, k).toBe(want[k].constructor);
		expect(Buffer.compare(Buffer.from(got[k].buffer, got[k].byteOffset, got[k].byteLength), Buffer.from(want[k].buffer, want[k].byteOffset, want[k].byteLength)), k).toBe(0);
	}
	const rest = (t: Trace) => Object.fromEntries(Object.entries(t).filter(([k]) => !(cols as readonly string[]).includes(k)));
	expect(rest(got)).toEqual(rest(want));
}

async function count(store: 'traceChunks' | 'traces' | 'traceColumns'): Promise<number> {
	closeCache();
	const db = await openDB(dbName, DB_VERSION);
	const n = await db.count(store);
	db.close();
	return n;
}

describe('chunked saves', () => {
	it('a trace larger than a chunk reads back equal, through a new connection', async () => {
		const trace = bigTrace(ROWS);
		expect(await putTrace('big', meta, trace, makeReport(ROWS), 5)).toEqual({ stored: true });
		// arrivalS 3 chunks, promptTokens and outputTokens 2 each, the two code columns 1 each.
		expect(await count('traceChunks')).toBe(9);
		const got = await getTrace('big');
		expect(got.notices).toEqual([]);
		expectSameTrace(got.value!.trace, trace);
		expect(memoryTraces.has('big')).toBe(false);
	});

	it('a chunk refused (quota) lists nothing, leaves no chunk behind, and keeps the trace in memory with the message', async () => {
		const real = IDBObjectStore.prototype.put;
		let calls = 0;
		vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
			if (++calls === 3) throw new DOMException('full', 'QuotaExceededError');
			return real.apply(this, args);
		});
		const trace = bigTrace(ROWS);
		const out = await putTrace('big', meta, trace, makeReport(ROWS));
		expect(out).toMatchObject({ stored: false, reason: 'quota' });
		vi.restoreAllMocks();
		expect(await count('traceChunks')).toBe(0);
		expect(await count('traces')).toBe(0);
		const held = await getTrace('big');
		expect(held.persistent).toBe(false);
		expectSameTrace(held.value!.trace, trace);
		expect((await listTraces()).value.map((t) => [t.hash, t.memoryOnly])).toEqual([['big', true]]);
	});

	it('a deletion between two chunks wins: the save answers trace-deleted, lists nothing and leaves no chunk', async () => {
		const trace = bigTrace(ROWS);
		let between = 0;
		const out = await storeTraceRecords(traceToRecords('big', meta, trace, makeReport(ROWS), 1), async () => {
			// Another tab deletes the trace (or clears everything) after the second chunk.
			if (++between === 2) await deleteTrace('big');
		});
		expect(out).toMatchObject({ stored: false, reason: 'trace-deleted' });
		expect(out.stored === false && out.message).toContain('while it was being saved');
		expect(await count('traces')).toBe(0);
		expect(await count('traceChunks')).toBe(0);
	});

	it('Clear all while a save of this tab runs stops that save first, so nothing comes back', async () => {
		let stopped = false;
		let release: (v: { stored: false; reason: 'trace-deleted'; message: string }) => void = () => {};
		const save = trackTraceSave('big', new Promise((resolve) => (release = resolve)), () => {
			stopped = true;
			release({ stored: false, reason: 'trace-deleted', message: 'stopped' });
		});
		expect(await clearAll()).toEqual({ deleted: true });
		expect(stopped).toBe(true);
		expect(await save).toMatchObject({ reason: 'trace-deleted' });
	});

	it('results of a trace still being saved wait for the save, then are stored (not refused as deleted)', async () => {
		const trace = bigTrace(50);
		let release = () => {};
		const gate = new Promise<void>((resolve) => (release = resolve));
		const saving = trackTraceSave(
			'h',
			gate.then(() => putTrace('h', meta, trace, makeReport(50))),
			() => {}
		);
		const results = putResults([{ key: 'h:s:e', traceHash: 'h', scenarioKey: 's', result: makeResult('e', 1) }], 'e');
		release();
		expect(await saving).toEqual({ stored: true });
		expect(await results).toEqual({ stored: true });
	});

	it('a later save of the same trace that ends first is not replaced by the earlier one', async () => {
		const trace = bigTrace(ROWS);
		let release = () => {};
		const gate = new Promise<void>((resolve) => (release = resolve));
		const earlier = storeTraceRecords(traceToRecords('big', meta, trace, makeReport(ROWS), 100), () => gate);
		expect(await storeTraceRecords(traceToRecords('big', meta, trace, makeReport(ROWS), 200))).toEqual({ stored: true });
		release();
		expect(await earlier).toEqual({ stored: true });
		expect((await getTrace('big')).value!.meta.createdAt).toBe(200);
		expect(await count('traceChunks')).toBe(9);
	});

	it('start-up sweeps chunks of saves that never finished once they are old, and keeps the rest', async () => {
		await putTrace('kept', meta, bigTrace(10), makeReport(10));
		// A save whose tab closed after one chunk: nothing lists it.
		const savedAt = Date.now();
		closeCache();
		const db = await openDB(dbName, DB_VERSION);
		await db.put('traceChunks', { hash: 'lost', savedAt, stream: 'arrivalS', part: 0, bytes: new ArrayBuffer(8) });
		db.close();
		// Young: it may be a save still running in another tab.
		expect(await pruneOrphanChunks(savedAt + 1000)).toBe(0);
		expect(await pruneOrphanChunks(savedAt + ORPHAN_CHUNK_AGE_MS + 1000)).toBe(1);
		expect(await count('traceChunks')).toBe(5);
		expectSameTrace((await getTrace('kept')).value!.trace, bigTrace(10));
	});
});

describe('records from before chunking (db v3)', () => {
	it('an inline record written by db v3 still reads after the upgrade to v4', async () => {
		const trace = bigTrace(40);
		const records = traceToRecords('old', meta, trace, makeReport(40), 7);
		closeCache();
		const v3 = await openDB(dbName, 3, {
			upgrade(db) {
				db.createObjectStore('traces', { keyPath: 'hash' }).createIndex('createdAt', 'createdAt');
				db.createObjectStore('traceColumns', { keyPath: 'hash' });
				const results = db.createObjectStore('results', { keyPath: 'key' });
				results.createIndex('traceHash', 'traceHash');
				results.createIndex('engineVersion', 'engineVersion');
				const studies = db.createObjectStore('studies', { keyPath: 'id' });
				studies.createIndex('traceHash', 'traceHash');
				studies.createIndex('createdAt', 'createdAt');
				db.createObjectStore('profiles', { keyPath: 'id' }).createIndex('gpu', 'gpu');
			}
		});
		await v3.put('traceColumns', records.columns);
		await v3.put('traces', records.meta);
		v3.close();
		const got = await getTrace('old');
		expect(got.notices).toEqual([]);
		expectSameTrace(got.value!.trace, trace);
		// Deleting it still removes it whole.
		expect(await deleteTrace('old')).toEqual({ deleted: true });
		expect((await getTrace('old')).value).toBeNull();
	});
});
