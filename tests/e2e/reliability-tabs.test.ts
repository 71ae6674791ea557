// Deletions stick across tabs: two pages of one browser context share IndexedDB and the
// BroadcastChannel, as two tabs do. While tab A runs a study, tab B clears everything, deletes the
// trace, or the site's storage is cleared (DevTools protocol): A's results and study are never
// written back, B's History follows without a reload, and a reload restores nothing orphaned.
// Also: a reload restores the newest study only when the URL's scenario is the one it ran with.
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { useSiteAndBrowser } from './browser';
import { useSample, waitReady } from './helpers/page';

const env = useSiteAndBrowser();
// Long enough (18 + 10 runs on one worker) for the other tab to act mid-study.
const LONG = '?sizes=2000,5000&gpus=1,2,4&bins=1,2,4';
const SHORT = '?sizes=200&gpus=1,2&bins=1,2';

const historyItems = (page: Page) => page.locator('.history button.open');

/** Starts the study on one worker and resolves once Step 1 is under way. */
async function startLongStudy(page: Page, seed: number): Promise<void> {
	await page.getByLabel('Workers').fill('1');
	await page.fill('#f-seed', String(seed));
	await page.getByRole('button', { name: 'Run study' }).click();
	await page.locator('.run-panel label[for="study-progress"]', { hasText: /Step 1 grid: \d+ of/ }).waitFor({ timeout: 60_000 });
}

/** Waits until the study in `page` has ended and returns the run panel's text. */
async function studyEnd(page: Page): Promise<string> {
	await page.locator('.run-panel [role="status"], .run-panel [role="alert"]').first().waitFor({ timeout: 120_000 });
	await page.waitForFunction(() => !document.querySelector('.run-panel progress'), undefined, { timeout: 120_000 });
	return (await page.locator('.run-panel').textContent()) ?? '';
}

async function expectNothingStored(page: Page): Promise<void> {
	await page.reload();
	await waitReady(page);
	await page.locator('.history').waitFor();
	await expect.poll(() => page.locator('.history').textContent(), { timeout: 10_000 }).toContain('No stored traces yet');
	expect(await historyItems(page).count()).toBe(0);
	expect(await page.getByText('Restored the last study').count()).toBe(0);
}

test('another tab’s Clear all, Delete trace and cleared site data are never undone', async () => {
	const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
	const a = await context.newPage();
	const b = await context.newPage();
	const errors: string[] = [];
	for (const p of [a, b]) p.on('pageerror', (e) => errors.push(e.message));
	await a.goto(env.site.url + LONG);
	await waitReady(a);
	await b.goto(env.site.url);
	await waitReady(b);

	// 1. A stores a trace: B's History shows it without a reload. B clears everything mid-study.
	await useSample(a);
	await expect.poll(() => historyItems(b).count(), { timeout: 10_000 }).toBeGreaterThan(0);
	await startLongStudy(a, 11);
	await b.getByRole('button', { name: 'Clear all…' }).click();
	await b.getByRole('button', { name: 'Delete everything' }).click();
	await expect.poll(() => historyItems(b).count(), { timeout: 10_000 }).toBe(0);
	const endA = await studyEnd(a);
	expect(endA).toMatch(/not saved: a deletion is never undone/);
	expect(await a.getByText(/was cleared from this browser's storage in another tab/).count()).toBe(1);
	expect(await historyItems(b).count()).toBe(0);
	await expectNothingStored(b);

	// 2. Delete trace in B while A runs.
	await a.goto(env.site.url + LONG);
	await waitReady(a);
	await useSample(a);
	await expect.poll(() => historyItems(b).count(), { timeout: 10_000 }).toBeGreaterThan(0);
	await startLongStudy(a, 12);
	await b.getByRole('button', { name: /^Delete trace .* and its results$/ }).first().click();
	await expect.poll(() => historyItems(b).count(), { timeout: 10_000 }).toBe(0);
	expect(await studyEnd(a)).toMatch(/not saved: a deletion is never undone/);
	await expectNothingStored(b);
	await expectNothingStored(a);

	// 3. The site's storage is cleared (as "Clear site data" does) while A runs.
	await useSample(a);
	await startLongStudy(a, 13);
	const cdp = await context.newCDPSession(b);
	await cdp.send('Storage.clearDataForOrigin', { origin: new URL(env.site.url).origin, storageTypes: 'indexeddb' });
	await studyEnd(a);
	await expectNothingStored(a);

	expect(errors).toEqual([]);
	await context.close();
});

test('a reload restores the newest study only under the scenario it ran with', async () => {
	const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
	const page = await context.newPage();
	await page.goto(env.site.url + SHORT);
	await waitReady(page);
	await useSample(page);
	await page.getByRole('button', { name: 'Run study' }).click();
	await page.getByText(/Simulated \d+ runs/).waitFor({ timeout: 120_000 });

	await page.goto(env.site.url + '?sizes=200&gpus=1&bins=1');
	await waitReady(page);
	await page.locator('.trace-summary').waitFor({ timeout: 30_000 });
	expect(await page.getByText('Restored the last study').count()).toBe(0);

	await page.goto(env.site.url + SHORT);
	await waitReady(page);
	await page.getByText('Restored the last study').waitFor({ timeout: 30_000 });
	await context.close();
});
