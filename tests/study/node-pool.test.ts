import { afterEach, describe, expect, it } from 'vitest';
import { nodePoolExecutor } from '../../cli/node-pool';
import { studyConfig } from '../../src/lib/study/config';
import { isStudyCancelled } from '../../src/lib/study/cancel';
import { planStep1 } from '../../src/lib/study/plan';
import type { RunExecutor, RunOutcome } from '../../src/lib/study/types';
import { testWorkloads } from './workload';

const pools: RunExecutor[] = [];
afterEach(async () => {
	for (const p of pools.splice(0)) await p.dispose?.();
});

const workloads = testWorkloads([300, 600]);
const specs = planStep1(studyConfig({ sizes: [300, 600], gpuCounts: [1, 2, 4], binCounts: [1, 2] }));

describe('node worker_threads pool', () => {
	it('same outcomes with 1 and 2 threads, in spec order', async () => {
		const runWith = async (n: number) => {
			const pool = nodePoolExecutor({ workers: n });
			pools.push(pool);
			await pool.prepare(workloads);
			const seen: string[] = [];
			const out = await pool.run(specs, (s) => seen.push(s.key));
			expect(seen.sort()).toEqual(specs.map((s) => s.key).sort());
			return out;
		};
		const one = await runWith(1);
		const two = await runWith(2);
		expect(one.map((o) => o.key)).toEqual(specs.map((s) => s.key));
		expect(one.every((o) => o.ok)).toBe(true);
		expect(JSON.stringify(two)).toBe(JSON.stringify(one));
		// The page-side arrays were copied, not detached, by the transfer.
		expect(workloads[0].workload.arrivalS.length).toBe(300);
	});

	it('a thread that exits or throws fails only its own run', async () => {
		const pool = nodePoolExecutor({ workers: 2, workerUrl: new URL('./crash-thread.ts', import.meta.url) });
		pools.push(pool);
		await pool.prepare(workloads);
		const out: RunOutcome[] = await pool.run(specs);
		const failed = out.filter((o) => !o.ok);
		const bad = specs.filter((s) => s.bins === 2 && (s.gpus === 2 || s.gpus === 4));
		expect(failed.map((o) => o.key).sort()).toEqual(bad.map((s) => s.key).sort());
		for (const f of failed) expect(f.ok ? '' : f.error).toMatch(/worker (crashed: simulated crash|stopped unexpectedly)/);
		expect(out.filter((o) => o.ok)).toHaveLength(specs.length - bad.length);
	});

	it('cancel rejects the batch and the pool runs again afterwards', async () => {
		const pool = nodePoolExecutor({ workers: 2 });
		pools.push(pool);
		await pool.prepare(workloads);
		const p = pool.run(specs);
		setTimeout(() => pool.cancel(), 50);
		await expect(p).rejects.toSatisfy(isStudyCancelled);
		const again = await pool.run(specs.slice(0, 2));
		expect(again.every((o) => o.ok)).toBe(true);
	});
});
