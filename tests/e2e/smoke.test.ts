import { expect, test } from 'vitest';
import { screenshot, useSiteAndBrowser } from './browser';

const env = useSiteAndBrowser();

test('the built page loads with its title and no console errors', async () => {
	const page = await env.browser.newPage();
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(env.site.url);
	await expect(page.locator('h1')).toBeDefined();
	expect(await page.locator('h1').first().textContent()).toContain('servescope');
	await screenshot(page, 'smoke');
	expect(errors).toEqual([]);
});
