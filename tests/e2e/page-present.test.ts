// Issue 17 item 5: presentation mode at 1280×720 (larger type in the page and the charts, charts across
// the width, no overlapping labels), and one Play control with keyboard shortcuts for the four
// batching steppers on How it works.
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, useSiteAndBrowser } from './browser';
import { overlappingChartText } from './helpers/layout';
import { runStudy, useSample, waitReady } from './helpers/page';

const env = useSiteAndBrowser();

/** Median rendered height (px) of the tick labels of the results' charts. */
const tickPx = (page: Page) =>
	page.evaluate(() => {
		const hs = [...document.querySelectorAll('.results svg g.axes text')].map((t) => t.getBoundingClientRect().height).filter((h) => h > 0);
		hs.sort((a, b) => a - b);
		return hs[Math.floor(hs.length / 2)] ?? 0;
	});

test('presentation mode: larger chart text, charts as wide as the column, nothing overlapping; it survives a reload', async () => {
	const context = await env.browser.newContext({ viewport: { width: 1280, height: 720 } });
	const page = await context.newPage();
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(env.site.url + '?sizes=300,1000&gpus=1,2,4&bins=1,2');
	await waitReady(page);
	await useSample(page);
	await runStudy(page);
	const before = await tickPx(page);
	const toggle = page.getByRole('button', { name: 'Presentation mode' });
	await toggle.click();
	expect(await toggle.getAttribute('aria-pressed')).toBe('true');
	await expect.poll(() => tickPx(page)).toBeGreaterThan(before * 1.3);
	// The GPU scaling chart spans its column.
	const fill = await page.locator('.results').evaluate((results) => {
		const svg = results.querySelector('svg[role="img"]') as SVGSVGElement;
		return svg.getBoundingClientRect().width / (svg.closest('.chart-box') as HTMLElement).getBoundingClientRect().width;
	});
	expect(fill).toBeGreaterThan(0.95);
	await page.waitForTimeout(300);
	expect(await overlappingChartText(page)).toEqual([]);
	await screenshot(page, 'page-presentation-1280x720');
	await page.reload();
	await waitReady(page);
	expect(await page.getByRole('button', { name: 'Presentation mode' }).getAttribute('aria-pressed')).toBe('true');
	// Shift+P switches it off again.
	await page.locator('body').press('Shift+P');
	await expect.poll(() => page.getByRole('button', { name: 'Presentation mode' }).getAttribute('aria-pressed')).toBe('false');
	expect(errors).toEqual([]);
	await context.close();
});

test('How it works: one Play for the four steppers, and keys that step, play and reset', async () => {
	const page = await env.browser.newPage({ viewport: { width: 1280, height: 720 } });
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(env.site.url + 'how-it-works/');
	await page.locator('.teach-controls').waitFor();
	expect(await page.getByRole('button', { name: /^Play all$/ }).count()).toBe(1);
	expect(await page.getByRole('button', { name: /^Play$/ }).count()).toBe(0);
	const clock = () => page.locator('[data-teach-time]').getAttribute('data-teach-time').then(Number);
	const end = await clock();
	await page.locator('body').press('r');
	expect(await clock()).toBe(0);
	await page.locator('body').press('ArrowRight');
	const first = await clock();
	expect(first).toBeGreaterThan(0);
	await page.locator('body').press('ArrowRight');
	expect(await clock()).toBeGreaterThan(first);
	await page.locator('body').press('ArrowLeft');
	expect(await clock()).toBe(first);
	// All four steppers show the same instant: their counts change together.
	const counts = () => page.locator('[data-teach-counts]').allTextContents();
	expect((await counts()).length).toBe(4);
	await page.locator('body').press('p');
	await expect.poll(clock, { timeout: 5_000 }).toBeGreaterThan(first + end / 20);
	await page.locator('body').press('p');
	const paused = await clock();
	await page.waitForTimeout(400);
	expect(await clock()).toBe(paused);
	await page.getByRole('button', { name: 'Presentation mode' }).click();
	await screenshot(page, 'page-how-presentation-1280x720');
	expect(errors).toEqual([]);
	await page.close();
});
