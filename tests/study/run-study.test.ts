import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nodePoolExecutor } from '../../cli/node-pool';
import { studyConfig } from '../../src/lib/study/config';
import { studyFiles } from '../../src/lib/study/export';
import { inProcessExecutor } from '../../src/lib/study/in-process';
import { runOne } from '../../src/lib/study/run-one';
import { runStudy } from '../../src/lib/study/run-study';
import type { StudyProgress, StudyResult } from '../../src/lib/study/types';
import { synthesizeBurstGpt } from '../../src/lib/trace/synth';

const trace = synthesizeBurstGpt(2000, 3);
const config = studyConfig({ sizes: [500, 2000], gpuCounts: [1, 2, 4], binCounts: [1, 2] });
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Results without the wall time, which is the only field allowed to differ between runs. */
const comparable = (r: StudyResult) => JSON.stringify({ ...r, wallS: 0 });

async function withPool(workers: number): Promise<StudyResult> {
	const pool = nodePoolExecutor({ workers });
	try {
		return await runStudy({ trace }, config, pool);
	} finally {
		await pool.dispose?.();
	}
}

describe('a small study end to end (2 sizes × 3 GPU counts × 2 bins, synthetic trace)', () => {
	let inProc: StudyResult;
	const progress: StudyProgress[] = [];

	it('runs in-process, with progress to the end', async () => {
		inProc = await runStudy({ trace }, config, inProcessExecutor(), (p) => progress.push(p));
		// Multi-bin over 3 GPU counts × 2 bins and continuous over the 3 GPU counts, per size.
		expect(inProc.step1).toHaveLength(2 * 3 * 3);
		expect(inProc.step1.filter((r) => r.method === 'continuous')).toHaveLength(2 * 3);
		// The default predictor is realistic (noisy): the oracle's bin runs sit beside it at 1 GPU.
		expect(inProc.oracleRuns).toHaveLength(2 * 2);
		expect(inProc.binEffect.every((b) => b.oracle !== null && b.oracle.gpus === 1 && /noisy/.test(b.predictor))).toBe(true);
		expect(inProc.workloads.map((w) => w.requests)).toEqual([500, 2000]);
		const last = progress.at(-1) as StudyProgress;
		expect(last.phase).toBe('done');
		expect(last.runsDone).toBe(last.runsTotal);
		expect(last.requestsDone).toBe(last.requestsTotal);
		for (let i = 1; i < progress.length; i++) expect(progress[i].runsDone).toBeGreaterThanOrEqual(progress[i - 1].runsDone);
		// Step 2: every method at 1 GPU and at the optimized count (same hardware), then optimized itself.
		const named = ['static', 'dynamic', 'multibin', 'continuous', 'dynamic-cap'];
		for (const size of [500, 2000]) {
			const pick = inProc.optimized.find((o) => o.size === size)?.pick;
			const counts = [...new Set([1, pick?.gpus ?? 1])].sort((a, b) => a - b);
			const want = [...counts.flatMap((g) => named.map((m) => `${m}@${g}`)), pick ? `optimized@${pick.gpus}` : 'optimized@0'];
			expect(inProc.step2.filter((r) => r.size === size).map((r) => `${r.method}@${r.gpus}`)).toEqual(want);
		}
		for (const o of inProc.step2.filter((r) => r.method === 'optimized' && r.summary)) {
			const s1 = inProc.step1.find((r) => r.key === o.key);
			expect(s1?.summary).toEqual(o.summary);
		}
		expect(inProc.recommendations).toHaveLength(2 * 3);
		expect(inProc.scaling.every((s) => s.bins === 2 && s.points.length === 3)).toBe(true);
	});

	it('writes the seven files with the right row counts', () => {
		const dir = mkdtempSync(join(tmpdir(), 'servescope-study-'));
		dirs.push(dir);
		for (const f of studyFiles(inProc)) writeFileSync(join(dir, f.file), f.text);
		expect(readdirSync(dir).sort()).toEqual(
			['optimal_configs.json', 'step1_all_results.csv', 'step1_scaling_analysis.csv', 'step1_summary_table.csv', 'step2_comparison.csv', 'bin_effect.csv', 'gpu_efficiency.csv'].sort()
		);
		const lines = (f: string) => readFileSync(join(dir, f), 'utf8').trimEnd().split('\n');
		expect(lines('step1_all_results.csv')).toHaveLength(1 + 18);
		expect(lines('step1_summary_table.csv')).toHaveLength(1 + 2);
		expect(lines('step1_scaling_analysis.csv')).toHaveLength(1 + 2 * 3);
		expect(lines('step2_comparison.csv')).toHaveLength(1 + inProc.step2.length);
		const json = JSON.parse(readFileSync(join(dir, 'optimal_configs.json'), 'utf8'));
		expect(json.workloads).toHaveLength(2);
		for (const f of readdirSync(dir)) expect(readFileSync(join(dir, f), 'utf8')).not.toMatch(/NaN|Infinity|undefined/);
	});

	it('identical results with 1 and 2 worker threads, and in-process', async () => {
		const one = await withPool(1);
		const two = await withPool(2);
		expect(comparable(one)).toBe(comparable(inProc));
		expect(comparable(two)).toBe(comparable(inProc));
	});

	it('a run that throws fails alone, recorded with its configuration and reason', async () => {
		const bad = 'n=2000|multibin|g=2|k=2';
		const r = await runStudy(
			{ trace },
			config,
			inProcessExecutor({
				runOne: (w, spec) => {
					if (spec.key === bad) throw new Error('out of memory (simulated)');
					return runOne(w, spec);
				}
			})
		);
		const f1 = r.failures.filter((f) => f.step === 1);
		expect(f1).toEqual([{ key: bad, step: 1, size: 2000, method: 'multibin', gpus: 2, bins: 2, reason: 'out of memory (simulated)' }]);
		expect(r.step1).toHaveLength(17);
		expect(r.step1.map((x) => x.summary)).toEqual(inProc.step1.filter((x) => x.key !== bad).map((x) => x.summary));
	});

	it('Step 2 hands out its runs largest first, as Step 1 does, and its results are unchanged', async () => {
		const order: { step: number; requests: number; gpus: number }[] = [];
		const r = await runStudy(
			{ trace },
			config,
			inProcessExecutor({
				runOne: (w, spec) => {
					order.push({ step: spec.step, requests: spec.requests, gpus: spec.gpus });
					return runOne(w, spec);
				}
			})
		);
		const step2 = order.filter((o) => o.step === 2);
		expect(new Set(step2.map((o) => o.requests)).size).toBeGreaterThan(1);
		for (let i = 1; i < step2.length; i++) {
			const [a, b] = [step2[i - 1], step2[i]];
			expect(a.requests > b.requests || (a.requests === b.requests && a.gpus <= b.gpus), `Step 2 run ${i}`).toBe(true);
		}
		expect(comparable(r)).toBe(comparable(inProc));
	});

	it('sizes larger than the trace run the whole trace once, with a notice', async () => {
		const r = await runStudy({ trace }, studyConfig({ sizes: [1000, 5000, 1_000_000], gpuCounts: [1], binCounts: [1], methods: ['static'] }), inProcessExecutor());
		expect(r.config.sizes).toEqual([1000, 2000]);
		expect(r.workloads.map((w) => w.requests)).toEqual([1000, 2000]);
		expect(r.notices).toHaveLength(1);
		expect(r.notices[0]).toMatch(/has 2,000 usable requests, fewer than the sizes 5,000, 1,000,000: they run as one workload of the whole trace \(2,000 requests\), once/);
	});

	it('workloads shaped elsewhere (the page) are fitted the same way', async () => {
		const c = studyConfig({ sizes: [100_000, 1_000_000], gpuCounts: [1], binCounts: [1], methods: ['static'] });
		const { studyWorkloads } = await import('../../src/lib/study/shape');
		const shaped = studyWorkloads(trace, c);
		if (!shaped.ok) throw new Error(shaped.error.message);
		const r = await runStudy({ workloads: shaped.workloads }, c, inProcessExecutor());
		expect(r.config.sizes).toEqual([2000]);
		expect(r.notices[0]).toMatch(/100,000, 1,000,000/);
	});
});
