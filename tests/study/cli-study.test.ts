import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
	try {
		const { stdout, stderr } = await run('node', ['--import', 'tsx', 'cli/main.ts', ...args], { cwd: root, maxBuffer: 64 << 20 });
		return { code: 0, stdout, stderr };
	} catch (e) {
		const x = e as { code: number; stdout: string; stderr: string };
		return { code: x.code, stdout: x.stdout, stderr: x.stderr };
	}
}

describe('cli study', () => {
	it('--synthetic writes the study files (and charts) and prints JSON', async () => {
		const out = mkdtempSync(join(tmpdir(), 'servescope-cli-study-'));
		dirs.push(out);
		const r = await cli(['study', '--synthetic', '--out', out, '--sizes', '300,1200', '--gpus', '1,2,4', '--bins', '1,2', '--workers', '2', '--json']);
		expect(r.code, r.stderr).toBe(0);
		const files = readdirSync(out);
		for (const f of ['step1_all_results.csv', 'step1_summary_table.csv', 'step1_scaling_analysis.csv', 'step2_comparison.csv', 'optimal_configs.json']) {
			expect(files).toContain(f);
		}
		// 2 sizes × 3 GPU counts × (2 bin counts + a continuous row).
		expect(readFileSync(join(out, 'step1_all_results.csv'), 'utf8').trimEnd().split('\n')).toHaveLength(1 + 18);
		for (const f of ['bin_effect.csv', 'gpu_efficiency.csv']) expect(files).toContain(f);
		const j = JSON.parse(r.stdout);
		expect(j.workloads.map((w: { size: number }) => w.size)).toEqual([300, 1200]);
		expect(j.grid.gpuCounts).toEqual([1, 2, 4]);
		expect(j.workers).toBe(2);
		expect(j.setting).toMatchObject({ model: 'qwen3-1.7b', ttftSloS: 2, tpotSloMs: 50, attainmentTarget: 0.95, predictor: 'noisy predictor (σ = 0.7)' });
		for (const r of j.workloads.flatMap((w: { recommendations: object[] }) => w.recommendations)) expect(r).toHaveProperty('reason');
	});

	it('--no-step1-continuous leaves the continuous rows out of Step 1 and says so in the JSON', async () => {
		const out = mkdtempSync(join(tmpdir(), 'servescope-cli-study-'));
		dirs.push(out);
		const r = await cli(['study', '--synthetic', '--out', out, '--sizes', '300', '--gpus', '1,2', '--bins', '1,2', '--workers', '1', '--no-svg', '--no-step1-continuous', '--json']);
		expect(r.code, r.stderr).toBe(0);
		const lines = readFileSync(join(out, 'step1_all_results.csv'), 'utf8').trimEnd().split('\n');
		const method = lines[0].split(',').indexOf('method');
		// 1 size × 2 GPU counts × 2 bin counts, multi-bin only.
		expect(lines.slice(1).map((l) => l.split(',')[method])).toEqual(['multibin', 'multibin', 'multibin', 'multibin']);
		expect(JSON.parse(r.stdout).grid.step1Continuous).toBe(false);
	});

	it('SLO, predictor and load-sweep flags reach the files', async () => {
		const out = mkdtempSync(join(tmpdir(), 'servescope-cli-study-'));
		dirs.push(out);
		const r = await cli([
			'study', '--synthetic', '--out', out, '--sizes', '400', '--gpus', '1,4', '--bins', '1,2', '--workers', '1', '--no-svg',
			'--ttft-slo-s', '5', '--tpot-slo-ms', '80', '--e2e-slo-s', '60', '--attainment', '90', '--predictor', 'oracle', '--policy', 'longest',
			'--methods', 'static,continuous,optimized', '--load-sweep', '--sweep-requests', '200', '--reference-layout', '--json'
		]);
		expect(r.code, r.stderr).toBe(0);
		const j = JSON.parse(r.stdout);
		expect(j.slo).toEqual({ ttftS: 5, tpotMs: 80, e2eS: 60, attainment: 0.9 });
		expect(j.setting.predictor).toBe('oracle predictor (true lengths)');
		const files = readdirSync(out);
		expect(files).toContain('load_sweep.csv');
		const sweep = readFileSync(join(out, 'load_sweep.csv'), 'utf8');
		expect(sweep).toMatch(/^configuration,model,gpu,method,gpus,bins,requests,rate_req_per_s,/);
		expect(sweep).toMatch(/Continuous, /);
		expect(readdirSync(join(out, 'reference_layout')).sort()).toEqual(
			['step1_all_results_final.csv', 'step1_grid_search_results_optimal_configs.json', 'step1_scaling_analysis.csv', 'step1_summary_table.csv', 'step2_comparison.csv', 'step2_comparison_1m.csv'].sort()
		);
	});

	it('bad flags get a clear message and exit code 2', async () => {
		const r = await cli(['study', '--synthetic']);
		expect(r.code).toBe(2);
		expect(r.stderr).toMatch(/--out DIR is required/);
		const r2 = await cli(['study', '--synthetic', '--out', '/tmp/x', '--objective', 'speed']);
		expect(r2.code).toBe(2);
		expect(r2.stderr).toMatch(/--objective must be one of latency, throughput, efficiency, cost/);
	});
});
