// The study page's charts in Chromium against the built site: after a small study, no chart prints text
// over text, charts relayout to their container on a 390 px phone, the busy-GPU axis ticks whole numbers, and a heatmap
// click scrolls its detail into view and focuses it; an exported SVG drops the selection outline.
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, useSiteAndBrowser } from './browser';

const env = useSiteAndBrowser();
const SMALL = '?sizes=200,1000&gpus=1,2,4&bins=1,2';

/** A BurstGPT v1 file of n rows. */
function burstGptV1(n: number): string {
	const lines = ['Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type'];
	for (let i = 0; i < n; i++) {
		const req = 50 + ((i * 37) % 900);
		const res = 20 + ((i * 53) % 400);
		lines.push(`${i * 2},ChatGPT,${req},${res},${req + res},Conversation log`);
	}
	return lines.join('\n') + '\n';
}

/** Pairs of overlapping text boxes (browser-measured) in every chart SVG under `scope`. */
function overlaps(page: Page, scope: string): Promise<string[]> {
	return page.evaluate((sel) => {
		const bad: string[] = [];
		for (const svg of document.querySelectorAll(`${sel} svg[role="img"]`)) {
			const t = [...svg.querySelectorAll('text')].filter((x) => (x.textContent ?? '').trim()).map((x) => ({ s: x.textContent ?? '', r: x.getBoundingClientRect() }));
			for (let i = 0; i < t.length; i++)
				for (let j = i + 1; j < t.length; j++) {
					const a = t[i].r;
					const b = t[j].r;
					if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) bad.push(`${svg.getAttribute('aria-label')}: ${t[i].s} × ${t[j].s}`);
				}
		}
		return bad;
	}, scope);
}

test('study charts: no overlapping text, charts fit their container on a phone, whole-number count ticks, the heatmap reveals its detail', async () => {
	const page = await env.browser.newPage({ viewport: { width: 1280, height: 720 }, reducedMotion: 'reduce' });
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(env.site.url + SMALL);
	await page.locator('h1[data-ready="yes"]').waitFor();
	await page.getByLabel('Trace file').setInputFiles({ name: 'burst.csv', mimeType: 'text/csv', buffer: Buffer.from(burstGptV1(1500)) });
	await expect.poll(() => page.locator('.trace-summary').textContent(), { timeout: 60_000 }).toContain('burst.csv');
	await page.getByRole('button', { name: 'Run study' }).click();
	// Results fill in while the study runs; Export appears only with the finished study.
	await page.getByRole('heading', { name: 'Export', exact: true }).waitFor({ timeout: 150_000 });
	expect(await overlaps(page, '.results')).toEqual([]);

	// A heatmap click: the detail scrolls into view and takes focus.
	await page.evaluate(() => window.scrollTo(0, 0));
	await page.locator('.results svg .cell').first().click();
	await page.waitForFunction(() => document.activeElement?.closest('[data-detail]') !== null, undefined, { timeout: 10_000 });
	const top = await page.evaluate(() => document.querySelector('[data-detail]')!.getBoundingClientRect().top);
	expect(top).toBeGreaterThanOrEqual(-1);
	expect(top).toBeLessThan(720);
	const busy = await page.evaluate(() => {
		const svg = [...document.querySelectorAll('svg[role="img"]')].find((s) => (s.getAttribute('aria-label') ?? '').startsWith('Busy GPUs'));
		return svg ? [...svg.querySelectorAll('.axes > text[text-anchor="end"]')].map((t) => t.textContent ?? '') : null;
	});
	expect(busy?.length).toBeGreaterThanOrEqual(2);
	for (const label of busy ?? []) expect(Number.isInteger(Number(label))).toBe(true);
	await screenshot(page, 'charts-page-1280');

	// The same results on a phone: charts still keep their text apart.
	await page.setViewportSize({ width: 390, height: 844 });
	// Each chart relayouts to its container's width (the page's own sideways overflow at 390 px comes from
	// other elements and is checked by the page's layout tests).
	await page.waitForFunction(() =>
		[...document.querySelectorAll('.results svg[role="img"]')].every((s) => Math.abs(Number(s.getAttribute('width')) - Math.round(s.parentElement!.getBoundingClientRect().width)) <= 1)
	);
	expect(await overlaps(page, '.results')).toEqual([]);
	await screenshot(page, 'charts-page-390');
	expect(errors).toEqual([]);
	await page.close();
});
