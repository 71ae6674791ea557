// Issue 7, determinism: the CLI in Node and the page in Chromium (worker pool, structured clone,
// IndexedDB-free fresh context) give bit-identical numbers for the same configuration. The page's
// full-precision output is the study export (CSV cells are shortest round-trip numbers, as is the
// CLI's JSON); the on-screen tables and Quick run are rounded for reading, so they are not compared.
import Papa from 'papaparse';
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { ROOT } from './helpers/build';
import { useGatedSnapshot } from './helpers/gated-server';
import { runStudy, useSample, waitReady } from './helpers/page';

const run = promisify(execFile);

/** The one scenario both sides run: Qwen3-1.7B on RTX 4080, 1,000 synthetic requests, seed 1, RPS ×200. */
const MODEL = 'qwen3-1.7b';
const GPU = 'rtx-4080-12gb';
// Only non-default values in the link: the model, GPU, seed, RPS scale and TBT target are the page's
// defaults, checked in the form below. (A link that spells defaults out makes the page rewrite its URL
// on load, which currently throws in SvelteKit's replaceState before the router starts.)
// No TTFT target and a 1% attainment target: the one grid point then qualifies as "optimized" (under
// the default 2 s TTFT at RPS ×200 nothing does), and both sides judge the same SLO.
const QUERY = '?sizes=1000&gpus=2&bins=2&ttft=&attain=1';
const COMMON = ['--synthetic', '--requests', '1000', '--seed', '1', '--rps-scale', '200', '--model', MODEL, '--gpu', GPU, '--sla-tbt-ms', '50', '--no-ttft-slo', '--json'];

/** CSV column (export.ts SUMMARY_COLUMNS) -> key of the CLI's JSON summary. */
const COLUMNS: Record<string, string> = {
	requests: 'requests',
	completed: 'completed',
	dropped: 'dropped',
	failed_rows: 'failed',
	makespan_s: 'makespanS',
	output_tok_per_s: 'outputTokPerS',
	total_tok_per_s: 'totalTokPerS',
	tok_per_s_per_gpu: 'tokPerSPerGpu',
	offered_tok_per_s: 'offeredTokPerS',
	e2e_p50_s: 'e2eP50S',
	e2e_p95_s: 'e2eP95S',
	e2e_p99_s: 'e2eP99S',
	ttft_p50_s: 'ttftP50S',
	ttft_p95_s: 'ttftP95S',
	tpot_p50_ms: 'tbtP50Ms',
	tpot_p95_ms: 'tbtP95Ms',
	itl_p95_ms: 'itlP95Ms',
	queue_p95_s: 'queueP95S',
	tpot_violation_rate: 'slaViolationRate',
	ttft_violation_rate: 'ttftViolationRate',
	slo_attainment: 'sloAttainment',
	goodput_req_per_s: 'goodputReqPerS',
	offered_req_per_s: 'offeredReqPerS',
	gpu_utilization: 'gpuUtilization',
	mean_batch_size: 'meanBatchSize',
	batches: 'batches',
	preemptions: 'preemptions',
	cost_per_mtok_usd: 'costPerMTokUsd'
};

type Json = Record<string, unknown>;

async function cli(args: string[]): Promise<Json> {
	const { stdout } = await run('npm', ['run', '--silent', 'cli', '--', 'simulate', ...COMMON, ...args], { cwd: ROOT, maxBuffer: 16 << 20 });
	return JSON.parse(stdout) as Json;
}

/** Rows of an export CSV (text cells such as the trace label and performance model are quoted). */
function csvRows(text: string): Record<string, string>[] {
	return Papa.parse<Record<string, string>>(text.trim(), { header: true }).data;
}

/** The exported row's numbers, as the CLI's keys: an empty cell is null (no value), numbers parse exactly. */
function asSummary(row: Record<string, string>): Json {
	const out: Json = {};
	for (const [col, key] of Object.entries(COLUMNS)) {
		expect(row, `column ${col} missing from the export`).toHaveProperty(col);
		out[key] = row[col] === '' ? null : Number(row[col]);
	}
	return out;
}

function cliSummary(j: Json): Json {
	return Object.fromEntries(Object.values(COLUMNS).map((k) => [k, j[k] ?? null]));
}

async function download(page: Page, file: string): Promise<string> {
	const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: file, exact: true }).click()]);
	return readFileSync((await d.path()) as string, 'utf8');
}

const env = useGatedSnapshot();

test('CLI and browser give bit-identical summaries for the same configurations', async () => {
	// Node side, started first so it overlaps the browser's work.
	const cliRuns = Promise.all([
		cli(['--method', 'multibin', '--gpus', '2', '--bins', '2']),
		cli(['--method', 'static', '--gpus', '1', '--batch', '8']),
		cli(['--method', 'dynamic', '--gpus', '1']),
		cli(['--method', 'multibin', '--gpus', '1', '--bins', '4']),
		cli(['--method', 'continuous', '--gpus', '1'])
	]);

	// Browser side: the built-in sample (1,000 requests, seed 1) and a one-configuration study, whose
	// Step 2 also runs static, dynamic, multibin (4 bins) and continuous on 1 GPU.
	const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
	const page = await context.newPage();
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(env.site.url + QUERY);
	await waitReady(page);
	expect(await page.getByRole('combobox', { name: 'Model', exact: true }).inputValue()).toBe(MODEL);
	expect(await page.getByRole('combobox', { name: 'GPU', exact: true }).inputValue()).toBe(GPU);
	expect(await page.getByLabel('Seed', { exact: true }).inputValue()).toBe('1');
	expect(await page.getByLabel('RPS scale (×)', { exact: true }).inputValue()).toBe('200');
	expect(await page.getByLabel('TPOT target (ms)', { exact: true }).inputValue()).toBe('50');
	expect(await page.getByLabel('TTFT target (s)', { exact: true }).inputValue()).toBe('');
	await useSample(page);
	const line = await runStudy(page);
	expect(line.reused).toBe(0);
	// Step 1 also sweeps continuous batching (its own rows); the multi-bin grid point is compared here.
	const step1All = csvRows(await download(page, 'step1_all_results.csv'));
	const step1 = step1All.filter((r) => r.method === 'multibin');
	// Step 2 compares methods at 1 GPU and at the optimized count (2); the CLI runs below are the 1-GPU ones.
	const step2 = csvRows(await download(page, 'step2_comparison.csv')).filter((r) => r.gpus === '1' || r.method === 'optimized');
	expect(errors).toEqual([]);
	await context.close();

	const [mb22, stat, dyn, mb14, cont] = await cliRuns;
	for (const j of [mb22, stat, dyn, mb14, cont]) {
		expect(j.synthetic).toBe(true);
		expect(j.requests).toBe(1000);
	}

	// Step 1: the only grid point, multibin on 2 GPUs with 2 bins.
	expect(step1).toHaveLength(1);
	expect(step1[0]).toMatchObject({ workload_requests: '1000', gpus: '2', bins: '2', status: 'ok' });
	const browserMb22 = asSummary(step1[0]);
	expect(browserMb22).toEqual(cliSummary(mb22));
	// The headline figures, spelled out, so a failure names them.
	for (const k of ['outputTokPerS', 'e2eP95S', 'ttftP95S', 'tbtP95Ms', 'completed']) expect(browserMb22[k], k).toBe(mb22[k]);
	expect(mb22.completed).toBeGreaterThan(0);

	// Step 2: every named method on 1 GPU, as the CLI runs them.
	const byMethod = Object.fromEntries(step2.map((r) => [r.method, r]));
	const pairs: [string, Json][] = [
		['static', stat],
		['dynamic', dyn],
		['multibin', mb14],
		['continuous', cont]
	];
	for (const [method, j] of pairs) {
		expect(byMethod[method]?.status, `step 2 ${method}`).toBe('ok');
		expect(asSummary(byMethod[method]), `step 2 ${method}`).toEqual(cliSummary(j));
	}
	// "Optimized" is one of the Step 1 configurations (multi-bin or continuous, whichever the objective picks), bit for bit.
	expect(byMethod.optimized?.status).toBe('ok');
	expect(step1All.map(asSummary)).toContainEqual(asSummary(byMethod.optimized));
	// The methods really differ (a comparison of identical numbers would prove little).
	expect(new Set(pairs.map(([, j]) => j.e2eP95S)).size).toBeGreaterThanOrEqual(3);
});
