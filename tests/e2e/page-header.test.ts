// Issue 17 item 2: every results view opens with one line saying what it is for, and a restored study
// either restores its scenario into the form or says plainly that the form differs.
import { expect, test } from 'vitest';
import { screenshot, useSiteAndBrowser } from './browser';
import { runStudy, useSample, waitReady } from './helpers/page';

const env = useSiteAndBrowser();
const STUDY = '?sizes=300&gpus=1,2&bins=1&model=qwen3-0.6b&gpu=h100-sxm&rps=50';

test('the results header names trace and hash, model, GPU, rate, SLO and performance model; History restores the form', async () => {
	const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
	const page = await context.newPage();
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(env.site.url + STUDY);
	await waitReady(page);
	await useSample(page);
	await runStudy(page);
	const header = page.locator('[data-results-header]').first();
	const text = (await header.textContent()) ?? '';
	expect(text).toMatch(/Trace\s+synthetic.*\(sha256 [0-9a-f]{12}\)/i);
	expect(text).toContain('Qwen3-0.6B');
	expect(text).toContain('H100');
	expect(text).toContain('RPS ×50');
	expect(text).toMatch(/SLO\s+.*TPOT ≤ \d+ ms/);
	expect(text).toMatch(/Performance model\s+(per-operator|roofline)/);
	// The header comes first in the results section.
	const first = await page.locator('section[aria-labelledby="h-results"] > *:not(h2)').first().getAttribute('data-results-header');
	expect(first).not.toBeNull();

	// A bare link: the form shows the defaults and the other study is not restored under it.
	await page.goto(env.site.url);
	await waitReady(page);
	await page.locator('h1[data-startup="done"]').waitFor();
	expect(await page.locator('[data-results-header]').count()).toBe(0);
	expect(await page.getByLabel('Model', { exact: true }).inputValue()).toBe('qwen3-1.7b');
	// Opening it from History puts its scenario into the form and the link.
	await page.getByRole('button', { name: /^Open study/ }).first().click();
	await header.waitFor();
	await expect.poll(() => page.getByLabel('Model', { exact: true }).inputValue()).toBe('qwen3-0.6b');
	expect(await page.getByLabel('GPU', { exact: true }).inputValue()).toBe('h100-sxm');
	await expect.poll(() => new URL(page.url()).searchParams.get('rps')).toBe('50');
	expect(await page.locator('[data-form-differs]').count()).toBe(0);
	// Editing the form afterwards: the page says the form differs, and can put the study's settings back.
	await page.getByLabel('GPU', { exact: true }).selectOption('a100-80gb-sxm');
	await page.locator('[data-form-differs]').waitFor();
	await page.getByRole('button', { name: /settings back into the form/ }).click();
	await expect.poll(() => page.locator('[data-form-differs]').count()).toBe(0);
	expect(await page.getByLabel('GPU', { exact: true }).inputValue()).toBe('h100-sxm');

	// The quick run has its own header.
	await page.getByLabel('Requests', { exact: true }).fill('300');
	await page.getByRole('button', { name: 'Quick run', exact: true }).click();
	const quick = page.locator('[data-results-header]', { hasText: 'Quick run' });
	await quick.waitFor({ timeout: 60_000 });
	expect(await quick.textContent()).toContain('Qwen3-0.6B');
	await screenshot(page, 'page-header');
	expect(errors).toEqual([]);
	await context.close();
});
