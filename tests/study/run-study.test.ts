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
		expect(inProc.step1).toHaveLength(2 * 3 * 2);
		expect(inProc.workloads.map((w) => w.requests)).toEqual([500, 2000]);
		const last = progress.at(-1) as StudyProgress;
		expect(last.phase).toBe('done');
		expect(last.runsDone).toBe(last.runsTotal);
		expect(last.requestsDone).toBe(last.requestsTotal);
		for (let i = 1; i < progress.length; i++) expect(progress[i].runsDone).toBeGreaterThanOrEqual(progress[i - 1].runsDone);
		// Step 2: five rows per size, in method order; optimized reuses a Step 1 configuration.
		const order = ['static', 'dynamic', 'multibin', 'continuous', 'optimized'];
		expect(inProc.step2.map((r) => r.method)).toEqual([...order, ...order]);
		for (const o of inProc.step2.filter((r) => r.method === 'optimized' && r.summary)) {
			const s1 = inProc.step1.find((r) => r.key === o.key);
			expect(s1?.summary).toEqual(o.summary);
		}
		expect(inProc.recommendations).toHaveLength(2 * 3);
		expect(inProc.scaling.every((s) => s.bins === 2 && s.points.length === 3)).toBe(true);
	});

	it('writes the five files with the right row counts', () => {
		const dir = mkdtempSync(join(tmpdir(), 'servescope-study-'));
		dirs.push(dir);
		for (const f of studyFiles(inProc)) writeFileSync(join(dir, f.file), f.text);
		expect(readdirSync(dir).sort()).toEqual(
			['optimal_configs.json', 'step1_all_results.csv', 'step1_scaling_analysis.csv', 'step1_summary_table.csv', 'step2_comparison.csv'].sort()
		);
		const lines = (f: string) => readFileSync(join(dir, f), 'utf8').trimEnd().split('\n');
		expect(lines('step1_all_results.csv')).toHaveLength(1 + 12);
		expect(lines('step1_summary_table.csv')).toHaveLength(1 + 2);
		expect(lines('step1_scaling_analysis.csv')).toHaveLength(1 + 2 * 3);
		expect(lines('step2_comparison.csv')).toHaveLength(1 + 2 * 5);
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
		expect(r.step1).toHaveLength(11);
		expect(r.step1.map((x) => x.summary)).toEqual(inProc.step1.filter((x) => x.key !== bad).map((x) => x.summary));
	});

	it('a trace shorter than a size is a readable error', async () => {
		await expect(runStudy({ trace }, studyConfig({ sizes: [5000], gpuCounts: [1], binCounts: [1] }), inProcessExecutor())).rejects.toThrow(/5,000|5000/);
	});
});
