/**
 * The study's memory estimate (src/lib/study/memory.ts): table tests for the arithmetic and the
 * message, a check that the engine's per-request constants stay above what a simulation really
 * allocates (every typed array counted), and the page/worker budget comparison.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { simulate } from '../../src/lib/sim/index';
import { defaultScenario, methodScenario } from '../../src/lib/sim/presets';
import type { MethodName } from '../../src/lib/sim/types';
import { studyConfig } from '../../src/lib/study/config';
import {
	checkStudyMemory,
	describeStudyMemory,
	ENGINE_BYTES_PER_REQUEST,
	estimateStudyMemory,
	POOLED_BYTES_PER_REQUEST,
	PREPARE_MEMO_BYTES_PER_REQUEST,
	formatBytes,
	isAllocationFailure,
	RUN_RESULT_BYTES,
	studyMemoryInput,
	WORKER_BASE_BYTES
} from '../../src/lib/study/memory';
import { POOL_MAX_BYTES, releasePool } from '../../src/lib/sim/engine/array-pool';
import { testWorkloads } from '../study/workload';

const MB = 2 ** 20;
const GB = 2 ** 30;

describe('estimateStudyMemory', () => {
	it('adds trace, workloads, per-worker copies and one run per worker', () => {
		const e = estimateStudyMemory({ traceRequests: 1_000_000, workloadRequests: [1000, 1_000_000], workers: 4, runs: 100, iterationLevel: false });
		const sum = 1_001_000;
		expect(e.breakdown.trace).toBe(18_000_000);
		expect(e.breakdown.workloads).toBe(sum * 16);
		expect(e.breakdown.transfer).toBe(1_000_000 * 16);
		expect(e.breakdown.results).toBe(100 * RUN_RESULT_BYTES);
		const memo = sum * PREPARE_MEMO_BYTES_PER_REQUEST;
		// Kept arrays of the 1M run beside the 1K run's own, beyond the 1M run's peak: none.
		const pooled = Math.max(0, Math.min(POOL_MAX_BYTES, 1_000_000 * POOLED_BYTES_PER_REQUEST.request) + 1000 * ENGINE_BYTES_PER_REQUEST.request - 1_000_000 * ENGINE_BYTES_PER_REQUEST.request);
		expect(pooled).toBe(0);
		expect(e.perWorkerBytes).toBe(sum * 16 + 1_000_000 * ENGINE_BYTES_PER_REQUEST.request + memo + pooled + WORKER_BASE_BYTES);
		expect(e.totalBytes).toBe(e.pageBytes + 4 * e.perWorkerBytes);
		expect(Object.values(e.breakdown).reduce((a, b) => a + b, 0)).toBe(e.totalBytes);
	});

	it.each([
		['no runs: no workers start', { workers: 8, runs: 0 }, 0],
		['fewer runs than workers', { workers: 8, runs: 3 }, 3],
		['in-process (0 workers)', { workers: 0, runs: 10 }, 0],
		['NaN workers count as none', { workers: Number.NaN, runs: 10 }, 0]
	])('%s', (_name, o, workers) => {
		const e = estimateStudyMemory({ traceRequests: 5000, workloadRequests: [5000], iterationLevel: true, ...o });
		expect(e.workers).toBe(workers);
		expect(Number.isFinite(e.totalBytes)).toBe(true);
		if (o.workers === 0 && o.runs > 0) expect(e.pageBytes).toBeGreaterThanOrEqual(5000 * ENGINE_BYTES_PER_REQUEST.iteration);
	});

	it('says what the study needs and where, in words', () => {
		const e = estimateStudyMemory({ traceRequests: 5_300_000, workloadRequests: [1000, 10_000, 100_000, 1_000_000], workers: 2, runs: 240, iterationLevel: true });
		const line = describeStudyMemory(e);
		expect(line).toMatch(/^This study needs about [\d.]+ (MiB|GiB): on the page \d+ MiB \(trace \d+ MiB/);
		expect(line).toContain('each of 2 workers');
		expect(line).toContain('shared preparation');
		expect(describeStudyMemory(estimateStudyMemory({ traceRequests: 5000, workloadRequests: [5000], workers: 0, runs: 3, iterationLevel: false }))).toContain('all on the page');
	});

	it('iteration-level runs cost more per request', () => {
		const base = { traceRequests: 1e5, workloadRequests: [1e5], workers: 2, runs: 5 };
		expect(estimateStudyMemory({ ...base, iterationLevel: true }).totalBytes).toBeGreaterThan(estimateStudyMemory({ ...base, iterationLevel: false }).totalBytes);
	});

	it('studyMemoryInput counts the grid and Step 2 runs and caps sizes at the trace', () => {
		const c = studyConfig({ sizes: [1000, 5000, 1000], gpuCounts: [1, 2, 4], binCounts: [1, 2] });
		const i = studyMemoryInput(c, 3000, 4);
		expect(i.workloadRequests).toEqual([1000, 3000]);
		expect(i.runs).toBe(2 * (3 * 2 + c.methods.length));
		expect(i.iterationLevel).toBe(true);
		expect(studyMemoryInput(studyConfig({ methods: ['static'] }), 10, 1).iterationLevel).toBe(false);
	});
});

describe('checkStudyMemory', () => {
	const big = { traceRequests: 2_000_000, workloadRequests: [1000, 10_000, 100_000, 2_000_000], workers: 8, runs: 200, iterationLevel: true };

	it('without any figure from the environment it cannot say no', () => {
		const r = checkStudyMemory(big);
		expect(r).toEqual({ ok: true, estimateBytes: estimateStudyMemory(big).totalBytes, budgetBytes: null, needs: describeStudyMemory(estimateStudyMemory(big)) });
	});

	it('fits on a device that reports 8 GB', () => {
		const r = checkStudyMemory(big, { deviceMemoryGB: 8 });
		expect(r.ok).toBe(true);
		expect(r.budgetBytes).toBe(4 * GB);
		expect(r.message).toBeUndefined();
	});

	it('does not fit on 1 GB: says how much, what the device reports, and what to reduce', () => {
		const r = checkStudyMemory(big, { deviceMemoryGB: 1 });
		expect(r.ok).toBe(false);
		expect(r.message).toMatch(/^This study needs about [\d.]+ GiB; this device reports 1 GiB, of which about 512 MiB can go to one tab: reduce the largest workload size \(2,000,000 requests\) or the number of workers/);
		expect(r.workersThatFit).toBeGreaterThanOrEqual(0);
		expect(r.workersThatFit).toBeLessThan(8);
		// The suggested worker count really fits.
		if ((r.workersThatFit ?? 0) > 0) expect(checkStudyMemory({ ...big, workers: r.workersThatFit as number }, { deviceMemoryGB: 1 }).ok).toBe(true);
	});

	it('an explicit budget wins over deviceMemory', () => {
		const r = checkStudyMemory(big, { deviceMemoryGB: 8, budgetBytes: 100 * MB });
		expect(r.ok).toBe(false);
		expect(r.budgetBytes).toBe(100 * MB);
		expect(r.message).toMatch(/the memory budget is 100 MiB/);
	});

	it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('a nonsense deviceMemory (%s) is ignored', (v) => {
		expect(checkStudyMemory(big, { deviceMemoryGB: v }).budgetBytes).toBeNull();
	});

	it('in-process studies never suggest fewer workers', () => {
		const r = checkStudyMemory({ ...big, workers: 0 }, { budgetBytes: 10 * MB });
		expect(r.ok).toBe(false);
		expect(r.message).not.toMatch(/workers/);
		expect(r.workersThatFit).toBeUndefined();
	});
});

describe('formatBytes and isAllocationFailure', () => {
	it.each([
		[512, '1 KiB'],
		[5 * MB, '5 MiB'],
		[1.5 * GB, '1.5 GiB'],
		[Number.NaN, 'an unknown amount']
	])('%s -> %s', (b, s) => expect(formatBytes(b)).toBe(s));

	it.each([
		[new RangeError('Array buffer allocation failed'), true],
		[new RangeError('Invalid typed array length: 8589934592'), true],
		[new RangeError('Invalid array length'), true],
		[Object.assign(new Error('out of memory'), { name: 'InternalError' }), true],
		[new RangeError('Maximum call stack size exceeded'), false],
		[new Error('gpus: must be a whole number'), false],
		['Array buffer allocation failed', false]
	])('%s -> %s', (e, yes) => expect(isAllocationFailure(e)).toBe(yes));

	it('a real oversized typed array is recognised', () => {
		let caught: unknown;
		try {
			new Float64Array(2 ** 53);
		} catch (e) {
			caught = e;
		}
		expect(isAllocationFailure(caught)).toBe(true);
	});
});

/**
 * Counts the bytes of every typed array constructed while `fn` runs (an upper bound on its peak). A view
 * on a buffer already counted (subarray) adds nothing: it allocates no memory.
 */
function countTypedArrayBytes(fn: () => void): number {
	const names = ['Float64Array', 'Float32Array', 'Uint32Array', 'Int32Array', 'Uint16Array', 'Int16Array', 'Uint8Array', 'Int8Array'] as const;
	const g = globalThis as unknown as Record<string, new (...a: unknown[]) => ArrayBufferView>;
	const saved = names.map((n) => g[n]);
	let bytes = 0;
	const seen = new WeakSet<ArrayBufferLike>();
	names.forEach((n, i) => {
		const Orig = saved[i];
		g[n] = class extends Orig {
			constructor(...a: unknown[]) {
				super(...a);
				if (seen.has(this.buffer)) return;
				seen.add(this.buffer);
				bytes += this.buffer.byteLength;
			}
		};
	});
	try {
		fn();
	} finally {
		names.forEach((n, i) => (g[n] = saved[i]));
	}
	return bytes;
}

describe('ENGINE_BYTES_PER_REQUEST stays above what the engine allocates', () => {
	const n = 20_000;
	const w = testWorkloads([n])[0].workload;
	afterEach(() => expect(Float64Array.name).toBe('Float64Array'));

	it.each(['static', 'dynamic', 'multibin', 'continuous'] as MethodName[])('%s', (method) => {
		const sc = methodScenario(method, defaultScenario(), { gpus: 4, bins: method === 'multibin' ? 8 : 1 });
		// The per-operator memo tables are built once per model and GPU, not per request (perf/per-op-memo.ts):
		// a tiny run builds them first. Arrays kept from earlier runs are dropped, so this run allocates all it needs.
		simulate(testWorkloads([50])[0].workload, sc);
		releasePool();
		const bytes = countTypedArrayBytes(() => simulate(w, sc));
		const bound = sc.regime === 'iteration' ? ENGINE_BYTES_PER_REQUEST.iteration : ENGINE_BYTES_PER_REQUEST.request;
		expect(bytes / n).toBeGreaterThan(16); // it did count something
		expect(bytes / n).toBeLessThan(bound);
	});
});
