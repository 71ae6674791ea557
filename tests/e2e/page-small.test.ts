// Issue 17 item 9, the smaller issues: the run count before a study is the count during it; History
// never says "SYNTHETIC synthetic"; counts carry thousands separators; every file size uses one
// (binary) unit family; a trace without a model column gets no "Requests per model" table.
import { expect, test } from 'vitest';
import { screenshot, useSiteAndBrowser } from './browser';
import { unseparatedNumbers } from './helpers/numbers';
import { useSample, waitReady } from './helpers/page';

const env = useSiteAndBrowser();

/** Decimal byte units ("12.3 MB"): the page prints binary ones (KiB, MiB, GiB). */
const DECIMAL_BYTES = /\b\d+(?:\.\d+)?\s(?:kB|KB|MB|GB|TB)\b|\((?:kB|MB|GB)\)/;

test('run counts agree, History names are clean, numbers have separators and sizes one unit family', async () => {
	const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
	const page = await context.newPage();
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(env.site.url + '?sizes=300,20000&gpus=1,2&bins=1,2');
	await waitReady(page);
	await useSample(page);
	const before = (await page.locator('#run-why').textContent()) ?? '';
	const planned = Number(/([\d,]+) runs/.exec(before)?.[1].replace(/,/g, ''));
	expect(planned).toBeGreaterThan(0);
	await page.getByRole('button', { name: 'Run study' }).click();
	// While it runs, the progress counts to the same number.
	const label = page.locator('label[for="study-progress"]', { hasText: / of [\d,]+ runs/ });
	await label.waitFor({ timeout: 60_000 });
	const during = Number(/ of ([\d,]+) runs/.exec((await label.textContent()) ?? '')?.[1].replace(/,/g, ''));
	expect(during).toBe(planned);
	await page.getByText(/Simulated \d+ runs/).waitFor({ timeout: 300_000 });

	const history = (await page.locator('.history').textContent()) ?? '';
	expect(history).not.toMatch(/synthetic\s+synthetic/i);
	expect(history).toMatch(/synthetic BurstGPT-like/i);
	for (const s of await page.locator('details > summary').all()) await s.click();
	expect(await unseparatedNumbers(page)).toEqual([]);
	// The price sources quote each provider's offering verbatim ("tier 'H100 PRO 80 GB'"): a cited
	// product name, not a size the page prints, so those cells are left out of the check.
	const printed = await page.locator('main').evaluate((m) => {
		const copy = m.cloneNode(true) as HTMLElement;
		for (const cited of copy.querySelectorAll('.plan-prices td.small')) cited.remove();
		return copy.textContent ?? '';
	});
	expect(printed).not.toMatch(DECIMAL_BYTES);
	await screenshot(page, 'page-small');
	expect(errors).toEqual([]);
	await context.close();
}, 400_000);

test('a trace without a model column gets no "Requests per model" table', async () => {
	const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
	await page.goto(env.site.url);
	await waitReady(page);
	const rows = ['TIMESTAMP,ContextTokens,GeneratedTokens'];
	for (let i = 0; i < 50; i++) rows.push(`2023-11-16 18:15:${String(10 + (i % 50)).padStart(2, '0')}.${String(i).padStart(7, '0')},${100 + i},${20 + i}`);
	await page.getByLabel('Trace file').setInputFiles({ name: 'azure-like.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n') + '\n') });
	await page.locator('.trace-summary .trace-name', { hasText: 'azure-like.csv' }).waitFor({ timeout: 60_000 });
	expect(await page.locator('.trace-summary caption', { hasText: 'Requests per model' }).count()).toBe(0);
	// A trace with a model column keeps it.
	const burst = ['Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type'];
	for (let i = 0; i < 50; i++) burst.push(`${i},${i % 2 ? 'GPT-4' : 'ChatGPT'},100,20,120,Conversation log`);
	await page.getByLabel('Trace file').setInputFiles({ name: 'burst.csv', mimeType: 'text/csv', buffer: Buffer.from(burst.join('\n') + '\n') });
	await page.locator('.trace-summary .trace-name', { hasText: 'burst.csv' }).waitFor({ timeout: 60_000 });
	expect(await page.locator('.trace-summary caption', { hasText: 'Requests per model' }).count()).toBe(1);
	await page.close();
});
