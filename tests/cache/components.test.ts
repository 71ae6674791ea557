import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import HistoryPanel from '../../src/lib/components/HistoryPanel.svelte';
import StorageStatus from '../../src/lib/components/StorageStatus.svelte';
import type { StudyListItem, TraceListItem } from '../../src/lib/cache/types';

const noop = () => {};
const trace: TraceListItem = {
	hash: 'abc',
	name: '<img src=x onerror=alert(1)>.csv',
	sizeBytes: 52_300_000,
	format: 'burstgpt-v1',
	requests: 1_404_928,
	createdAt: Date.UTC(2025, 0, 2, 3, 4),
	synthetic: false,
	memoryOnly: true
};
const study: StudyListItem = { id: 's', traceHash: 'abc', name: 'Study <b>1</b>', createdAt: Date.UTC(2025, 0, 3), memoryOnly: false };

describe('HistoryPanel', () => {
	it('lists traces and studies with named buttons, escaping names from files', () => {
		const { body } = render(HistoryPanel, { props: { traces: [trace], studies: [study], onopen: noop, ondelete: noop, onclearall: noop } });
		expect(body).toContain('49.9 MiB'); // 52,300,000 bytes in binary units, as everywhere on the page
		expect(body).toContain('this tab only');
		expect(body).not.toContain('<img');
		expect(body).toContain('&lt;img src=x onerror=alert(1)>.csv');
		expect(body).not.toContain('<b>1</b>');
		expect(body).toMatch(/aria-label="Delete trace &lt;img[^"]*and its results"/);
		expect(body).toContain('aria-label="Open study Study &lt;b>1&lt;/b>"');
		expect(body).toContain('Clear all');
		expect(body).not.toContain('Delete everything');
	});

	it('shows a generated (synthetic) trace as generated, not as 0 B', () => {
		const synthetic = { ...trace, name: 'synthetic BurstGPT-like (seed 1)', sizeBytes: 0, synthetic: true };
		const { body } = render(HistoryPanel, { props: { traces: [synthetic], studies: [], onopen: noop, ondelete: noop, onclearall: noop } });
		expect(body).toContain('requests · generated ·');
		expect(body).not.toContain('0 B');
	});

	it('says when nothing is stored and disables Clear all', () => {
		const { body } = render(HistoryPanel, {
			props: { traces: [], studies: [], onopen: noop, ondelete: noop, onclearall: noop, notices: [{ reason: 'corrupt', message: 'A saved trace was damaged.' }] }
		});
		expect(body).toContain('No stored traces yet.');
		expect(body).toContain('No stored studies yet.');
		expect(body).toContain('A saved trace was damaged.');
		expect(body).toMatch(/<button[^>]*class="clear[^"]*"[^>]*disabled/);
	});
});

describe('StorageStatus', () => {
	it('shows used vs quota, persistence and the persist button', () => {
		const { body } = render(StorageStatus, {
			props: {
				info: { supported: true, usageBytes: 25e6, quotaBytes: 100e6, usedShare: 0.25, persisted: false },
				onrequestpersist: noop
			}
		});
		expect(body).toContain('23.8 MiB used of 95.4 MiB (25%)');
		expect(body).toContain('<meter');
		expect(body).toContain('Not persistent');
		expect(body).toContain('ask for persistent storage');
	});

	it('shows the cache problem and no button once persisted', () => {
		const { body } = render(StorageStatus, {
			props: {
				info: { supported: true, usageBytes: null, quotaBytes: null, usedShare: null, persisted: true },
				status: { state: 'quota', message: 'Browser storage is full.' },
				onrequestpersist: noop
			}
		});
		expect(body).toContain('Browser storage is full.');
		expect(body).toContain('Persistent: the browser will not evict');
		expect(body).not.toContain('ask for persistent storage');
	});
});
