import { describe, expect, it } from 'vitest';
import { formatBytes, requestPersistence, storageInfo } from '../../src/lib/cache/storage';
import { isQuotaError, noticeFromError } from '../../src/lib/cache/errors';

describe('storageInfo', () => {
	it('reports usage, quota, share and persistence', async () => {
		const info = await storageInfo({
			estimate: async () => ({ usage: 25e6, quota: 100e6 }),
			persisted: async () => false
		});
		expect(info).toEqual({ supported: true, usageBytes: 25e6, quotaBytes: 100e6, usedShare: 0.25, persisted: false });
	});

	it('says "unknown" rather than failing when the browser refuses or lacks the API', async () => {
		expect(await storageInfo(undefined)).toEqual({ supported: false, usageBytes: null, quotaBytes: null, usedShare: null, persisted: null });
		const info = await storageInfo({
			estimate: () => Promise.reject(new Error('denied')),
			persisted: () => Promise.reject(new Error('denied'))
		});
		expect(info).toEqual({ supported: true, usageBytes: null, quotaBytes: null, usedShare: null, persisted: null });
		expect((await storageInfo({ estimate: async () => ({ usage: 5, quota: 0 }) })).usedShare).toBeNull();
	});
});

describe('requestPersistence', () => {
	it.each([
		['already persisted', { persisted: async () => true, persist: async () => false }, true, /is persistent/],
		['granted', { persisted: async () => false, persist: async () => true }, true, /now persistent/],
		['declined', { persisted: async () => false, persist: async () => false }, false, /declined/],
		['throws', { persist: () => Promise.reject(new Error('x')) }, false, /failed/],
		['missing', {}, false, /cannot promise/]
	])('%s', async (_label, manager, persisted, message) => {
		const out = await requestPersistence(manager);
		expect(out.persisted).toBe(persisted);
		expect(out.message).toMatch(message);
	});
});

describe('formatBytes', () => {
	it.each([
		[0, '0 B'],
		[999, '999 B'],
		[1500, '1.50 kB'],
		[52_300_000, '52.3 MB'],
		[1.2e9, '1.20 GB'],
		[null, 'unknown'],
		[-1, 'unknown']
	])('%s -> %s', (bytes, text) => {
		expect(formatBytes(bytes)).toBe(text);
	});
});

describe('quota errors', () => {
	it.each([
		[new DOMException('full', 'QuotaExceededError'), true],
		[{ name: 'NS_ERROR_DOM_QUOTA_REACHED' }, true],
		[{ name: 'Whatever', code: 22 }, true],
		[new DOMException('nope', 'DataCloneError'), false],
		['string', false],
		[null, false]
	])('%s -> %s', (err, quota) => {
		expect(isQuotaError(err)).toBe(quota);
		expect(noticeFromError(err).reason).toBe(quota ? 'quota' : 'error');
	});
});
