import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { getTrace, listTraces, putTrace, deleteTrace } from '../../src/lib/cache/traces';
import { getResults, putResults } from '../../src/lib/cache/results';
import { listStudies, putStudy } from '../../src/lib/cache/studies';
import { clearAll } from '../../src/lib/cache/clear';
import { closeCache, DB_VERSION } from '../../src/lib/cache/db';
import { traceToRecords } from '../../src/lib/cache/trace-record';
import { freshCache, makeReport, makeResult, makeTrace } from './fixtures';

let dbName = '';
beforeEach(() => {
	dbName = freshCache();
});

const meta = { name: 'BurstGPT_1.csv', sizeBytes: 12_345, format: 'burstgpt-v1' as const };

describe('trace round trip', () => {
	it('stores columns and gives back equal typed arrays, names and report', async () => {
		const trace = makeTrace(500);
		const report = makeReport(500);
		expect(await putTrace('h1', meta, trace, report, 1000)).toEqual({ stored: true });
		closeCache(); // read through a new connection, as after a reload
		const got = await getTrace('h1');
		expect(got.notices).toEqual([]);
		expect(got.persistent).toBe(true);
		const t = got.value!.trace;
		expect(t.arrivalS).toBeInstanceOf(Float64Array);
		expect(t.promptTokens).toBeInstanceOf(Uint32Array);
		expect(t.modelCode).toBeInstanceOf(Uint8Array);
		expect(t).toEqual(trace);
		expect(got.value!.report).toEqual(report);
		expect(got.value!.meta).toMatchObject({ hash: 'h1', sizeBytes: 12_345, requests: 500, createdAt: 1000 });
	});

	it('stores only the viewed part of typed arrays that are subarrays of a bigger buffer', async () => {
		const big = makeTrace(20);
		const part = {
			...big,
			arrivalS: big.arrivalS.subarray(5, 15),
			promptTokens: big.promptTokens.subarray(5, 15),
			outputTokens: big.outputTokens.subarray(5, 15),
			modelCode: big.modelCode.subarray(5, 15),
			logTypeCode: big.logTypeCode.subarray(5, 15)
		};
		await putTrace('sub', meta, part, makeReport(10));
		const t = (await getTrace('sub')).value!.trace;
		expect(Array.from(t.promptTokens)).toEqual(Array.from(part.promptTokens));
		expect(t.arrivalS.length).toBe(10);
	});

	it('an empty trace round-trips', async () => {
		await putTrace('empty', meta, makeTrace(0), makeReport(0));
		expect((await getTrace('empty')).value!.trace.arrivalS.length).toBe(0);
	});

	it('answers null for an unknown hash', async () => {
		expect(await getTrace('nope')).toEqual({ value: null, persistent: true, notices: [] });
	});

	it('lists traces newest first without their columns', async () => {
		await putTrace('old', { ...meta, name: 'a.csv' }, makeTrace(3), makeReport(3), 1);
		await putTrace('new', { ...meta, name: 'b.csv' }, makeTrace(4), makeReport(4), 2);
		const list = await listTraces();
		expect(list.value.map((t) => t.hash)).toEqual(['new', 'old']);
		expect(list.value[0]).toEqual({
			hash: 'new', name: 'b.csv', sizeBytes: 12_345, format: 'burstgpt-v1', requests: 4, createdAt: 2, synthetic: false, memoryOnly: false
		});
		expect(Object.keys(list.value[0])).not.toContain('columns');
	});
});

describe('corrupt records', () => {
	async function tamper(fn: (db: Awaited<ReturnType<typeof openDB>>) => Promise<unknown>) {
		closeCache();
		const db = await openDB(dbName, DB_VERSION);
		await fn(db);
		db.close();
	}

	it.each([
		['a column of the wrong length', (c: Record<string, unknown>) => ({ ...c, promptTokens: new ArrayBuffer(3) })],
		['a column that is not bytes', (c: Record<string, unknown>) => ({ ...c, arrivalS: [1, 2, 3] })],
		['arrivals out of order', (c: Record<string, unknown>) => ({ ...c, arrivalS: new Float64Array([0, 5, 1, 2, 3]).buffer })],
		['a NaN arrival', (c: Record<string, unknown>) => ({ ...c, arrivalS: new Float64Array([0, NaN, 1, 2, 3]).buffer })],
		['a model code out of range', (c: Record<string, unknown>) => ({ ...c, modelCode: new Uint8Array([0, 1, 9, 0, 0]).buffer })]
	])('skips, deletes and reports a trace with %s', async (_label, mutate) => {
		await putTrace('bad', meta, makeTrace(5), makeReport(5));
		await putResults([{ key: 'bad:s:e', traceHash: 'bad', scenarioKey: 's', result: makeResult('e', 1) }], 'e');
		await tamper(async (db) => {
			// Rewritten in the inline layout of db v1 to v3, which is still read: the same checks guard both layouts.
			const inline = traceToRecords('bad', meta, makeTrace(5), makeReport(5), 0).columns as unknown as Record<string, unknown>;
			await db.put('traceColumns', { ...inline, columns: mutate(inline.columns as Record<string, unknown>) });
		});
		const got = await getTrace('bad');
		expect(got.value).toBeNull();
		expect(got.notices).toHaveLength(1);
		expect(got.notices[0].reason).toBe('corrupt');
		expect(got.notices[0].message).toContain('"BurstGPT_1.csv"');
		expect(got.notices[0].message).toContain('drop the file again');
		// Deleted with everything derived from it: the next read is a clean miss.
		expect(await getTrace('bad')).toEqual({ value: null, persistent: true, notices: [] });
		expect((await getResults(['bad:s:e'], 'e')).value.size).toBe(0);
	});

	it.each([
		['a missing chunk', async (db: Awaited<ReturnType<typeof openDB>>, key: IDBValidKey) => db.delete('traceChunks', key), 'chunk 1 of 1 of promptTokens missing'],
		[
			'a chunk of the wrong length',
			async (db: Awaited<ReturnType<typeof openDB>>, key: IDBValidKey) => db.put('traceChunks', { ...(await db.get('traceChunks', key)), bytes: new ArrayBuffer(3) }),
			'chunk 1 of promptTokens holds 3 bytes, expected 20'
		]
	])('skips, deletes and reports a chunked trace with %s', async (_label, damage, problem) => {
		await putTrace('bad', meta, makeTrace(5), makeReport(5));
		await tamper(async (db) => {
			const key = (await db.getAllKeys('traceChunks')).find((k) => (k as unknown[])[2] === 'promptTokens')!;
			await damage(db, key);
		});
		const got = await getTrace('bad');
		expect(got.value).toBeNull();
		expect(got.notices.map((n) => n.reason)).toEqual(['corrupt']);
		expect(got.notices[0].message).toContain(problem);
		expect(await getTrace('bad')).toEqual({ value: null, persistent: true, notices: [] });
		// Its other chunks went with it.
		closeCache();
		const db = await openDB(dbName, DB_VERSION);
		expect(await db.count('traceChunks')).toBe(0);
		db.close();
	});

	it('a listing row with its columns missing is reported on read', async () => {
		await putTrace('lonely', meta, makeTrace(5), makeReport(5));
		await tamper((db) => db.delete('traceColumns', 'lonely'));
		const got = await getTrace('lonely');
		expect(got.value).toBeNull();
		expect(got.notices[0].message).toContain('columns missing');
	});

	it('listTraces skips and reports a damaged row but keeps the good ones', async () => {
		await putTrace('good', meta, makeTrace(5), makeReport(5), 5);
		await putTrace('bad', { ...meta, name: 'broken.csv' }, makeTrace(5), makeReport(5), 6);
		await tamper(async (db) => {
			const rec = await db.get('traces', 'bad');
			await db.put('traces', { ...rec, format: 'excel', requests: -1 });
		});
		const list = await listTraces();
		expect(list.value.map((t) => t.hash)).toEqual(['good']);
		expect(list.notices).toHaveLength(1);
		expect(list.notices[0]).toMatchObject({ reason: 'corrupt' });
		expect(list.notices[0].message).toContain('broken.csv');
		expect((await listTraces()).notices).toEqual([]);
	});
});

describe('delete and clear', () => {
	it('deleteTrace removes the trace, its results and its studies only', async () => {
		await putTrace('a', meta, makeTrace(5), makeReport(5));
		await putTrace('b', meta, makeTrace(5), makeReport(5));
		await putResults(
			[
				{ key: 'a:1:e', traceHash: 'a', scenarioKey: '1', result: makeResult('e', 1) },
				{ key: 'b:1:e', traceHash: 'b', scenarioKey: '1', result: makeResult('e', 2) }
			],
			'e'
		);
		await putStudy({ id: 'sa', traceHash: 'a', name: 'study a', createdAt: 1, config: {}, summary: {} });
		await putStudy({ id: 'sb', traceHash: 'b', name: 'study b', createdAt: 2, config: {}, summary: {} });
		expect(await deleteTrace('a')).toEqual({ deleted: true });
		expect((await getTrace('a')).value).toBeNull();
		expect((await getTrace('b')).value).not.toBeNull();
		expect([...(await getResults(['a:1:e', 'b:1:e'], 'e')).value.keys()]).toEqual(['b:1:e']);
		expect((await listStudies()).value.map((s) => s.id)).toEqual(['sb']);
	});

	it('clearAll empties every store', async () => {
		await putTrace('a', meta, makeTrace(5), makeReport(5));
		await putResults([{ key: 'k', traceHash: 'a', scenarioKey: '1', result: makeResult('e', 1) }], 'e');
		await putStudy({ id: 's', traceHash: 'a', name: 's', createdAt: 1, config: {}, summary: {} });
		expect(await clearAll()).toEqual({ deleted: true });
		expect((await listTraces()).value).toEqual([]);
		expect((await listStudies()).value).toEqual([]);
		expect((await getResults(['k'], 'e')).value.size).toBe(0);
	});
});
