/**
 * The scheduling both worker pools share (src/lib/study/pool-core.ts), with in-memory fake slots:
 * outcomes in spec order whatever the completion order, one workload load per worker per size, a dead
 * worker failing only its run and being replaced, no respawn loop for a worker that cannot start,
 * cancel rejecting as StudyCancelled, and the watchdog. Plain data, no real workers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isStudyCancelled } from '../../src/lib/study/cancel';
import { studyConfig } from '../../src/lib/study/config';
import { planStep1 } from '../../src/lib/study/plan';
import { createPoolCore, STALLED_MESSAGE, type PoolSlot, type SlotEvents } from '../../src/lib/study/pool-core';
import type { RunOutcome, RunSpec } from '../../src/lib/study/types';
import { testWorkloads } from './workload';

const workloads = testWorkloads([100, 200]);
const specs = planStep1(studyConfig({ sizes: [100, 200], gpuCounts: [1, 2, 4], binCounts: [1, 2] }));

/** What a fake worker does with a run: answer after `ms`, die (with a reason), or never answer. */
type Act = { answer: number } | { die: string } | 'hang';

interface Started {
	id: number;
	events: SlotEvents;
	loads: number[];
	runs: string[];
	terminated: boolean;
}

/** A pool over fake slots; `act` decides each run's fate, `onStart` may kill a worker at birth. */
function fakePool(size: number, act: (spec: RunSpec, worker: Started) => Act, stallTimeoutMs = 0, onStart?: (w: Started) => void) {
	const started: Started[] = [];
	const pool = createPoolCore({
		size,
		stallTimeoutMs,
		start(events): PoolSlot {
			const w: Started = { id: started.length, events, loads: [], runs: [], terminated: false };
			started.push(w);
			if (onStart) setTimeout(() => onStart(w));
			return {
				load(s) {
					w.loads.push(s);
				},
				run(spec) {
					w.runs.push(spec.key);
					const a = act(spec, w);
					return new Promise<RunOutcome>((resolve) => {
						if (a === 'hang') return;
						if ('die' in a) setTimeout(() => events.died(a.die));
						else setTimeout(() => resolve({ ok: false, key: spec.key, error: `ran on ${w.id}` }), a.answer);
					});
				},
				terminate() {
					w.terminated = true;
				}
			};
		}
	});
	return { pool, started };
}

describe('pool core (fake slots)', () => {
	it('a worker is handed its next run before the outcome it just returned is handled', async () => {
		const { pool, started } = fakePool(1, () => ({ answer: 0 }));
		await pool.prepare(workloads);
		// When the page handles run k (cache write, progress, a partial result), run k + 1 is already on the worker.
		// One size, so no workload load (awaited) stands between two runs.
		const one = specs.filter((s) => s.size === 100);
		const runsWhenHandled: number[] = [];
		await pool.run(one, () => runsWhenHandled.push(started[0].runs.length));
		expect(one.length).toBeGreaterThan(2);
		expect(runsWhenHandled).toEqual(one.map((_, k) => Math.min(k + 2, one.length)));
		await pool.dispose?.();
	});

	it('outcomes come back in spec order whatever order the workers finish in', async () => {
		await fc.assert(
			fc.asyncProperty(fc.integer({ min: 1, max: 5 }), fc.array(fc.integer({ min: 0, max: 6 }), { minLength: specs.length, maxLength: specs.length }), async (n, delays) => {
				const { pool, started } = fakePool(n, (spec) => ({ answer: delays[specs.indexOf(spec)] }));
				await pool.prepare(workloads);
				const seen: string[] = [];
				const out = await pool.run(specs, (s) => seen.push(s.key));
				expect(out.map((o) => o.key)).toEqual(specs.map((s) => s.key));
				expect([...seen].sort()).toEqual(specs.map((s) => s.key).sort());
				expect(started).toHaveLength(Math.min(n, specs.length));
				// Each worker got each size it ran at most once.
				for (const w of started) expect(new Set(w.loads).size).toBe(w.loads.length);
				await pool.dispose?.();
			}),
			{ numRuns: 25 }
		);
	});

	it('prepare() with a known size makes the workers load it again', async () => {
		const { pool, started } = fakePool(1, () => ({ answer: 0 }));
		await pool.prepare(workloads);
		await pool.run(specs.slice(0, 1));
		await pool.run(specs.slice(0, 1));
		expect(started[0].loads).toEqual([specs[0].size]);
		await pool.prepare(workloads);
		await pool.run(specs.slice(0, 1));
		expect(started[0].loads).toEqual([specs[0].size, specs[0].size]);
	});

	it('a worker that dies fails only its run, is terminated and replaced', async () => {
		const victim = specs[2].key;
		const { pool, started } = fakePool(2, (spec) => (spec.key === victim ? { die: 'its worker crashed: boom' } : { answer: 1 }));
		await pool.prepare(workloads);
		const out = await pool.run(specs);
		expect(out.filter((o) => !o.ok && !o.error.startsWith('ran on')).map((o) => [o.key, o.ok ? '' : o.error])).toEqual([[victim, 'its worker crashed: boom']]);
		expect(started).toHaveLength(3);
		expect(started.filter((w) => w.terminated)).toHaveLength(1);
	});

	it('a worker that dies as it starts fails runs one by one, without a respawn loop', async () => {
		const { pool, started } = fakePool(2, () => 'hang', 0, (w) => w.events.died('its worker crashed: cannot load'));
		await pool.prepare(workloads);
		const out = await pool.run(specs.slice(0, 3));
		expect(out.map((o) => (o.ok ? '' : o.error))).toEqual(Array(3).fill('its worker crashed: cannot load'));
		await new Promise((r) => setTimeout(r, 30));
		// Two first workers, one replacement per failed run, nothing after the batch ended.
		expect(started.length).toBeLessThanOrEqual(2 + 3);
	});

	it('a worker that died idle is replaced at the next batch', async () => {
		const { pool, started } = fakePool(1, () => ({ answer: 0 }));
		await pool.prepare(workloads);
		await pool.run(specs.slice(0, 1));
		started[0].events.died('its worker stopped unexpectedly (exit code 1)');
		expect(started[0].terminated).toBe(true);
		const out = await pool.run(specs.slice(0, 2));
		expect(out.map((o) => (o.ok ? '' : o.error))).toEqual(['ran on 1', 'ran on 1']);
	});

	it('the watchdog fails a silent run with the stalled reason; sign-of-life keeps a slow one', async () => {
		const [silent, slow] = [specs[0].key, specs[1].key];
		const { pool, started } = fakePool(2, (spec, w) => {
			if (spec.key === silent) return 'hang';
			if (spec.key === slow) {
				const beat = setInterval(() => w.events.alive(), 10);
				setTimeout(() => clearInterval(beat), 200);
				return { answer: 200 };
			}
			return { answer: 0 };
		}, 60);
		await pool.prepare(workloads);
		const out = await pool.run(specs.slice(0, 4));
		const failed = out.filter((o) => !o.ok && !o.error.startsWith('ran on'));
		expect(failed.map((o) => o.key)).toEqual([silent]);
		expect(failed[0].ok ? '' : failed[0].error).toMatch(new RegExp(`^${STALLED_MESSAGE.replace(/[()?]/g, '\\$&')}: no sign of life`));
		expect(started.filter((w) => w.terminated)).toHaveLength(1);
	});

	it('cancel rejects as StudyCancelled, terminates every worker, and the next run starts fresh ones', async () => {
		const { pool, started } = fakePool(2, () => 'hang');
		await pool.prepare(workloads);
		const p = pool.run(specs);
		pool.cancel();
		await expect(p).rejects.toSatisfy(isStudyCancelled);
		expect(started.every((w) => w.terminated)).toBe(true);
		// The cancelled pool takes a new batch, on new workers.
		const again = pool.run(specs.slice(0, 1));
		expect(started).toHaveLength(3);
		pool.cancel();
		await expect(again).rejects.toSatisfy(isStudyCancelled);
	});

	it('cancel from inside a progress callback rejects the batch as StudyCancelled and nothing else throws', async () => {
		const { pool, started } = fakePool(2, () => ({ answer: 0 }));
		await pool.prepare(workloads);
		let calls = 0;
		const p = pool.run(specs, () => {
			// A progress handler that stops the study after its third run (as a script driving the pool may).
			if (++calls === 3) pool.cancel();
		});
		await expect(p).rejects.toSatisfy(isStudyCancelled);
		// Runs still in flight when it cancelled settle without reaching the callback again.
		await new Promise((r) => setTimeout(r, 20));
		expect(calls).toBe(3);
		expect(started.every((w) => w.terminated)).toBe(true);
		// The pool still takes a new batch afterwards.
		const again = await pool.run(specs.slice(0, 2));
		expect(again.map((o) => o.key)).toEqual(specs.slice(0, 2).map((s) => s.key));
	});

	it('a second run while one is in flight is refused', async () => {
		const { pool } = fakePool(1, () => 'hang');
		const p = pool.run(specs);
		await expect(pool.run(specs)).rejects.toThrow(/already running/);
		pool.cancel();
		await expect(p).rejects.toSatisfy(isStudyCancelled);
	});
});
