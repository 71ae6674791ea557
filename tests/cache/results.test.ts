import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDB } from 'idb';
import { getResults, pruneStaleResults, putResults } from '../../src/lib/cache/results';
import { getStudy, listStudies, putStudy, deleteStudy } from '../../src/lib/cache/studies';
import { getTrace, listTraces, putTrace } from '../../src/lib/cache/traces';
import { closeCache, DB_VERSION } from '../../src/lib/cache/db';
import { MESSAGES } from '../../src/lib/cache/errors';
import { freshCache, makeReport, makeResult, makeTrace } from './fixtures';

let dbName = '';
beforeEach(() => {
	dbName = freshCache();
});
afterEach(() => {
	vi.restoreAllMocks();
});

/** Results and studies are written only while their trace exists (trace-guard.ts): store trace "t". */
const storeTraceT = async () => {
	expect(await putTrace('t', { name: 't.csv', sizeBytes: 1, format: 'burstgpt-v1' }, makeTrace(5, 't.csv'), makeReport(5))).toEqual({ stored: true });
};

const entry = (key: string, engine: string, completed: number) => ({
	key,
	traceHash: 't',
	scenarioKey: key,
	result: makeResult(engine, completed)
});

describe('results', () => {
	beforeEach(storeTraceT);
	it('returns only the hits, equal to what was stored', async () => {
		expect(await putResults([entry('k1', 'v1', 10), entry('k2', 'v1', 20)], 'v1')).toEqual({ stored: true });
		closeCache();
		const got = await getResults(['k1', 'k2', 'k3'], 'v1');
		expect(got.notices).toEqual([]);
		expect([...got.value.keys()].sort()).toEqual(['k1', 'k2']);
		expect(got.value.get('k2')).toEqual(makeResult('v1', 20));
	});

	it('never returns a result from another engine version, and deletes it', async () => {
		await putResults([entry('k1', 'v1', 10)], 'v1');
		const stale = await getResults(['k1'], 'v2');
		expect(stale.value.size).toBe(0);
		// Gone for good: even the engine that wrote it no longer finds it.
		expect((await getResults(['k1'], 'v1')).value.size).toBe(0);
	});

	it('pruneStaleResults sweeps every other engine version and keeps the current one', async () => {
		await putResults([entry('a', 'v0', 1), entry('b', 'v0', 2)], 'v0');
		await putResults([entry('c', 'v1', 3)], 'v1');
		await putResults([entry('d', 'v2', 4)], 'v2');
		const pruned = await pruneStaleResults('v1');
		expect(pruned.value).toBe(3);
		expect([...(await getResults(['a', 'b', 'c', 'd'], 'v1')).value.keys()]).toEqual(['c']);
	});

	it('skips, deletes and reports a damaged result', async () => {
		await putResults([entry('k1', 'v1', 10), entry('k2', 'v1', 20)], 'v1');
		closeCache();
		const db = await openDB(dbName, DB_VERSION);
		const rec = await db.get('results', 'k1');
		await db.put('results', { ...rec, result: { summary: 'garbage' } });
		db.close();
		const got = await getResults(['k1', 'k2'], 'v1');
		expect([...got.value.keys()]).toEqual(['k2']);
		expect(got.notices).toEqual([{ reason: 'corrupt', message: '1 saved result was damaged and removed; it will be simulated again.' }]);
		expect((await getResults(['k1'], 'v1')).notices).toEqual([]);
	});
});

describe('quota exceeded', () => {
	function stubQuota() {
		return vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
			throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
		});
	}

	it('keeps results in memory for this tab and says so', async () => {
		await storeTraceT();
		const spy = stubQuota();
		const out = await putResults([entry('k1', 'v1', 10)], 'v1');
		expect(spy).toHaveBeenCalled();
		expect(out).toEqual({ stored: false, reason: 'quota', message: MESSAGES.quota });
		expect(MESSAGES.quota).toMatch(/^Browser storage is full: results kept in memory for this tab; free space in History or Clear all\./);
		spy.mockRestore();
		// Still reused within this tab (from memory), and never written half-way to disk.
		expect(await getResults(['k1'], 'v1')).toMatchObject({ value: new Map([['k1', makeResult('v1', 10)]]) });
		const db = await openDB(dbName, DB_VERSION);
		expect(await db.count('results')).toBe(0);
		db.close();
	});

	it('a trace that does not fit stays usable from memory and is listed as memory-only', async () => {
		// Let the first put (columns) through and fail the second: the transaction must not leave half a trace.
		const real = IDBObjectStore.prototype.put;
		let calls = 0;
		vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
			if (++calls === 2) throw new DOMException('full', 'QuotaExceededError');
			return real.apply(this, args);
		});
		const out = await putTrace('big', { name: 'big.csv', sizeBytes: 5e7, format: 'burstgpt-v1' }, makeTrace(50, 'big.csv'), makeReport(50));
		expect(out).toMatchObject({ stored: false, reason: 'quota' });
		vi.restoreAllMocks();
		const got = await getTrace('big');
		expect(got.persistent).toBe(false);
		expect(got.value!.trace).toEqual(makeTrace(50, 'big.csv'));
		expect((await listTraces()).value).toMatchObject([{ hash: 'big', memoryOnly: true }]);
		const db = await openDB(dbName, DB_VERSION);
		expect(await db.count('traceColumns')).toBe(0);
		expect(await db.count('traces')).toBe(0);
		db.close();
	});

	it('a study that does not fit is kept in memory', async () => {
		await storeTraceT();
		stubQuota();
		const study = { id: 's1', traceHash: 't', name: 'My study', createdAt: 3, config: { gpus: [1, 2] }, summary: { best: 2 } };
		expect(await putStudy(study)).toMatchObject({ stored: false, reason: 'quota' });
		vi.restoreAllMocks();
		expect((await getStudy('s1')).value).toEqual(study);
		expect((await listStudies()).value).toMatchObject([{ id: 's1', memoryOnly: true }]);
	});
});

describe('studies', () => {
	beforeEach(storeTraceT);
	it('round trip, newest first, delete', async () => {
		await putStudy({ id: 'a', traceHash: 't', name: 'A', createdAt: 1, config: { x: 1 }, summary: { y: [1, 2] }, engineVersion: 'v1' });
		await putStudy({ id: 'b', traceHash: 't', name: 'B', createdAt: 2, config: {}, summary: null });
		closeCache();
		expect((await listStudies()).value).toEqual([
			{ id: 'b', traceHash: 't', name: 'B', createdAt: 2, memoryOnly: false },
			{ id: 'a', traceHash: 't', name: 'A', createdAt: 1, engineVersion: 'v1', memoryOnly: false }
		]);
		expect((await getStudy('a')).value).toMatchObject({ config: { x: 1 }, summary: { y: [1, 2] } });
		expect(await deleteStudy('a')).toEqual({ deleted: true });
		expect((await getStudy('a')).value).toBeNull();
	});

	it('a damaged study is skipped, deleted and reported', async () => {
		await putStudy({ id: 'a', traceHash: 't', name: 'A', createdAt: 1, config: {}, summary: {} });
		closeCache();
		const db = await openDB(dbName, DB_VERSION);
		await db.put('studies', { id: 'z', traceHash: 't', name: 42 });
		db.close();
		const list = await listStudies();
		expect(list.value.map((s) => s.id)).toEqual(['a']);
		expect(list.notices[0]).toMatchObject({ reason: 'corrupt' });
		expect((await listStudies()).notices).toEqual([]);
	});
});
