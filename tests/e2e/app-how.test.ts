// "How it works" against the built site: every number drawn from the engine, with the URL's choices.
import { expect, test } from 'vitest';
import { screenshot, useSiteAndBrowser } from './browser';

const env = useSiteAndBrowser();

test('How it works reads the scenario from the URL and steps through the four methods', async () => {
	const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(`${env.site.url}how-it-works/?gpu=h100-sxm&model=qwen3-1.7b`);
	await page.getByRole('heading', { name: 'Decode step: memory-bound, then compute-bound' }).waitFor();
	const text = (await page.locator('main').textContent()) ?? '';
	expect(text).toContain('Qwen3-1.7B');
	expect(text).toContain('114,688 B'); // KV bytes per token of Qwen3-1.7B (DESIGN.md)
	await screenshot(page, 'app-how-it-works');
	expect(text).toMatch(/crossover ≈ \d+/);
	for (const m of ['static', 'dynamic', 'multibin', 'continuous']) {
		expect(await page.getByRole('img', { name: `${m}: request timeline` }).count()).toBe(1);
	}
	// One control drives all four steppers (issue 17 item 5): its clock, and each stepper's counts.
	const status = page.locator('.teach-controls [aria-live]');
	const counts = page.locator('[data-teach-counts]').first();
	await page.getByRole('button', { name: 'Reset' }).first().click();
	const before = await status.textContent();
	const countsBefore = await counts.textContent();
	expect(await page.getByRole('button', { name: 'Step ▶' }).count()).toBe(1);
	for (let i = 0; i < 6; i++) await page.getByRole('button', { name: 'Step ▶' }).click();
	expect(await status.textContent()).not.toBe(before);
	expect(await counts.textContent()).not.toBe(countsBefore);
	await screenshot(page, 'app-how-it-works');
	expect(errors).toEqual([]);
	await page.close();
});
