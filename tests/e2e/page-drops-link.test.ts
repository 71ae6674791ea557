// Issue 17 items 7 and 8: dropped requests are said next to the results (and before a run, against the
// chosen model's context); a shared link names its trace (file name and SHA-256 prefix), and a
// recipient without the file is told "drop <name> to reproduce".
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, useSiteAndBrowser } from './browser';
import { runStudy, waitReady } from './helpers/page';

const env = useSiteAndBrowser();
const NAME = 'long-prompts.csv';

/** 300 BurstGPT rows; every 20th has a 60,000-token prompt, above Qwen3-1.7B's 40,960-token context. */
function withLongPrompts(): string {
	const lines = ['Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type'];
	for (let i = 0; i < 300; i++) {
		const req = i % 20 === 3 ? 60_000 : 50 + ((i * 37) % 900);
		const res = 20 + ((i * 53) % 300);
		lines.push(`${i},ChatGPT,${req},${res},${req + res},Conversation log`);
	}
	return lines.join('\n') + '\n';
}

async function load(page: Page): Promise<void> {
	await page.getByLabel('Trace file').setInputFiles({ name: NAME, mimeType: 'text/csv', buffer: Buffer.from(withLongPrompts()) });
	await page.locator('.trace-summary .trace-name', { hasText: NAME }).waitFor({ timeout: 60_000 });
}

test('drops: counted before the run against the model context, and shown with their reason next to the results', async () => {
	const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
	const page = await context.newPage();
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(env.site.url + '?sizes=300&gpus=1,2&bins=1');
	await waitReady(page);
	await load(page);
	const before = page.locator('[data-context-drops]');
	await before.waitFor();
	expect(await before.textContent()).toMatch(/15 of 300 requests \(5(\.0)?%\) will be dropped/);
	expect(await before.textContent()).toContain('40,960');
	// A model with a longer context drops none of them.
	await page.getByLabel('Model', { exact: true }).selectOption('llama-3.1-8b');
	await expect.poll(() => before.count()).toBe(0);
	await page.getByLabel('Model', { exact: true }).selectOption('qwen3-1.7b');
	await before.waitFor();

	await runStudy(page);
	const drops = page.locator('[data-drops]');
	await drops.waitFor();
	const text = (await drops.textContent()) ?? '';
	expect(text).toMatch(/300-request workload:\s*15 of 300 requests dropped/);
	expect(text).toMatch(/above Qwen3-1\.7B's context of 40,960 tokens/);
	// It sits with the results: between the results header and the first results table.
	const order = await page.evaluate(() => {
		const all = [...document.querySelectorAll('[data-results-header], [data-drops], #h-summary')];
		return all.map((e) => (e.hasAttribute('data-drops') ? 'drops' : e.id === 'h-summary' ? 'summary' : 'header'));
	});
	expect(order).toEqual(['header', 'drops', 'summary']);
	await screenshot(page, 'page-drops');
	expect(errors).toEqual([]);
	await context.close();
});

test('a shared link names the trace; without the file the page says which one to drop, with it the page says it matches', async () => {
	const sender = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
	const page = await sender.newPage();
	await page.goto(env.site.url + '?sizes=300&gpus=1&bins=1');
	await waitReady(page);
	await load(page);
	await expect.poll(() => new URL(page.url()).searchParams.get('trace')).toBe(NAME);
	await expect.poll(() => new URL(page.url()).searchParams.get('th') ?? '').toMatch(/^[0-9a-f]{12}$/);
	const link = page.url();
	const th = new URL(link).searchParams.get('th') as string;
	expect(await page.locator('[data-trace-hash]').textContent()).toBe(th);

	// A recipient with an empty browser.
	const recipient = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
	const other = await recipient.newPage();
	const errors: string[] = [];
	other.on('pageerror', (e) => errors.push(e.message));
	await other.goto(link);
	await waitReady(other);
	await other.locator('h1[data-startup="done"]').waitFor();
	const missing = other.locator('[data-link-trace="missing"]');
	await missing.waitFor();
	expect(await missing.textContent()).toContain(`Drop ${NAME} to reproduce`);
	expect(await missing.textContent()).toContain(th);
	expect(await other.locator('[data-notices], .notice', { hasText: 'is not a servescope setting' }).count()).toBe(0);
	// The link keeps naming the trace while none is loaded.
	expect(new URL(other.url()).searchParams.get('trace')).toBe(NAME);
	await screenshot(other, 'page-link-missing');
	await load(other);
	await other.locator('[data-link-trace="match"]').waitFor();
	expect(await missing.count()).toBe(0);
	expect(errors).toEqual([]);
	await recipient.close();
	await sender.close();
});
