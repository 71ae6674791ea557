// The prefix cache on the page with several GPUs: the switch and prefix-aware routing go into the link,
// a quick run on the Mooncake sample shows the hit rate and the cached-blocks chart, and after a reload
// the trace restored from IndexedDB still has its block identities (the switch stays usable).
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { ARTIFACTS, screenshot, useSiteAndBrowser } from './browser';

const env = useSiteAndBrowser();

test('prefix cache and prefix-aware routing: link, quick-run details, and identities kept across a reload', async () => {
	const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
	const page = await context.newPage();
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(`${env.site.url}?sizes=200&gpus=1&bins=1`);
	await page.locator('h1[data-ready="yes"]').waitFor();
	const name = 'conversation_trace.head1000.jsonl';
	const bytes = readFileSync(`tests/fixtures/real/mooncake/${name}`);
	await page.getByLabel('Trace file').setInputFiles({ name, mimeType: 'application/jsonl', buffer: bytes });
	const sw = page.locator('#f-prefix-cache');
	await expect.poll(() => sw.isEnabled(), { timeout: 30_000 }).toBe(true);
	expect(await page.locator('#f-prefix-cache-why').textContent()).toMatch(/hash ids/);
	await sw.check();
	await page.getByLabel('Routing across GPUs').selectOption('prefix-aware');
	await expect.poll(() => new URL(page.url()).searchParams.get('prefixcache')).toBe('1');
	expect(new URL(page.url()).searchParams.get('routing')).toBe('prefix-aware');

	const quick = page.getByRole('region', { name: 'Quick run' });
	await quick.getByLabel('Method').selectOption('continuous');
	await quick.getByLabel('Requests', { exact: true }).fill('400');
	await quick.getByLabel('GPUs', { exact: true }).fill('4');
	await page.getByRole('button', { name: 'Quick run', exact: true }).click();
	const detail = page.locator('[data-prefix-cache="quick"]');
	await detail.waitFor({ timeout: 90_000 });
	const text = (await detail.textContent()) ?? '';
	expect(text).toMatch(/Prefix hit rate \(prompt tokens\)\s*\d+\.\d%/);
	expect(text).toMatch(/Block identities from the trace's hash ids/);
	expect(await detail.getByRole('heading', { name: 'Prefix cache over time' }).count()).toBe(1);
	await detail.screenshot({ path: `${ARTIFACTS}/app-prefix-cache-detail.png` });

	await page.reload();
	await page.locator('h1[data-ready="yes"]').waitFor();
	await expect.poll(() => page.locator('.trace-summary').textContent(), { timeout: 30_000 }).toContain(name);
	// Restored from IndexedDB with its identities: the switch is still usable and still on (from the link).
	await expect.poll(() => sw.isEnabled(), { timeout: 30_000 }).toBe(true);
	expect(await sw.isChecked()).toBe(true);
	await screenshot(page, 'app-prefix-routing-reloaded');
	expect(errors).toEqual([]);
	await context.close();
});
