// Issue 17 item 3: at 390 px nothing scrolls sideways (only a table's own container may), before and
// after a study; charts follow their container's width; no two labels in a chart's SVG overlap.
import { expect, test } from 'vitest';
import { screenshot, useSiteAndBrowser } from './browser';
import { chartCount, overlappingChartText, sidewaysOverflow } from './helpers/layout';
import { runStudy, useSample, waitReady } from './helpers/page';

const env = useSiteAndBrowser();

test('a 390 px phone: no sideways overflow on load, after a study and on How it works; chart text never overlaps', async () => {
	const context = await env.browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
	const page = await context.newPage();
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(env.site.url + '?sizes=300,1000&gpus=1,2,4&bins=1,2');
	await waitReady(page);
	const onLoad = await sidewaysOverflow(page);
	expect(onLoad.offenders).toEqual([]);
	expect(onLoad.scrollWidth).toBeLessThanOrEqual(390);

	await useSample(page);
	await runStudy(page);
	await page.locator('[data-results-header]').waitFor();
	// Open every "as a table" alternative: wide tables scroll inside their own box.
	for (const s of await page.locator('details.as-table > summary').all()) await s.click();
	const after = await sidewaysOverflow(page);
	expect(after.offenders).toEqual([]);
	expect(after.scrollWidth).toBeLessThanOrEqual(390);
	expect(await chartCount(page)).toBeGreaterThanOrEqual(7);
	expect(await overlappingChartText(page)).toEqual([]);
	// Every chart fits its container at this width (no chart wider than the screen).
	const widest = await page.evaluate(() => Math.max(...[...document.querySelectorAll('svg[role="img"]')].map((s) => s.getBoundingClientRect().right)));
	expect(widest).toBeLessThanOrEqual(390);
	await screenshot(page, 'page-phone-study');

	// Wider window: the charts follow (ResizeObserver) and their text still does not overlap.
	const scalingWidth = () => page.locator('svg[role="img"][aria-label*="scaling" i]').first().evaluate((s) => s.getBoundingClientRect().width);
	const narrow = await scalingWidth();
	await page.setViewportSize({ width: 1440, height: 900 });
	await expect.poll(scalingWidth).toBeGreaterThan(narrow + 200);
	expect(await overlappingChartText(page)).toEqual([]);
	await page.setViewportSize({ width: 390, height: 844 });
	await expect.poll(scalingWidth).toBeLessThanOrEqual(narrow + 1);

	await page.goto(env.site.url + 'how-it-works/');
	await page.getByRole('heading', { level: 1 }).first().waitFor();
	await page.waitForTimeout(500);
	const how = await sidewaysOverflow(page);
	expect(how.offenders).toEqual([]);
	expect(how.scrollWidth).toBeLessThanOrEqual(390);
	expect(await overlappingChartText(page)).toEqual([]);
	expect(errors).toEqual([]);
	await context.close();
});
