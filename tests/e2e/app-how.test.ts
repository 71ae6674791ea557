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
	const status = page.locator('.stepper').first().locator('[aria-live]');
	await page.getByRole('button', { name: 'Reset' }).first().click();
	const before = await status.textContent();
	await page.getByRole('button', { name: 'Step ▶' }).first().click();
	await page.getByRole('button', { name: 'Step ▶' }).first().click();
	expect(await status.textContent()).not.toBe(before);
	await screenshot(page, 'app-how-it-works');
	expect(errors).toEqual([]);
	await page.close();
});
