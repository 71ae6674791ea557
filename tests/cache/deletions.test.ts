/**
 * Deletions stick: results and studies of a trace deleted meanwhile (another tab, Clear all, site
 * data cleared) are never written back, and other tabs hear of every deletion. Each case failed
 * before: putResults/putStudy wrote for any trace hash, and no tab told another anything.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { announce, closeBroadcast, onCacheChange, type CacheChange } from '../../src/lib/cache/broadcast';
import { clearAll } from '../../src/lib/cache/clear';
import { MESSAGES, noticeFromError } from '../../src/lib/cache/errors';
import { memoryResults } from '../../src/lib/cache/memory';
import { getResults, putResults } from '../../src/lib/cache/results';
import { listStudies, putStudy } from '../../src/lib/cache/studies';
import { deleteTrace, putTrace } from '../../src/lib/cache/traces';
import { freshCache, makeReport, makeResult, makeTrace } from './fixtures';

const meta = { name: 'a.csv', sizeBytes: 1, format: 'burstgpt-v1' as const };
const entry = (key: string, traceHash = 'a') => ({ key, traceHash, scenarioKey: key, result: makeResult('e', 1) });

beforeEach(async () => {
	freshCache();
	await putTrace('a', meta, makeTrace(5, 'a.csv'), makeReport(5));
});
afterEach(() => closeBroadcast());

describe('writes for a deleted trace', () => {
	it('results of a trace deleted meanwhile are refused, not stored and not kept in memory', async () => {
		expect(await putResults([entry('k1')], 'e')).toEqual({ stored: true });
		expect((await deleteTrace('a')).deleted).toBe(true);
		const out = await putResults([entry('k2')], 'e');
		expect(out).toEqual({ stored: false, reason: 'trace-deleted', message: MESSAGES['trace-deleted'] });
		expect(memoryResults.has('k2')).toBe(false);
		expect((await getResults(['k1', 'k2'], 'e')).value.size).toBe(0);
	});

	it('a study finished after Clear all is not written back, and History stays empty', async () => {
		await clearAll();
		const out = await putStudy({ id: 'a|q', traceHash: 'a', name: 'study', createdAt: 1, config: {}, summary: {} });
		expect(out).toMatchObject({ stored: false, reason: 'trace-deleted' });
		expect((await listStudies()).value).toEqual([]);
	});

	it('a study whose trace exists is written as before', async () => {
		expect(await putStudy({ id: 'a|q', traceHash: 'a', name: 'study', createdAt: 1, config: {}, summary: {} })).toEqual({ stored: true });
	});
});

describe('tabs hear of deletions', () => {
	it('deleting a trace, deleting everything and storing are announced on the BroadcastChannel', async () => {
		// A second "tab": its own channel on the same name (Node has BroadcastChannel, as browsers do).
		const other = new BroadcastChannel('servescope-cache');
		const heard: CacheChange[] = [];
		other.onmessage = (e) => heard.push(e.data as CacheChange);
		// History lists traces and studies only: storing results is not announced (a study writes hundreds).
		await putResults([entry('k1')], 'e');
		await putStudy({ id: 'a|q', traceHash: 'a', name: 'study', createdAt: 1, config: {}, summary: {} });
		await deleteTrace('a');
		await clearAll();
		await new Promise((r) => setTimeout(r, 50));
		other.close();
		expect(heard).toEqual([{ kind: 'stored' }, { kind: 'trace-deleted', hash: 'a' }, { kind: 'cleared' }]);
	});

	it('a deletion heard from another tab reaches the listeners and drops this tab’s memory copies', async () => {
		memoryResults.set('m', { key: 'm', traceHash: 'a', scenarioKey: 'm', engineVersion: 'e', createdAt: 1, result: makeResult('e', 1) });
		const heard: CacheChange[] = [];
		onCacheChange((c) => heard.push(c));
		const other = new BroadcastChannel('servescope-cache');
		other.postMessage({ kind: 'trace-deleted', hash: 'a' });
		other.postMessage({ kind: 'nonsense' });
		await new Promise((r) => setTimeout(r, 50));
		other.close();
		expect(heard).toEqual([{ kind: 'trace-deleted', hash: 'a' }]);
		expect(memoryResults.has('m')).toBe(false);
		announce({ kind: 'stored' }); // never echoed to its own tab
		await new Promise((r) => setTimeout(r, 20));
		expect(heard).toHaveLength(1);
	});
});

describe('out of memory while saving', () => {
	it('never says results are kept in memory', () => {
		const n = noticeFromError(Object.assign(new Error('Data cannot be cloned, out of memory.'), { name: 'DataCloneError' }));
		expect(n.reason).toBe('out-of-memory');
		expect(n.message).toMatch(/DataCloneError/);
		expect(n.message).not.toMatch(/kept in memory/);
	});
});
