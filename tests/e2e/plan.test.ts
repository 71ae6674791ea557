// The Plan view: reachable from the first screen, on the built-in sample and on a dropped trace.
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { REAL_SAMPLES } from '../helpers/real-data';
import { screenshot, useSiteAndBrowser } from './browser';

const env = useSiteAndBrowser();

async function openPage(): Promise<{ page: Page; errors: string[] }> {
	const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(env.site.url + '?sizes=200,1000&gpus=1,2&bins=1,2');
	await page.locator('h1[data-ready="yes"]').waitFor();
	return { page, errors };
}

/** Fills the plan form for a small load on two GPU types and runs it. */
async function plan(page: Page, requests: number, rate: number) {
	await page.getByRole('link', { name: 'Plan a deployment' }).click();
	const view = page.locator('.plan-view');
	await view.getByLabel('Plan: Target rate (req/s)', { exact: true }).fill(String(rate));
	await view.getByLabel('Plan: Requests', { exact: true }).fill(String(requests));
	await view.getByLabel('Plan: Requests', { exact: true }).press('Tab');
	for (const g of ['h100-sxm', 'l4']) await view.getByRole('checkbox', { name: g, exact: true }).check();
	await view.getByRole('button', { name: 'Plan', exact: true }).click();
	await view.getByRole('table', { name: /Cheapest deployment per GPU type/ }).waitFor({ timeout: 150_000 });
	return view;
}

test('plans on the built-in sample: table with its setting, Pareto chart, a clicked point shows its details', async () => {
	const { page, errors } = await openPage();
	await page.getByRole('button', { name: /Use built-in sample/ }).click();
	await expect.poll(() => page.locator('.trace-summary').textContent(), { timeout: 30_000 }).toContain('SYNTHETIC');
	const view = await plan(page, 2000, 10);
	const table = view.getByRole('table', { name: /Cheapest deployment per GPU type/ });
	const text = (await table.textContent()) ?? '';
	expect(text).toContain('NVIDIA H100 80GB SXM5');
	expect(text).toContain('NVIDIA L4');
	expect(await view.locator('.plan-setting').textContent()).toMatch(/Load:.*2,000 requests.*10 req\/s.*SLOs: TTFT ≤ 2 s, TPOT ≤ 50 ms/s);
	await view.getByRole('heading', { name: 'Cost against latency' }).waitFor();
	const dots = view.locator('circle.dot');
	expect(await dots.count()).toBeGreaterThan(1);
	await dots.first().click();
	await view.getByRole('region', { name: 'Selected deployment' }).waitFor();
	expect(await view.getByRole('region', { name: 'Selected deployment' }).textContent()).toMatch(/(Meets|Misses) the SLOs: attainment/);
	await screenshot(page, 'plan-sample');
	expect(errors).toEqual([]);
	await page.close();
});

test('cancel stops a plan and says so; the page stays usable', async () => {
	const { page, errors } = await openPage();
	await page.getByRole('button', { name: /Use built-in sample/ }).click();
	await expect.poll(() => page.locator('.trace-summary').textContent(), { timeout: 30_000 }).toContain('SYNTHETIC');
	await page.getByRole('link', { name: 'Plan a deployment' }).click();
	const view = page.locator('.plan-view');
	await view.getByRole('button', { name: 'Plan', exact: true }).click();
	await view.getByText(/deployment shapes done/).waitFor({ timeout: 60_000 });
	await view.getByRole('button', { name: 'Cancel' }).click();
	await view.getByRole('alert').filter({ hasText: 'The plan was cancelled' }).waitFor({ timeout: 30_000 });
	expect(await view.getByRole('button', { name: 'Plan', exact: true }).isEnabled()).toBe(true);
	expect(errors).toEqual([]);
	await page.close();
});

test('plans on a dropped trace (Azure conversation sample)', async () => {
	const { page, errors } = await openPage();
	await page.getByLabel('Trace file').setInputFiles(REAL_SAMPLES.azureConv);
	await expect.poll(() => page.locator('.trace-summary').textContent(), { timeout: 60_000 }).toContain('AzureLLMInferenceTrace_conv');
	const view = await plan(page, 2000, 5);
	expect(await view.locator('.plan-setting').textContent()).toContain('AzureLLMInferenceTrace_conv');
	expect(await view.getByRole('table', { name: /Cheapest deployment per GPU type/ }).locator('tbody tr').count()).toBeGreaterThanOrEqual(2);
	expect(errors).toEqual([]);
	await page.close();
});
