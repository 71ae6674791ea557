import { expect, test } from 'vitest';
import { screenshot, useSiteAndBrowser } from './browser';

const env = useSiteAndBrowser();

test('the built page loads with its title and no console errors', async () => {
	const page = await env.browser.newPage();
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(env.site.url);
	expect(await page.locator('h1').first().textContent()).toContain('servescope');
	await screenshot(page, 'smoke');
	expect(errors).toEqual([]);
});

test('every built page carries a Content-Security-Policy without eval', async () => {
	for (const path of ['', 'how-it-works/']) {
		const html = await (await fetch(env.site.url + path)).text();
		const csp = /<meta http-equiv="content-security-policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
		expect(csp, path || 'index').toContain("script-src 'self'");
		expect(csp).toContain("connect-src 'self'");
		expect(csp).not.toContain('unsafe-eval');
	}
});
