// Issue 17 item 11: the trace over time (requests/s and tokens/s per minute) in the trace summary, and a
// request-rate field beside the RPS scale that re-times the study's workloads to a mean rate.
import { expect, test } from 'vitest';
import { screenshot, useSiteAndBrowser } from './browser';
import { runStudy, waitReady } from './helpers/page';

const env = useSiteAndBrowser();

/** 10 minutes at 1 request per 10 s, with a 60-request burst in minute 4. */
function bursty(): string {
	const lines = ['Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type'];
	const times: number[] = [];
	for (let t = 0; t < 600; t += 10) times.push(t);
	for (let i = 0; i < 60; i++) times.push(240 + i / 2);
	times.sort((a, b) => a - b);
	for (const t of times) lines.push(`${t},ChatGPT,200,50,250,Conversation log`);
	return lines.join('\n') + '\n';
}

test('the trace summary charts the rate over time with its peak; a request rate re-times the study', async () => {
	const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
	const page = await context.newPage();
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(env.site.url + '?sizes=100&gpus=1&bins=1');
	await waitReady(page);
	await page.getByLabel('Trace file').setInputFiles({ name: 'bursty.csv', mimeType: 'text/csv', buffer: Buffer.from(bursty()) });
	const chart = page.locator('[data-rate-chart]');
	await chart.waitFor({ timeout: 60_000 });
	expect(await chart.locator('svg[role="img"]').count()).toBe(2);
	expect(await chart.getByRole('img', { name: 'Requests per second over time' }).count()).toBe(1);
	expect(await chart.getByRole('img', { name: 'Tokens per second over time' }).count()).toBe(1);
	// Minute 4 holds 6 + 60 requests: 1.1 req/s, against a mean of 120 / 590 s.
	const text = (await chart.textContent()) ?? '';
	expect(text).toMatch(/per minute: peak 1\.1 req\/s against a mean of 0\.203 req\/s/);
	await screenshot(page, 'page-rate');

	await page.getByLabel('Request rate (req/s, optional)').fill('5');
	await expect.poll(() => new URL(page.url()).searchParams.get('rate')).toBe('5');
	await runStudy(page);
	const header = (await page.locator('[data-results-header] [data-part="rate"]').textContent()) ?? '';
	expect(header).toContain('5 req/s (re-timed)');
	expect(await page.locator('.setting').textContent()).toMatch(/re-timed to 5 req\/s|5 req\/s/);
	// The offered rate of the 100-request workload is the asked one.
	expect(await page.locator('.setting').textContent()).toMatch(/100 requests: 5(\.00)? req\/s/);
	expect(errors).toEqual([]);
	await context.close();
});
