/** Harness for tests/study/browser-pool.test.ts: drives the Web Worker pool in real Chromium. */
import { isStudyCancelled } from '../../../src/lib/study/cancel';
import { studyConfig } from '../../../src/lib/study/config';
import { inProcessExecutor } from '../../../src/lib/study/in-process';
import { planStep1 } from '../../../src/lib/study/plan';
import { studyWorkloads } from '../../../src/lib/study/shape';
import type { RunOutcome } from '../../../src/lib/study/types';
import { synthesizeBurstGpt } from '../../../src/lib/trace/synth';
import { createSimPool } from '../../../src/lib/workers/pool';

const trace = synthesizeBurstGpt(800, 5);
const config = studyConfig({ sizes: [400, 800], gpuCounts: [1, 2, 4], binCounts: [1, 2] });
// The study's own shaping (first N, rebased, RPS ×200), as the page and the CLI do it.
const shaped = studyWorkloads(trace, config);
if (!shaped.ok) throw new Error(shaped.error.message);
const workloads = shaped.workloads;
const specs = planStep1(config);

async function outcomes(executor: ReturnType<typeof createSimPool> | ReturnType<typeof inProcessExecutor>): Promise<RunOutcome[]> {
	await executor.prepare(workloads);
	try {
		return await executor.run(specs);
	} finally {
		await executor.dispose?.();
	}
}

const tests = {
	/** Pool of 1 and 3 workers vs in-process: same JSON; page arrays still usable after transfer. */
	async determinism() {
		const ref = JSON.stringify(await outcomes(inProcessExecutor()));
		const one = JSON.stringify(await outcomes(createSimPool({ workers: 1 })));
		const three = JSON.stringify(await outcomes(createSimPool({ workers: 3 })));
		return { same1: one === ref, same3: three === ref, pageArrayLength: workloads[1].workload.arrivalS.length, runs: specs.length };
	},
	/** A crashing worker fails only its runs. */
	async crash() {
		const pool = createSimPool({ workers: 2, createWorker: () => new Worker(new URL('./crash.worker.ts', import.meta.url), { type: 'module' }) });
		const out = await outcomes(pool);
		return { failed: out.filter((o) => !o.ok).map((o) => [o.key, o.ok ? '' : o.error]), ok: out.filter((o) => o.ok).length };
	},
	/** Cancel mid-run rejects with StudyCancelled; the same pool then runs again. */
	async cancel() {
		const pool = createSimPool({ workers: 2 });
		await pool.prepare(workloads);
		const p = pool.run(specs);
		setTimeout(() => pool.cancel(), 20);
		let cancelled = false;
		try {
			await p;
		} catch (e) {
			cancelled = isStudyCancelled(e);
		}
		const again = await pool.run(specs.slice(0, 3));
		await pool.dispose?.();
		return { cancelled, againOk: again.every((o) => o.ok) };
	}
};

(window as unknown as { poolTests: typeof tests }).poolTests = tests;
