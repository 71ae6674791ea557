// Routing across GPUs in the built site: the select in the scenario form (with each policy's
// explanation, into the URL), a quick run's queue length per GPU, and How it works' routing table.
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { ARTIFACTS, screenshot, useSiteAndBrowser } from './browser';

const env = useSiteAndBrowser();

async function openPage(path: string): Promise<{ page: Page; errors: string[] }> {
	const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(env.site.url + path);
	return { page, errors };
}

test('the routing select explains the policy, goes into the URL, and a quick run shows the queue per GPU', async () => {
	const { page, errors } = await openPage('?sizes=200,1000&gpus=1,2&bins=1,2');
	await page.locator('h1[data-ready="yes"]').waitFor();
	const select = page.getByLabel('Routing across GPUs');
	expect(await select.inputValue()).toBe('least-outstanding');
	expect(await page.locator('#f-routing-hint').textContent()).toMatch(/fewest requests queued or running/);
	await select.selectOption('round-robin');
	await expect.poll(() => new URL(page.url()).searchParams.get('routing')).toBe('round-robin');
	expect(await page.locator('#f-routing-hint').textContent()).toMatch(/next replica in turn/);
	await select.selectOption('prefix-aware');
	await expect.poll(() => new URL(page.url()).searchParams.get('routing')).toBe('prefix-aware');
	expect(await page.locator('#f-routing-hint').textContent()).toMatch(/longest part of its prompt[\s\S]*routes by load and session only/);
	await select.selectOption('round-robin');
	await expect.poll(() => new URL(page.url()).searchParams.get('routing')).toBe('round-robin');

	await page.getByRole('button', { name: /Use built-in sample/ }).click();
	await expect.poll(() => page.locator('.trace-summary').textContent(), { timeout: 30_000 }).toContain('SYNTHETIC');
	// The Plan view has its own Requests field: the Quick run one is meant.
	const quick = page.getByRole('region', { name: 'Quick run' });
	await quick.getByLabel('Requests', { exact: true }).fill('1000');
	await quick.getByLabel('GPUs', { exact: true }).fill('3');
	await page.getByRole('button', { name: 'Quick run', exact: true }).click();
	const frame = page.locator('[data-detail="quick"] section.chart-frame', { has: page.getByRole('heading', { name: 'Queue length per GPU' }) });
	await frame.waitFor({ timeout: 60_000 });
	expect(await frame.locator('.caption').textContent()).toMatch(/^Routing round-robin: requests waiting in each GPU's own queue/);
	for (const name of ['GPU 1', 'GPU 2', 'GPU 3']) expect(await frame.textContent()).toContain(name);
	await screenshot(page, 'app-routing-queues');
	await frame.screenshot({ path: `${ARTIFACTS}/app-routing-queue-chart.png` });
	expect(errors).toEqual([]);
	await page.close();
});

test('How it works has a routing section with every policy measured on your model and GPU', async () => {
	const { page, errors } = await openPage('how-it-works/?gpu=h100-sxm&model=qwen3-1.7b');
	await page.getByRole('heading', { name: 'Routing across GPUs' }).waitFor();
	const section = page.locator('section', { has: page.getByRole('heading', { name: 'Routing across GPUs' }) });
	const rows = section.locator('table tbody tr');
	await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(7);
	const text = (await section.textContent()) ?? '';
	for (const id of ['global', 'round-robin', 'least-outstanding', 'least-kv', 'random', 'session', 'prefix-aware']) expect(text).toContain(id);
	expect(text).toMatch(/on 4 GPUs with continuous batching/);
	expect(errors).toEqual([]);
	await page.close();
});
