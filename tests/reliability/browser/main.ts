/** Harness for tests/reliability/browser-watchdog.test.ts: the Web Worker pool's watchdog in real Chromium. */
import { studyConfig } from '../../../src/lib/study/config';
import { inProcessExecutor } from '../../../src/lib/study/in-process';
import { planStep1 } from '../../../src/lib/study/plan';
import { studyWorkloads } from '../../../src/lib/study/shape';
import type { RunOutcome } from '../../../src/lib/study/types';
import { synthesizeBurstGpt } from '../../../src/lib/trace/synth';
import { createSimPool } from '../../../src/lib/workers/pool';

const trace = synthesizeBurstGpt(600, 5);
const config = studyConfig({ sizes: [300, 600], gpuCounts: [1, 2], binCounts: [1, 2] });
// The study's own shaping (first N, rebased, RPS ×200), as the page and the CLI do it.
const shaped = studyWorkloads(trace, config);
if (!shaped.ok) throw new Error(shaped.error.message);
const workloads = shaped.workloads;
const specs = planStep1(config);

async function outcomes(mode: 'close' | 'wedge'): Promise<{ out: RunOutcome[]; ref: RunOutcome[]; workersMade: number; ms: number }> {
	let workersMade = 0;
	const pool = createSimPool({
		workers: 2,
		stallTimeoutMs: 400,
		createWorker: () => {
			workersMade++;
			// Vite bundles a worker only from a literal URL and literal options: one call per mode.
			return mode === 'wedge'
				? new Worker(new URL('./silent.worker.ts', import.meta.url), { type: 'module', name: 'wedge' })
				: new Worker(new URL('./silent.worker.ts', import.meta.url), { type: 'module', name: 'close' });
		}
	});
	const ref = inProcessExecutor();
	await ref.prepare(workloads);
	const refOut = await ref.run(specs);
	await pool.prepare(workloads);
	const t0 = performance.now();
	try {
		const out = await pool.run(specs);
		return { out, ref: refOut, workersMade, ms: performance.now() - t0 };
	} finally {
		await pool.dispose?.();
	}
}

const tests = {
	async run(mode: 'close' | 'wedge') {
		const { out, ref, workersMade, ms } = await outcomes(mode);
		const failed = out.filter((o) => !o.ok).map((o) => [o.key, o.ok ? '' : o.error]);
		const okSame = JSON.stringify(out.filter((o) => o.ok)) === JSON.stringify(ref.filter((o) => failed.every(([k]) => k !== o.key)));
		return { failed, ok: out.filter((o) => o.ok).length, okSame, workersMade, settledWithinS: Math.ceil(ms / 1000) };
	}
};

(window as unknown as { watchdogTests: typeof tests }).watchdogTests = tests;
