// The polish of the study page (issue 8): fitted latency model in the form and the URL, custom model
// storage fields, quick run with progress, timeline replay and exact summary numbers, and keyboard focus.
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, useSiteAndBrowser } from './browser';

const env = useSiteAndBrowser();

async function openPage(query = '', width = 1280): Promise<{ page: Page; errors: string[] }> {
	const page = await env.browser.newPage({ viewport: { width, height: 900 } });
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(env.site.url + query);
	await page.locator('h1[data-ready="yes"]').waitFor();
	return { page, errors };
}

/** A latency grid from known parameters: T = a + b·L·(1 + g·(B−1)/B). */
function grid(a: number, b: number, g: number): string {
	const rows = ['batch_size,max_seq_len,mean_latency_sec'];
	for (const B of [1, 2, 4, 8]) for (const L of [128, 512, 2048]) rows.push(`${B},${L},${a + b * L * (1 + (g * (B - 1)) / B)}`);
	return rows.join('\n') + '\n';
}

test('a latency grid fits alpha, beta, gamma and R², goes into the URL, and a bad grid says why', async () => {
	const { page, errors } = await openPage('?sizes=200&gpus=1&bins=1');
	await page.getByLabel('Latency grid CSV').setInputFiles({ name: 'grid.csv', mimeType: 'text/csv', buffer: Buffer.from(grid(0.02, 0.0001, 0.5)) });
	await page.locator('[data-fit="alpha"]').waitFor();
	expect(Number(await page.locator('[data-fit="alpha"]').textContent())).toBeCloseTo(0.02, 6);
	expect(Number(await page.locator('[data-fit="gamma"]').textContent())).toBeCloseTo(0.5, 3);
	expect(await page.locator('[data-fit="r2"]').textContent()).toBe('1.0000');
	await expect.poll(() => new URL(page.url()).searchParams.get('fit')).not.toBeNull();
	const inUrl = (new URL(page.url()).searchParams.get('fit') ?? '').split(',').map(Number);
	expect(inUrl[0]).toBeCloseTo(0.02, 9);
	expect(inUrl[1]).toBeCloseTo(0.0001, 12);
	expect(inUrl[2]).toBeCloseTo(0.5, 9);
	// A bad grid: the error sits next to the field and the previous fit stays.
	await page.getByLabel('Latency grid CSV').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('batch_size,max_seq_len\n1,2\n') });
	const err = page.locator('#f-fit-err');
	await err.waitFor();
	expect(await err.textContent()).toContain('mean_latency_sec');
	expect(await page.locator('[data-fit="alpha"]').count()).toBe(1);
	// The shared link keeps the fit.
	const shared = await openPage(`?${new URL(page.url()).searchParams.toString()}`);
	expect(Number(await shared.page.locator('[data-fit="beta"]').textContent())).toBeCloseTo(0.0001, 8);
	expect(await shared.page.locator('[data-fit="r2"]').textContent()).toContain('not in the link');
	await shared.page.getByRole('button', { name: 'Use the roofline model instead' }).click();
	await expect.poll(() => new URL(shared.page.url()).searchParams.get('fit')).toBeNull();
	expect(errors).toEqual([]);
	await page.close();
	await shared.page.close();
});

test('custom model: dtype bytes and tied embeddings start from the selected model and go into the URL', async () => {
	const { page } = await openPage();
	await page.getByLabel('Model', { exact: true }).selectOption('custom');
	expect(await page.getByLabel('dtype bytes per parameter').inputValue()).toBe('2');
	expect(await page.getByLabel(/Tied embeddings/).isChecked()).toBe(true);
	await page.getByLabel('dtype bytes per parameter').fill('1');
	await page.getByLabel(/Tied embeddings/).uncheck();
	await expect.poll(() => new URL(page.url()).searchParams.get('cs')).toBe('1,0');
	await page.getByLabel('dtype bytes per parameter').fill('3.3');
	await page.locator('#f-cs-dtype-err').waitFor();
	await page.close();
});

test('quick run: progress, a timeline replay with play/pause, and exact summary numbers', async () => {
	const { page, errors } = await openPage('?sizes=200,1000&gpus=1,2&bins=1,2');
	await page.getByRole('button', { name: /Use built-in sample/ }).click();
	await expect.poll(() => page.locator('.trace-summary').textContent(), { timeout: 30_000 }).toContain('SYNTHETIC');
	await page.getByLabel('Requests', { exact: true }).fill('1000');
	await page.getByRole('button', { name: 'Quick run', exact: true }).click();
	await page.getByRole('heading', { name: 'Timeline replay' }).waitFor({ timeout: 60_000 });
	const pause = page.getByRole('button', { name: /Pause replay|Play replay/ });
	await pause.waitFor();
	// Exact numbers: data-metric holds JSON's rendering of each SimSummary field.
	expect(await page.locator('[data-detail="quick"] [data-metric="requests"]').textContent()).toBe('1000');
	const completed = Number(await page.locator('[data-detail="quick"] [data-metric="completed"]').textContent());
	const failed = Number(await page.locator('[data-detail="quick"] [data-metric="failed"]').textContent());
	expect(completed + failed).toBeLessThanOrEqual(1000);
	expect(completed).toBeGreaterThan(900);
	const p95 = await page.locator('[data-detail="quick"] [data-metric="e2eP95S"]').textContent();
	expect(Number.isFinite(Number(p95))).toBe(true);
	// Replay: the slider scrubs (and pauses); Play resumes.
	const slider = page.getByRole('slider', { name: 'Simulated time' });
	await slider.focus();
	await page.keyboard.press('End');
	expect(await page.getByRole('button', { name: 'Play replay' }).count()).toBe(1);
	await page.getByRole('button', { name: 'Restart' }).click();
	expect(await page.getByRole('button', { name: 'Pause replay' }).count()).toBe(1);
	await screenshot(page, 'app-quick-replay');
	expect(errors).toEqual([]);
	await page.close();
});

test('keyboard: every control is reachable by Tab and shows a visible focus ring', async () => {
	const { page } = await openPage();
	const seen: { tag: string; outline: string; shadow: string }[] = [];
	for (let i = 0; i < 60; i++) {
		await page.keyboard.press('Tab');
		seen.push(
			await page.evaluate(() => {
				const el = document.activeElement as HTMLElement;
				const cs = getComputedStyle(el);
				return { tag: `${el.tagName}#${el.id}`, outline: cs.outlineStyle === 'none' ? '' : cs.outlineWidth, shadow: cs.boxShadow === 'none' ? '' : cs.boxShadow };
			})
		);
	}
	const unfocused = seen.filter((s) => !s.outline && !s.shadow && !s.tag.startsWith('BODY'));
	expect(unfocused).toEqual([]);
	expect(seen.some((s) => s.tag.includes('f-fit-file'))).toBe(true);
	await page.close();
});

test('screenshots at 1280 px and at 1920 px (projector) with a study loaded', async () => {
	for (const width of [1280, 1920]) {
		const { page, errors } = await openPage('?sizes=200,1000&gpus=1,2,4&bins=1,2', width);
		await page.getByRole('button', { name: /Use built-in sample/ }).click();
		await expect.poll(() => page.locator('.trace-summary').textContent(), { timeout: 30_000 }).toContain('SYNTHETIC');
		await page.getByRole('button', { name: 'Run study' }).click();
		await page.getByText(/Simulated \d+ runs|Reused \d+ of/).waitFor({ timeout: 120_000 });
		await screenshot(page, `app-full-${width}`);
		const how = await openPage('?sizes=200', width);
		await how.page.goto(`${env.site.url}how-it-works/`);
		await how.page.getByRole('heading', { name: 'How it works', level: 1 }).waitFor();
		await screenshot(how.page, `app-how-${width}`);
		// Nothing wider than the viewport: no horizontal scroll at either width.
		expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
		expect(errors).toEqual([]);
		await page.close();
		await how.page.close();
	}
});
