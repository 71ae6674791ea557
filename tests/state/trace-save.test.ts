/**
 * Saving a loaded trace from its parse worker (state/trace-worker.ts saveFromWorker): the worker's
 * answer is what the page acts on. Stored, the trace reads back equal; refused or the worker gone, the
 * trace stays in this tab's memory (from the page's own columns) and the page says so; a deletion made
 * while the save runs stops it and wins. The worker here is a stand-in that runs the worker's own save
 * (cache/traces.ts storeTraceRecords) on this thread.
 */
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { memoryTraces } from '../../src/lib/cache/memory';
import { traceToRecords } from '../../src/lib/cache/trace-record';
import { traceSaveRunning } from '../../src/lib/cache/trace-saves';
import { deleteTrace, getTrace, listTraces, storeTraceRecords } from '../../src/lib/cache/traces';
import type { PutOutcome, TraceFileMeta } from '../../src/lib/cache/types';
import { appState, rememberTrace } from '../../src/lib/state/app.svelte';
import type { LoadedTrace, TraceSaver } from '../../src/lib/state/trace.svelte';
import { saveFromWorker } from '../../src/lib/state/trace-worker';
import { leadingRows } from '../../src/lib/study/shape';
import { summarizeTrace } from '../../src/lib/trace/summary';
import type { Trace } from '../../src/lib/trace/types';
import { freshCache, makeReport, makeTrace } from '../cache/fixtures';

beforeEach(() => {
	freshCache();
});

const meta: TraceFileMeta = { name: 'BurstGPT_1.csv', sizeBytes: 10, format: 'burstgpt-v1' };
const report = makeReport(300);

/** A stand-in parse worker holding its own copy of `trace`; `answer` replaces its save when given. */
function fakeSaver(trace: Trace, answer?: () => Promise<PutOutcome>): TraceSaver & { ended: () => number } {
	const copy = leadingRows(trace, trace.arrivalS.length);
	let ended = 0;
	let fail: (e: Error) => void = () => {};
	const died = new Promise<never>((_, reject) => (fail = reject));
	died.catch(() => {});
	return {
		save: ((hash: string, m: TraceFileMeta, createdAt: number) => (answer ? answer() : storeTraceRecords(traceToRecords(hash, m, copy, report, createdAt)))) as TraceSaver['save'],
		died,
		end: () => {
			ended++;
			fail(new Error('terminated'));
		},
		ended: () => ended
	};
}

describe('saveFromWorker', () => {
	it('stores the trace from the worker copy; it reads back equal and the worker is ended', async () => {
		const trace = makeTrace(300);
		const saver = fakeSaver(trace);
		expect(await saveFromWorker({ saver, hash: 'h', meta, trace, report, createdAt: 3 })).toEqual({ stored: true });
		expect(saver.ended()).toBe(1);
		expect(traceSaveRunning('h')).toBe(false);
		const got = await getTrace('h');
		expect(got.persistent).toBe(true);
		expect(got.value!.trace).toEqual(trace);
		expect(memoryTraces.has('h')).toBe(false);
	});

	it('a refusal (storage full) keeps the trace in this tab memory, from the page columns, with the message', async () => {
		const trace = makeTrace(300);
		const quota: PutOutcome = { stored: false, reason: 'quota', message: 'Browser storage is full: kept in memory' };
		const out = await saveFromWorker({ saver: fakeSaver(trace, async () => quota), hash: 'h', meta, trace, report, createdAt: 3 });
		expect(out).toEqual(quota);
		// No copy: the memory record holds the page's own buffers.
		expect(memoryTraces.get('h')!.columns.columns.arrivalS).toBe(trace.arrivalS.buffer);
		const got = await getTrace('h');
		expect(got.persistent).toBe(false);
		expect(got.value!.trace).toEqual(trace);
		expect((await listTraces()).value.map((t) => [t.hash, t.memoryOnly])).toEqual([['h', true]]);
	});

	it('a worker that dies before answering: the trace stays in memory and the message says what happened', async () => {
		const trace = makeTrace(300);
		let saver: ReturnType<typeof fakeSaver>;
		saver = fakeSaver(trace, () => {
			saver.end();
			return new Promise<PutOutcome>(() => {});
		});
		const out = await saveFromWorker({ saver, hash: 'h', meta, trace, report, createdAt: 3 });
		expect(out).toMatchObject({ stored: false, reason: 'error' });
		expect(out.stored === false && out.message).toMatch(/Saving "BurstGPT_1.csv" to browser storage failed \(terminated\): it is kept in memory for this tab only/);
		expect(memoryTraces.has('h')).toBe(true);
	});

	it('a deletion the person makes while the save runs stops it and wins: nothing is stored or kept', async () => {
		const trace = makeTrace(300);
		const saver = fakeSaver(trace, () => new Promise<PutOutcome>(() => {}));
		const saving = saveFromWorker({ saver, hash: 'h', meta, trace, report, createdAt: 3 });
		expect(traceSaveRunning('h')).toBe(true);
		expect(await deleteTrace('h')).toEqual({ deleted: true });
		expect(await saving).toMatchObject({ stored: false, reason: 'trace-deleted' });
		expect(saver.ended()).toBeGreaterThanOrEqual(1);
		expect(memoryTraces.has('h')).toBe(false);
		expect((await listTraces()).value).toEqual([]);
	});
});

describe('rememberTrace', () => {
	it('without IndexedDB the page keeps the trace in memory and says so in a clear message', async () => {
		const saved = globalThis.indexedDB;
		// @ts-expect-error: a private window without IndexedDB
		delete globalThis.indexedDB;
		try {
			freshCache();
			const trace = makeTrace(50, 'x.csv');
			const loaded: LoadedTrace = { trace, report: makeReport(50), summary: summarizeTrace(trace, makeReport(50)), sizeBytes: 10, file: null, hash: 'h-mem' };
			await rememberTrace(loaded);
			expect(memoryTraces.has('h-mem')).toBe(true);
			expect(appState.cacheNotices.some((m) => /IndexedDB\) is not available here.*kept in memory for this tab/.test(m))).toBe(true);
		} finally {
			globalThis.indexedDB = saved;
		}
	});
});
