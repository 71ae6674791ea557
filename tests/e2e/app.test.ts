// The study page end to end in headless Chromium against the built site (issue 8).
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { screenshot, useSiteAndBrowser } from './browser';

import { REAL_SAMPLES } from '../helpers/real-data';

const AZURE = REAL_SAMPLES.azureConv;
const SMALL = '?sizes=200,1000&gpus=1,2&bins=1,2';

const env = useSiteAndBrowser();

/** A BurstGPT v1 file of n rows; model names may carry markup to check it is rendered as text. */
function burstGptV1(n: number, models = ['ChatGPT', 'GPT-4']): string {
	const lines = ['Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type'];
	for (let i = 0; i < n; i++) {
		const req = 50 + ((i * 37) % 900);
		const res = i % 50 === 7 ? 0 : 20 + ((i * 53) % 400);
		lines.push(`${i * 2},${models[i % models.length]},${req},${res},${req + res},Conversation log`);
	}
	return lines.join('\n') + '\n';
}

async function openPage(query = ''): Promise<{ page: Page; errors: string[]; requests: string[] }> {
	const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
	const errors: string[] = [];
	const requests: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	page.on('request', (r) => requests.push(r.url()));
	await page.goto(env.site.url + query);
	// The page is prerendered: wait until it has hydrated and read the URL.
	await page.locator('h1[data-ready="yes"]').waitFor();
	return { page, errors, requests };
}

async function setFile(page: Page, name: string, text: string | Buffer) {
	await page.getByLabel('Trace file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.isBuffer(text) ? text : Buffer.from(text) });
}

test('Azure trace in, small study out: every chart and table, CSV download, no foreign requests', async () => {
	const { page, errors, requests } = await openPage(SMALL);
	await page.getByLabel('Trace file').setInputFiles(AZURE);
	await expect.poll(() => page.locator('.trace-summary').textContent(), { timeout: 60_000 }).toContain('AzureLLMInferenceTrace_conv.head3000.csv');
	expect(await page.locator('.trace-summary').textContent()).toContain('azure-2023');
	const before = requests.length;
	await page.getByRole('button', { name: 'Run study' }).click();
	// Results render while the grid runs (Step 1 charts first); Step 2, recommendations and the
	// export follow the finished study, so wait for the export before counting every section.
	await page.getByRole('heading', { name: 'Export', exact: true }).waitFor({ timeout: 150_000 });
	for (const h of ['Step 1 summary', 'GPU scaling', 'Latency heatmap', 'GPU efficiency', 'Method comparison', 'Recommendations', 'Export']) {
		expect(await page.getByRole('heading', { name: h, exact: true }).count(), `heading "${h}"`).toBeGreaterThan(0);
	}
	// Charts: scaling, heatmap, efficiency, two bar charts (plus the two trace histograms).
	expect(await page.locator('.results svg[role="img"]').count()).toBeGreaterThanOrEqual(5);
	expect(await page.locator('.results table').count()).toBeGreaterThanOrEqual(6);
	// Every request during the study is a same-origin app asset.
	const origin = new URL(env.site.url).origin;
	const foreign = requests.slice(before).filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:'));
	expect(foreign).toEqual([]);
	// Click a heatmap cell (the largest workload is shown first): that configuration's detail opens.
	const detail = page.locator('[data-detail="detail"]');
	expect(await detail.count()).toBe(0);
	await page.getByRole('button', { name: /^GPUs 2, Bins 2: P95 E2E latency/ }).click();
	await detail.waitFor({ timeout: 10_000 });
	expect(await detail.locator('h4').textContent()).toBe('1,000 requests, 2 GPUs, 2 bins');
	await screenshot(page, 'app-study');
	// CSV: header and one row per configuration: 2 sizes × 2 GPU counts × 2 bin counts of multi-bin, plus
	// 2 sizes × 2 GPU counts of continuous batching (its own rows, method column).
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'step1_all_results.csv' }).click()]);
	const csv = readFileSync((await download.path()) as string, 'utf8').trim().split(/\r?\n/);
	expect(csv[0]).toMatch(/^workload_requests,model,gpu,method,gpus,bins,/);
	expect(csv.length - 1).toBe(12);
	// The detail shows that configuration's own numbers: the same as its row of the export.
	const header = csv[0].split(',');
	const col = (name: string) => header.indexOf(name);
	const row = csv
		.slice(1)
		.map((line) => line.split(','))
		.find((cells) => cells[col('workload_requests')] === '1000' && cells[col('method')] === 'multibin' && cells[col('gpus')] === '2' && cells[col('bins')] === '2');
	expect(row, 'the CSV row of 1,000 requests, 2 GPUs, 2 bins').toBeDefined();
	const csvValue = (column: string) => Number((row as string[])[header.indexOf(column)]);
	const shown = async (key: string) => Number(await detail.locator(`[data-metric="${key}"]`).getAttribute('data-value'));
	for (const [key, column] of [['e2eP95S', 'e2e_p95_s'], ['outputTokPerS', 'output_tok_per_s'], ['completed', 'completed']]) {
		expect(header, column).toContain(column);
		expect(await shown(key), `${key} in the detail vs ${column} in the CSV`).toBe(csvValue(column));
	}
	expect(errors).toEqual([]);
	await page.close();
});

test('a bad file shows a clear error and the previous trace stays loaded; model names render as text', async () => {
	const { page, errors } = await openPage(SMALL);
	const evil = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">';
	await setFile(page, 'burstgpt_small.csv', burstGptV1(1200, ['ChatGPT', evil]));
	await expect.poll(() => page.locator('.trace-summary').textContent(), { timeout: 30_000 }).toContain('burstgpt_small.csv');
	expect(await page.locator('.trace-summary').textContent()).toContain('<script>');
	expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
	await setFile(page, 'bad.csv', 'this,is,not\na,trace,file\n');
	const alert = page.getByRole('alert');
	await alert.waitFor({ timeout: 30_000 });
	expect(await alert.textContent()).toMatch(/could not be loaded/);
	expect(await alert.textContent()).toContain('burstgpt_small.csv');
	expect(await page.locator('.trace-summary').textContent()).toContain('burstgpt_small.csv');
	await screenshot(page, 'app-bad-file');
	// Still usable: the run button is enabled with the old trace.
	expect(await page.getByRole('button', { name: 'Run study' }).isEnabled()).toBe(true);
	// The same bytes again: the stored parse is reused (SHA-256 of the file), the error goes away.
	await setFile(page, 'burstgpt_small.csv', burstGptV1(1200, ['ChatGPT', evil]));
	await page.getByText('reused the stored parse').waitFor({ timeout: 30_000 });
	expect(await page.getByRole('alert').count()).toBe(0);
	expect(errors).toEqual([]);
	await page.close();
});

test('a shared URL reproduces the scenario; invalid values fall back with a notice', async () => {
	const { page } = await openPage('?sizes=200,1000&gpus=1,2&bins=1,2&gpu=h100-sxm&tbt=40&seed=7&rps=100');
	expect(await page.getByLabel('Workload sizes (requests)').inputValue()).toBe('200,1000');
	expect(await page.getByLabel('GPU counts').inputValue()).toBe('1,2');
	expect(await page.getByLabel('GPU', { exact: true }).inputValue()).toBe('h100-sxm');
	expect(await page.getByLabel('TPOT target (ms)', { exact: true }).inputValue()).toBe('40');
	expect(await page.getByLabel('Seed').inputValue()).toBe('7');
	// Editing keeps the URL in step.
	await page.getByLabel('Bin counts').fill('1,4');
	await expect.poll(() => new URL(page.url()).searchParams.get('bins')).toBe('1,4');
	await page.close();
	const bad = await openPage('?gpus=1,zero&model=nope');
	expect(await bad.page.locator('.notice').first().textContent()).toContain('gpus=1,zero');
	expect(await bad.page.getByLabel('GPU counts').inputValue()).toBe('1,2,4,8,16,32,64,100');
	await bad.page.close();
	// A link that spells out default values makes the page rewrite its URL on load: no error.
	const spelled = await openPage('?sizes=1000&gpus=2&bins=2&seed=1&rps=200&model=qwen3-1.7b&gpu=rtx-4080-12gb&tbt=50');
	await expect.poll(() => new URL(spelled.page.url()).searchParams.has('seed')).toBe(false);
	expect(spelled.errors).toEqual([]);
	await spelled.page.close();
});

test('built-in sample, quick run, and the run button explains why it is disabled', async () => {
	const { page, errors } = await openPage('?sizes=200,1000&gpus=1,2&bins=1,2');
	expect(await page.locator('#run-why').textContent()).toContain('Load a trace');
	await page.getByLabel('GPU counts').fill('1,x');
	await page.getByRole('button', { name: /Use built-in sample/ }).click();
	await expect.poll(() => page.locator('.trace-summary').textContent(), { timeout: 30_000 }).toContain('SYNTHETIC');
	expect(await page.locator('#run-why').textContent()).toContain('"x" is not a whole number');
	await page.getByLabel('GPU counts').fill('1,2');
	await page.getByRole('button', { name: 'Quick run', exact: true }).click();
	await page.getByRole('heading', { name: 'Latency CDF' }).waitFor({ timeout: 60_000 });
	await screenshot(page, 'app-quick-run');
	expect(errors).toEqual([]);
	await page.close();
});
