// A study too large for the device's memory degrades with a message instead of a dead tab (issue 7).
import { expect, test } from 'vitest';
import { screenshot, useSiteAndBrowser } from './browser';
import { runStudy, useSample, waitReady } from './helpers/page';

const env = useSiteAndBrowser();

/** Opens the page on a device that reports `gb` of memory (navigator.deviceMemory). */
async function openWithMemory(gb: number, query: string) {
	const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
	await context.addInitScript((value) => Object.defineProperty(Navigator.prototype, 'deviceMemory', { get: () => value }), gb);
	const page = await context.newPage();
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(env.site.url + query);
	await waitReady(page);
	return { context, page, errors };
}

test('a study that cannot fit stops with a message naming sizes and workers; a smaller one then runs', async () => {
	const { context, page, errors } = await openWithMemory(0.25, '?sizes=200,1000000&gpus=1&bins=1');
	await useSample(page);
	await page.getByRole('button', { name: 'Run study' }).click();
	const alert = page.locator('.run-panel [role="alert"]');
	await alert.waitFor({ timeout: 60_000 });
	const text = (await alert.textContent()) ?? '';
	expect(text).toMatch(/This study needs about .* this device reports 0\.25 GiB/);
	expect(text).toContain('reduce the largest workload size (1,000,000 requests)');
	await screenshot(page, 'memory-refused');
	// Nothing is lost: the trace stays loaded and a smaller study runs on it.
	await page.getByLabel('Workload sizes (requests)').fill('200,1000');
	const line = await runStudy(page);
	expect(line.simulated).toBeGreaterThan(0);
	expect(errors).toEqual([]);
	await context.close();
});
