// Step 1 without continuous batching, in the built site: the checkbox goes into the URL, the study then
// runs a multi-bin-only grid (fewer runs, its caption says so), and turning it back on adds the
// continuous rows while the multi-bin results come from the cache.
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { useSiteAndBrowser } from './browser';
import { runStudy, useSample } from './helpers/page';

const env = useSiteAndBrowser();

/** The methods of the Step 1 CSV's rows, as the page exports them. */
async function step1Methods(page: Page): Promise<string[]> {
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'step1_all_results.csv' }).click()]);
	const lines = readFileSync((await download.path()) as string, 'utf8').trim().split(/\r?\n/);
	const method = lines[0].split(',').indexOf('method');
	return lines.slice(1).map((line) => line.split(',')[method]);
}

test('Step 1 can leave continuous batching out: the URL keeps it, the grid is multi-bin only, and back on adds the continuous rows', async () => {
	const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(env.site.url + '?sizes=200,1000&gpus=1,2&bins=1,2');
	await page.locator('h1[data-ready="yes"]').waitFor();
	const box = page.getByLabel('Step 1 also runs continuous batching');
	expect(await box.isChecked()).toBe(true);
	expect(await page.locator('#f-step1-cont-hint').textContent()).toMatch(/about a quarter less time/);
	await box.uncheck();
	await expect.poll(() => new URL(page.url()).searchParams.get('step1cont')).toBe('0');

	await useSample(page);
	const off = await runStudy(page);
	// 2 sizes × 2 GPU counts × 2 bin counts of multi-bin, and nothing else in Step 1.
	expect(await step1Methods(page)).toEqual(Array(8).fill('multibin'));
	expect(await page.locator('#h-summary + .caption').textContent()).toMatch(/left continuous batching out of Step 1/);

	await box.check();
	await expect.poll(() => new URL(page.url()).searchParams.get('step1cont')).toBeNull();
	const on = await runStudy(page);
	const methods = await step1Methods(page);
	expect(methods.filter((m) => m === 'multibin')).toHaveLength(8);
	expect(methods.filter((m) => m === 'continuous')).toHaveLength(4);
	expect(on.total).toBeGreaterThan(off.total);
	// Everything the first study simulated comes back from the cache.
	expect(on.reused).toBeGreaterThanOrEqual(off.simulated);
	expect(await page.locator('#h-summary + .caption').textContent()).toMatch(/or continuous batching\)/);
	expect(errors).toEqual([]);
	await page.close();
});
