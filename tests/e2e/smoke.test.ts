import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, screenshot, serveSite, type Site } from './browser';

let site: Site;
let browser: Browser;
beforeAll(async () => {
	site = await serveSite();
	browser = await launch();
});
afterAll(async () => {
	await browser?.close();
	await site?.close();
});

test('the built page loads with its title and no console errors', async () => {
	const page = await browser.newPage();
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(site.url);
	await expect(page.locator('h1')).toBeDefined();
	expect(await page.locator('h1').first().textContent()).toContain('servescope');
	await screenshot(page, 'smoke');
	expect(errors).toEqual([]);
});
