// Screenshots of the study page after a small study, at a laptop (1440×900), a projector (1280×720, in
// presentation mode) and a phone (390×844), saved to test-results/e2e/screens/<width>x<height>.png
// (viewport) and -full.png (whole page). With SERVESCOPE_UPDATE_SCREENSHOT=1 the 1440×900 one also
// replaces the README's docs/screenshot.png. Each size is checked for sideways overflow on the way.
import { copyFileSync, mkdirSync } from 'node:fs';
import { expect, test } from 'vitest';
import { ARTIFACTS, useSiteAndBrowser } from './browser';
import { sidewaysOverflow } from './helpers/layout';
import { runStudy, useSample, waitReady } from './helpers/page';

const env = useSiteAndBrowser();
export const SCREENS = `${ARTIFACTS}/screens`;
const SIZES = [
	{ width: 1440, height: 900, presenting: false },
	{ width: 1280, height: 720, presenting: true },
	{ width: 390, height: 844, presenting: false }
];

test('screenshots at 1440×900, 1280×720 (presentation mode) and 390×844 with a study loaded', async () => {
	mkdirSync(SCREENS, { recursive: true });
	const context = await env.browser.newContext({ viewport: { width: 1440, height: 900 } });
	const page = await context.newPage();
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(env.site.url + '?sizes=1000,10000&gpus=1,2,4,8&bins=1,2,4');
	await waitReady(page);
	await useSample(page);
	await runStudy(page, 300_000);
	for (const s of SIZES) {
		await page.setViewportSize({ width: s.width, height: s.height });
		const toggle = page.getByRole('button', { name: 'Presentation mode' });
		if ((await toggle.getAttribute('aria-pressed')) !== String(s.presenting)) await toggle.click();
		await page.waitForTimeout(600);
		expect((await sidewaysOverflow(page)).scrollWidth, `${s.width} px`).toBeLessThanOrEqual(s.width);
		// The results section's first screen: header, notices and the Step 1 summary.
		await page.locator('#h-results').scrollIntoViewIfNeeded();
		await page.evaluate(() => document.getElementById('h-results')?.scrollIntoView({ block: 'start' }));
		const name = `${SCREENS}/${s.width}x${s.height}`;
		await page.screenshot({ path: `${name}.png` });
		await page.screenshot({ path: `${name}-full.png`, fullPage: true });
	}
	// The README's picture: the top of the page at 1440×900 with the study loaded.
	await page.setViewportSize({ width: 1440, height: 900 });
	const toggle = page.getByRole('button', { name: 'Presentation mode' });
	if ((await toggle.getAttribute('aria-pressed')) === 'true') await toggle.click();
	await page.evaluate(() => window.scrollTo(0, 0));
	await page.waitForTimeout(400);
	await page.screenshot({ path: `${SCREENS}/readme.png`, clip: { x: 0, y: 0, width: 1440, height: 1100 }, fullPage: true });
	if (process.env.SERVESCOPE_UPDATE_SCREENSHOT === '1') copyFileSync(`${SCREENS}/readme.png`, 'docs/screenshot.png');
	expect(errors).toEqual([]);
	await context.close();
}, 600_000);
