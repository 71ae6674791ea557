/**
 * The study with deployments: its CSVs carry tp, weights, kv_dtype and routing on every row and
 * replicas / total_gpus per run; the default TP is the smallest with a useful KV cache; recommendations
 * price every GPU; `study --tp LIST` runs one study per TP and gathers their rows.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { studyPerTp } from '../../cli/study-tp';
import { findGpu, findModel } from '../../src/lib/catalog/index';
import { studyBaseScenario, studyConfig } from '../../src/lib/study/config';
import { step1AllResultsCsv, step2ComparisonCsv } from '../../src/lib/study/export';
import { inProcessExecutor } from '../../src/lib/study/in-process';
import { runStudy } from '../../src/lib/study/run-study';
import { studySetting } from '../../src/lib/study/setting';
import { synthesizeBurstGpt } from '../../src/lib/trace/synth';

const rows = (csv: string) => Papa.parse<Record<string, string>>(csv.trim(), { header: true }).data;

async function tinyStudy(over: Parameters<typeof studyBaseScenario>[0]) {
	const base = studyBaseScenario({ gpu: findGpu('h100-sxm')!, costPerGpuHour: 2, ...over });
	const config = studyConfig({ sizes: [120], gpuCounts: [1, 2], binCounts: [1], methods: ['continuous', 'optimized'] }, base);
	return runStudy({ trace: synthesizeBurstGpt(120, 1) }, config, inProcessExecutor());
}

describe('study CSVs name the deployment', () => {
	it('Llama-3.1-70B on H100 defaults to TP 2: tp, total_gpus = replicas × 2, precisions and routing on every row', async () => {
		const r = await tinyStudy({ model: findModel('llama-3.1-70b')!, kvDtype: 'fp8' });
		expect(r.failures).toEqual([]);
		expect(studySetting(r)).toMatchObject({ tp: 2, tpDefaulted: true, weights: 'bf16', kvDtype: 'fp8', routing: 'least-outstanding' });
		const s1 = rows(step1AllResultsCsv(r));
		expect(s1.length).toBe(r.step1.length);
		for (const x of s1) {
			expect(x).toMatchObject({ tp: '2', tp_defaulted: 'yes', weights: 'bf16', kv_dtype: 'fp8', routing: 'least-outstanding' });
			expect(Number(x.total_gpus)).toBe(2 * Number(x.replicas));
			expect(x.replicas).toBe(x.gpus);
		}
		for (const x of rows(step2ComparisonCsv(r)).filter((y) => y.status === 'ok')) expect(Number(x.total_gpus)).toBe(2 * Number(x.gpus));
		// Recommendations price all GPUs: replicas × TP × $2.
		// (Under this load nothing may meet the SLO: then each recommendation's closest configuration is priced.)
		const recs = r.recommendations.map((x) => (x.gpus !== null ? { gpus: x.gpus, cost: x.costPerHourUsd } : { gpus: x.closest!.gpus, cost: x.closest!.costPerHourUsd }));
		expect(recs.length).toBeGreaterThan(0);
		for (const x of recs) expect(x.cost).toBe(x.gpus * 2 * 2);
	});

	it('a study at TP 1 (set) has total_gpus = replicas', async () => {
		const r = await tinyStudy({ model: findModel('qwen3-1.7b')!, tp: 1 });
		expect(studySetting(r)).toMatchObject({ tp: 1, tpDefaulted: false });
		for (const x of rows(step1AllResultsCsv(r))) expect(x.total_gpus).toBe(x.replicas);
	});
});

describe('study --tp LIST', () => {
	let dir = '';
	afterEach(() => {
		if (dir) rmSync(dir, { recursive: true, force: true });
		vi.restoreAllMocks();
	});

	it('runs one study per TP in DIR/tp-N with the other flags kept, then gathers the rows under one header', async () => {
		dir = mkdtempSync(join(tmpdir(), 'study-tp-'));
		vi.spyOn(console, 'log').mockImplementation(() => {});
		vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
		const calls: string[][] = [];
		const fake = async (argv: string[]) => {
			calls.push(argv);
			const out = argv[argv.indexOf('--out') + 1];
			const tp = argv[argv.indexOf('--tp') + 1];
			mkdirSync(out, { recursive: true });
			writeFileSync(join(out, 'step1_all_results.csv'), `a,tp\n1,${tp}\n2,${tp}\n`);
			writeFileSync(join(out, 'step2_comparison.csv'), `b,tp\n3,${tp}\n`);
			return tp === '2' ? 1 : 0;
		};
		const rc = await studyPerTp(['--synthetic', '--tp=1,2,auto', '--out', dir, '--sizes', '100'], [1, 2, undefined], { out: dir }, fake);
		expect(rc).toBe(1);
		expect(calls).toEqual([
			['--synthetic', '--sizes', '100', '--tp', '1', '--out', join(dir, 'tp-1')],
			['--synthetic', '--sizes', '100', '--tp', '2', '--out', join(dir, 'tp-2')],
			['--synthetic', '--sizes', '100', '--tp', 'auto', '--out', join(dir, 'tp-auto')]
		]);
		expect(readFileSync(join(dir, 'step1_all_results_by_tp.csv'), 'utf8')).toBe('a,tp\n1,1\n2,1\n1,2\n2,2\n1,auto\n2,auto\n');
		expect(readFileSync(join(dir, 'step2_comparison_by_tp.csv'), 'utf8')).toBe('b,tp\n3,1\n3,2\n3,auto\n');
	});

	it('refuses --json with a list (one study prints one object)', async () => {
		await expect(studyPerTp([], [1, 2], { out: '/tmp/x', json: true }, async () => 0)).rejects.toThrow(/--json prints one study/);
	});
});
