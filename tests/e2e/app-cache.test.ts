// Reload restores the last trace and study from IndexedDB; a re-run reuses cached runs and says so.
import { expect, test } from 'vitest';
import { screenshot, useSiteAndBrowser } from './browser';

const env = useSiteAndBrowser();

test('reload restores trace and study; re-running reuses every cached run', async () => {
	const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
	const page = await context.newPage();
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(`${env.site.url}?sizes=200,500&gpus=1,2&bins=1,2`);
	await page.getByRole('button', { name: /Use built-in sample/ }).click();
	await expect.poll(() => page.locator('.trace-summary').textContent(), { timeout: 30_000 }).toContain('SYNTHETIC');
	await page.getByRole('button', { name: 'Run study' }).click();
	await page.getByText(/Simulated \d+ runs/).waitFor({ timeout: 120_000 });

	await page.reload();
	await page.getByRole('heading', { name: 'GPU scaling' }).waitFor({ timeout: 30_000 });
	expect(await page.locator('.trace-summary').textContent()).toContain('SYNTHETIC');
	expect(await page.getByText('Restored the last study').count()).toBe(1);

	await page.getByRole('button', { name: 'Run study' }).click();
	const line = page.getByText(/Reused \d+ of \d+ runs/);
	await line.waitFor({ timeout: 120_000 });
	const m = /Reused (\d+) of (\d+) runs/.exec((await line.textContent()) ?? '');
	expect(m && m[1] === m[2]).toBe(true);
	await screenshot(page, 'app-cache-rerun');
	expect(errors).toEqual([]);
	await context.close();
});
