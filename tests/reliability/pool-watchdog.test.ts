/**
 * The browser pool's watchdog, in Node with fake workers (tests/reliability/fake-worker.ts): a worker
 * that goes silent with a run in flight (as an out-of-memory kill without an error event looks) fails
 * that run alone with a clear reason and is replaced; a slow worker that keeps sending heartbeats is
 * left alone; a blocked page thread does not get healthy workers killed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { studyConfig } from '../../src/lib/study/config';
import { inProcessExecutor } from '../../src/lib/study/in-process';
import { planStep1 } from '../../src/lib/study/plan';
import { runOne } from '../../src/lib/study/run-one';
import type { RunExecutor, RunOutcome, RunSpec } from '../../src/lib/study/types';
import type { Workload } from '../../src/lib/trace/types';
import { createSimPool, STALLED_MESSAGE } from '../../src/lib/workers/pool';
import { testWorkloads } from '../study/workload';
import { FakeWorker, type FakeWorkerScope } from './fake-worker';

const workloads = testWorkloads([200, 400]);
const specs = planStep1(studyConfig({ sizes: [200, 400], gpuCounts: [1, 2], binCounts: [1, 2] }));
const victim = specs[1].key;

const pools: RunExecutor[] = [];
afterEach(async () => {
	for (const p of pools.splice(0)) await p.dispose?.();
});

/** A fake worker API: like sim.worker.ts, with `onRun` deciding what happens for each spec. */
function fakeApi(onRun: (spec: RunSpec, scope: FakeWorkerScope, run: () => RunOutcome) => RunOutcome | Promise<RunOutcome>) {
	return (scope: FakeWorkerScope) => {
		const held = new Map<number, Workload>();
		return {
			setWorkload(size: number, w: Workload) {
				held.set(size, w);
			},
			run(spec: RunSpec) {
				return onRun(spec, scope, () => runOne(held.get(spec.size), spec));
			}
		};
	};
}

async function reference(): Promise<RunOutcome[]> {
	const ex = inProcessExecutor();
	await ex.prepare(workloads);
	return ex.run(specs);
}

function poolWith(api: (scope: FakeWorkerScope) => object, stallTimeoutMs: number, workers = 2) {
	const made: FakeWorker[] = [];
	const pool = createSimPool({
		workers,
		stallTimeoutMs,
		createWorker: () => {
			const w = new FakeWorker(api);
			made.push(w);
			return w as unknown as Worker;
		}
	});
	pools.push(pool);
	return { pool, made };
}

describe('browser pool watchdog (fake workers in Node)', () => {
	it('a worker that never answers fails only its run, is terminated and replaced', async () => {
		const { pool, made } = poolWith(
			fakeApi((spec, _scope, run) => (spec.key === victim ? new Promise<RunOutcome>(() => {}) : run())),
			150
		);
		await pool.prepare(workloads);
		const out = await pool.run(specs);
		const ref = await reference();

		const failed = out.filter((o) => !o.ok);
		expect(failed.map((o) => o.key)).toEqual([victim]);
		const reason = failed[0].ok ? '' : failed[0].error;
		expect(reason.startsWith(STALLED_MESSAGE)).toBe(true);
		expect(reason).toMatch(/stopped answering \(out of memory\?\).*restarted/);
		// Every other run is the same as in-process, in spec order.
		expect(JSON.stringify(out.filter((o) => o.ok))).toBe(JSON.stringify(ref.filter((o) => o.key !== victim)));
		// The silent worker was terminated once and a fresh one took its place.
		expect(made.filter((w) => w.terminatedCount > 0)).toHaveLength(1);
		expect(made.length).toBe(3);
	});

	it('the pool runs again after a stall, and the replacement worker is healthy', async () => {
		let hangs = 1;
		const { pool } = poolWith(
			fakeApi((_spec, _scope, run) => (hangs-- > 0 ? new Promise<RunOutcome>(() => {}) : run())),
			100,
			1
		);
		await pool.prepare(workloads);
		const first = await pool.run(specs.slice(0, 3));
		expect(first.map((o) => o.ok)).toEqual([false, true, true]);
		const again = await pool.run(specs.slice(0, 3));
		expect(again.every((o) => o.ok)).toBe(true);
	});

	it('a slow run that sends heartbeats is never killed', async () => {
		const { pool, made } = poolWith(
			fakeApi(async (spec, scope, run) => {
				if (spec.key !== victim) return run();
				// Four times the stall timeout, with a heartbeat every 40 ms (as sim.worker.ts does every second).
				for (let t = 0; t < 600; t += 40) {
					scope.post({ type: 'servescope-heartbeat', key: spec.key, done: t, total: 600 });
					await new Promise((r) => setTimeout(r, 40));
				}
				return run();
			}),
			150
		);
		await pool.prepare(workloads);
		const out = await pool.run(specs);
		expect(out.every((o) => o.ok)).toBe(true);
		expect(made.every((w) => w.terminatedCount === 0)).toBe(true);
		expect(JSON.stringify(out)).toBe(JSON.stringify(await reference()));
	});

	it('a page thread blocked longer than the timeout does not get healthy workers killed', async () => {
		const { pool, made } = poolWith(
			fakeApi(async (_spec, _scope, run) => {
				await new Promise((r) => setTimeout(r, 20));
				return run();
			}),
			100
		);
		await pool.prepare(workloads);
		const p = pool.run(specs);
		// Block this thread (a long render, a throttled tab): answers queue up unread meanwhile.
		const until = Date.now() + 400;
		while (Date.now() < until) {
			/* busy */
		}
		const out = await p;
		expect(out.every((o) => o.ok)).toBe(true);
		expect(made.every((w) => w.terminatedCount === 0)).toBe(true);
	});

	it('stallTimeoutMs 0 turns the watchdog off; cancel still settles a silent run', async () => {
		const { pool } = poolWith(
			fakeApi(() => new Promise<RunOutcome>(() => {})),
			0,
			1
		);
		await pool.prepare(workloads);
		const p = pool.run(specs.slice(0, 1));
		const settled = await Promise.race([p.then(() => 'resolved', () => 'rejected'), new Promise((r) => setTimeout(() => r('pending'), 300))]);
		expect(settled).toBe('pending');
		pool.cancel();
		await expect(p).rejects.toThrow(/cancelled/);
	});
});
