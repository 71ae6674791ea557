// Issue 17 item 10: choose two stored studies in History and see them side by side: headers, what
// differs, Step 1 answers per shared workload, GPU scaling and efficiency overlaid on the same axes.
import { expect, test } from 'vitest';
import { screenshot, useSiteAndBrowser } from './browser';
import { runStudy, useSample, waitReady } from './helpers/page';

const env = useSiteAndBrowser();

test('two studies from History, compared: GPU A vs GPU B', async () => {
	const context = await env.browser.newContext({ viewport: { width: 1440, height: 900 } });
	const page = await context.newPage();
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(env.site.url + '?sizes=300,1000&gpus=1,2&bins=1,2&gpu=h100-sxm');
	await waitReady(page);
	await useSample(page);
	await runStudy(page);
	await page.getByLabel('GPU', { exact: true }).selectOption('a100-80gb-sxm');
	await runStudy(page);
	const boxes = page.getByRole('checkbox', { name: /^Compare study/ });
	await expect.poll(() => boxes.count()).toBe(2);
	const compare = page.getByRole('button', { name: 'Compare the two ticked studies' });
	expect(await compare.isDisabled()).toBe(true);
	await boxes.nth(0).check();
	await boxes.nth(1).check();
	await compare.click();
	const view = page.locator('[data-compare]');
	await view.waitFor();
	expect(await view.locator('[data-results-header]').count()).toBe(2);
	const diff = (await view.locator('[data-compare-diff]').textContent()) ?? '';
	expect(diff).toMatch(/GPU: NVIDIA (A100|H100).*\(A\) vs NVIDIA (A100|H100).*\(B\)/);
	expect(diff).not.toContain('Model:');
	// Two rows per shared workload size.
	expect(await view.locator('table tbody tr').count()).toBe(4);
	// Overlaid: one scaling chart holding both studies' series.
	const scaling = view.getByRole('img', { name: /GPU scaling.*A and B/ });
	expect(await scaling.count()).toBe(1);
	const legend = (await scaling.textContent()) ?? '';
	expect(legend).toContain('A · 300 requests');
	expect(legend).toContain('B · 1K requests');
	await screenshot(page, 'page-compare');
	await view.getByRole('button', { name: 'Close the comparison' }).click();
	await expect.poll(() => view.count()).toBe(0);
	expect(errors).toEqual([]);
	await context.close();
}, 300_000);
