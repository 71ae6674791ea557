/**
 * In Chromium: charts follow their container's width (ResizeObserver) and relayout at it, keep 12 px
 * text, print no label over another (measured with the browser's own text boxes), reveal and focus the
 * detail a heatmap click opens, and an export drops the selection outline. Skips when Chromium is absent.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CHROMIUM, launch, screenshot, serveSite } from './browser';

const have = existsSync(CHROMIUM);

/** What tests/e2e/charts-browser/main.ts puts on window. */
interface ChartHarness {
	resize(px: number): void;
	svgs(): { widthAttr: number; rendered: number; viewBox: string; fontSizes: number[] }[];
	textBoxes(i: number): { text: string; x0: number; y0: number; x1: number; y1: number }[];
	exportedOutlines(): { before: number; after: number };
}
const harness = () => (window as unknown as { chartHarness: ChartHarness }).chartHarness;

describe.skipIf(!have)('charts in a browser', () => {
	let browser: Browser;
	let page: Page;
	let close: () => Promise<void> = async () => {};
	beforeAll(async () => {
		const outDir = mkdtempSync(join(tmpdir(), 'servescope-charts-'));
		await build({
			configFile: false,
			root: fileURLToPath(new URL('./charts-browser/', import.meta.url)),
			base: './',
			logLevel: 'error',
			plugins: [svelte({ configFile: false })],
			build: { outDir, emptyOutDir: true, target: 'es2022' }
		});
		const site = await serveSite({ dir: outDir });
		browser = await launch();
		page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
		await page.goto(site.url + 'index.html');
		await page.waitForFunction(() => 'chartHarness' in window);
		close = async () => {
			await browser.close();
			await site.close();
			rmSync(outDir, { recursive: true, force: true });
		};
	}, 120_000);
	afterAll(() => close());

	const svgs = () => page.evaluate(`(${harness.toString()})().svgs()`) as Promise<ReturnType<ChartHarness['svgs']>>;

	test.each([760, 390, 1200, 320, 1000])('at a %i px container the charts relayout to its width', async (px) => {
		await page.evaluate(`(${harness.toString()})().resize(${px})`);
		await page.waitForFunction((w) => [...document.querySelectorAll('#box svg')].every((s) => Number(s.getAttribute('width')) === w), px);
		for (const s of await svgs()) {
			expect(s.widthAttr).toBe(px);
			expect(s.rendered).toBe(px);
			expect(s.viewBox.startsWith(`0 0 ${px} `)).toBe(true);
			expect(Math.min(...s.fontSizes)).toBeGreaterThanOrEqual(11);
		}
		const boxes = (await page.evaluate(`(${harness.toString()})().textBoxes(0)`)) as ReturnType<ChartHarness['textBoxes']>;
		const bad: string[] = [];
		for (let i = 0; i < boxes.length; i++)
			for (let j = i + 1; j < boxes.length; j++) {
				const a = boxes[i];
				const b = boxes[j];
				if (a.x0 < b.x1 - 1 && b.x0 < a.x1 - 1 && a.y0 < b.y1 - 1 && b.y0 < a.y1 - 1) bad.push(`${a.text} × ${b.text}`);
			}
		expect(bad).toEqual([]);
		await screenshot(page, `charts-fit-${px}`);
		const scroll = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
		expect(scroll).toBeLessThanOrEqual(0);
	});

	test('a heatmap click scrolls the detail into view and focuses it', async () => {
		await page.evaluate(() => window.scrollTo(0, 0));
		await page.locator('#box svg .cell').nth(3).click();
		await page.waitForFunction(() => document.activeElement?.id === 'detail');
		// Smooth scrolling takes a moment; the detail must end up on screen.
		await page.waitForFunction(() => document.getElementById('detail')!.getBoundingClientRect().top < 720, undefined, { timeout: 5000 });
	});

	test('an export drops the selection outline', async () => {
		expect(await page.evaluate(`(${harness.toString()})().exportedOutlines()`)).toEqual({ before: 1, after: 0 });
	});
});
