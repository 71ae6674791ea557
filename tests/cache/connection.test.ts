import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { cacheStatus, closeCache, DB_VERSION, getDb, onCacheStatus } from '../../src/lib/cache/db';
import { MESSAGES } from '../../src/lib/cache/errors';
import { getTrace, listTraces, putTrace, deleteTrace } from '../../src/lib/cache/traces';
import { getResults, putResults, pruneStaleResults } from '../../src/lib/cache/results';
import { getStudy, listStudies, putStudy, deleteStudy } from '../../src/lib/cache/studies';
import { clearAll } from '../../src/lib/cache/clear';
import type { CacheStatus } from '../../src/lib/cache/types';
import { freshCache, makeReport, makeResult, makeTrace } from './fixtures';

let dbName = '';
beforeEach(() => {
	dbName = freshCache();
});
afterEach(() => closeCache());

const meta = { name: 'old.csv', sizeBytes: 99, format: 'burstgpt-v2' as const };

describe('schema upgrade', () => {
	it('opens a v1 database written by hand and moves its inline columns to the v2 layout', async () => {
		const trace = makeTrace(40, 'old.csv');
		const v1 = await openDB(dbName, 1, {
			upgrade(db) {
				db.createObjectStore('traces', { keyPath: 'hash' });
				db.createObjectStore('results', { keyPath: 'key' });
			}
		});
		await v1.put('traces', {
			hash: 'h-old',
			name: 'old.csv',
			sizeBytes: 99,
			format: 'burstgpt-v2',
			report: makeReport(40),
			createdAt: 7,
			columns: {
				arrivalS: trace.arrivalS.buffer,
				promptTokens: trace.promptTokens.buffer,
				outputTokens: trace.outputTokens.buffer,
				modelCode: trace.modelCode.buffer,
				logTypeCode: trace.logTypeCode.buffer
			},
			modelNames: trace.modelNames,
			logTypeNames: trace.logTypeNames
		});
		await v1.put('results', { key: 'k', traceHash: 'h-old', scenarioKey: 's', engineVersion: 'e1', createdAt: 1, result: makeResult('e1', 5) });
		v1.close();

		const conn = await getDb();
		expect(conn.ok).toBe(true);
		if (!conn.ok) return;
		expect(conn.db.version).toBe(DB_VERSION);
		expect([...conn.db.objectStoreNames].sort()).toEqual(['profiles', 'results', 'studies', 'traceChunks', 'traceColumns', 'traces']);

		const got = await getTrace('h-old');
		expect(got.notices).toEqual([]);
		expect(got.value!.trace).toEqual({ ...trace, format: 'burstgpt-v2' });
		const row = await conn.db.get('traces', 'h-old');
		expect(row).not.toHaveProperty('columns');
		expect((await listTraces()).value).toMatchObject([{ hash: 'h-old', requests: 40, createdAt: 7 }]);
		// v1 results survive and get the new indexes.
		expect((await getResults(['k'], 'e1')).value.size).toBe(1);
		expect((await pruneStaleResults('e2')).value).toBe(1);
	});

	it('a failed upgrade (a damaged v1 layout) is an error value, not a crash', async () => {
		const bad = await openDB(dbName, 1, { upgrade: (db) => void db.createObjectStore('traces', { keyPath: 'hash' }) });
		bad.close();
		const out = await putStudy({ id: 's', traceHash: 'h', name: 'n', createdAt: 1, config: {}, summary: {} });
		expect(out).toMatchObject({ stored: false, reason: 'error' });
		expect((await listStudies()).value).toHaveLength(1);
	});

	it('a database from a newer servescope falls back to memory with a message', async () => {
		const newer = await openDB(dbName, DB_VERSION + 1, { upgrade: (db) => void db.createObjectStore('traces', { keyPath: 'hash' }) });
		newer.close();
		const out = await putResults([{ key: 'k', traceHash: 't', scenarioKey: 's', result: makeResult('e', 1) }], 'e');
		expect(out).toEqual({ stored: false, reason: 'newer-version', message: MESSAGES['newer-version'] });
		expect(cacheStatus()).toEqual({ state: 'newer-version', message: MESSAGES['newer-version'] });
		// This tab still reuses what it simulated.
		const got = await getResults(['k'], 'e');
		expect(got.value.size).toBe(1);
		expect(got.persistent).toBe(false);
	});
});

describe('two tabs', () => {
	it('lets another tab upgrade: closes its connection, says so, and keeps working in memory', async () => {
		const seen: CacheStatus[] = [];
		const off = onCacheStatus((s) => seen.push(s));
		await putTrace('h', meta, makeTrace(5, 'old.csv'), makeReport(5));
		// The "other tab" opens a newer version: ours must let go or theirs would be blocked.
		const other = await openDB(dbName, DB_VERSION + 1);
		expect(other.version).toBe(DB_VERSION + 1);
		other.close();
		expect(cacheStatus().state).toBe('closed');
		expect(seen.map((s) => s.state)).toEqual(['opening', 'ready', 'closed']);
		const out = await putStudy({ id: 's', traceHash: 'h', name: 'n', createdAt: 1, config: {}, summary: {} });
		expect(out).toEqual({ stored: false, reason: 'closed', message: MESSAGES.closed });
		expect((await getStudy('s')).value).not.toBeNull();
		off();
	});

	it('answers "blocked" at once while an older tab will not let go, then uses the database once it does', async () => {
		const old = await openDB(dbName, 1, {
			upgrade(db) {
				db.createObjectStore('traces', { keyPath: 'hash' });
				db.createObjectStore('results', { keyPath: 'key' });
			}
		});
		// An old tab that ignores versionchange (no handler closes it).
		const first = await putResults([{ key: 'k1', traceHash: 't', scenarioKey: 's', result: makeResult('e', 1) }], 'e');
		expect(first).toEqual({ stored: false, reason: 'blocked', message: MESSAGES.blocked });
		old.close();
		// The pending open completes; later writes go to disk.
		await new Promise((r) => setTimeout(r, 20));
		expect(cacheStatus().state).toBe('ready');
		// Results are written only while their trace exists (trace-guard.ts).
		await putTrace('t', { name: 't.csv', sizeBytes: 1, format: 'burstgpt-v1' }, makeTrace(5, 't.csv'), makeReport(5));
		expect(await putResults([{ key: 'k2', traceHash: 't', scenarioKey: 's', result: makeResult('e', 2) }], 'e')).toEqual({ stored: true });
		const got = await getResults(['k1', 'k2'], 'e');
		expect(got.value.size).toBe(2); // k1 from memory, k2 from disk
	});
});

describe('IndexedDB unavailable', () => {
	let saved: IDBFactory | undefined;
	beforeEach(() => {
		saved = globalThis.indexedDB;
		// @ts-expect-error: simulate a browser without IndexedDB (private window, storage blocked).
		delete globalThis.indexedDB;
		closeCache();
	});
	afterEach(() => {
		globalThis.indexedDB = saved as IDBFactory;
	});

	it('every function answers a value, keeps data in memory and says why', async () => {
		const unavailable = { stored: false, reason: 'unavailable', message: MESSAGES.unavailable };
		expect(await putTrace('h', meta, makeTrace(5, 'old.csv'), makeReport(5))).toEqual(unavailable);
		expect(await putResults([{ key: 'k', traceHash: 'h', scenarioKey: 's', result: makeResult('e', 1) }], 'e')).toEqual(unavailable);
		expect(await putStudy({ id: 's', traceHash: 'h', name: 'n', createdAt: 1, config: {}, summary: {} })).toEqual(unavailable);
		expect(MESSAGES.unavailable).toContain('in memory for this tab');

		const trace = await getTrace('h');
		expect(trace.persistent).toBe(false);
		expect(trace.value!.trace).toEqual({ ...makeTrace(5, 'old.csv'), format: 'burstgpt-v2' });
		expect((await listTraces()).value).toMatchObject([{ hash: 'h', memoryOnly: true }]);
		expect((await getResults(['k'], 'e')).value.size).toBe(1);
		expect((await getResults(['k'], 'e2')).value.size).toBe(0);
		expect((await listStudies()).value).toMatchObject([{ id: 's', memoryOnly: true }]);
		expect((await pruneStaleResults('e')).notices[0].reason).toBe('unavailable');
		expect(await getTrace('missing')).toEqual({ value: null, persistent: false, notices: [{ reason: 'unavailable', message: MESSAGES.unavailable }] });

		expect(await deleteStudy('s')).toEqual({ deleted: true });
		expect(await deleteTrace('h')).toEqual({ deleted: true });
		expect((await listTraces()).value).toEqual([]);
		expect(await clearAll()).toEqual({ deleted: true });
		expect(cacheStatus()).toEqual({ state: 'unavailable', message: MESSAGES.unavailable });
	});

	it('an open that throws (Firefox private window: InvalidStateError) is the same clean fallback', async () => {
		globalThis.indexedDB = {
			open() {
				throw new DOMException('A mutation operation was attempted on a database that did not allow mutations.', 'InvalidStateError');
			}
		} as unknown as IDBFactory;
		const out = await putStudy({ id: 's', traceHash: 'h', name: 'n', createdAt: 1, config: {}, summary: {} });
		expect(out).toMatchObject({ stored: false, reason: 'unavailable' });
		expect((await listStudies()).value).toHaveLength(1);
	});
});
