// A plain CSV whose header servescope does not recognise: the page shows the error and a "Choose
// columns" form, parses the same file with the chosen columns, and the trace runs a study (issues 2, 8).
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, useSiteAndBrowser } from './browser';
import { runStudy, traceSummary, waitReady } from './helpers/page';

const env = useSiteAndBrowser();

/** A BurstGPT v1 file of n rows: a recognised format, loaded first as "the previous trace". */
function burstGptV1(n: number): string {
	const lines = ['Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type'];
	for (let i = 0; i < n; i++) lines.push(`${i * 2},ChatGPT,${50 + (i % 90)},${20 + (i % 40)},${70 + (i % 90) + (i % 40)},API log`);
	return lines.join('\n') + '\n';
}

/** A plain CSV of n rows: user name first, then arrival in milliseconds (every 500 ms), then tokens. */
function plainCsv(n: number): string {
	const lines = ['user,t,n_in,n_out'];
	for (let i = 0; i < n; i++) lines.push(`u${i % 7},${i * 500},${100 + ((i * 37) % 400)},${10 + ((i * 13) % 90)}`);
	return lines.join('\r\n') + '\r\n';
}

async function setFile(page: Page, name: string, text: string) {
	await page.getByLabel('Trace file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
}

/** The number in the trace summary's "Requests" fact. */
async function requestCount(page: Page): Promise<string> {
	const fact = page.locator('.trace-summary dl div').filter({ has: page.locator('dt', { hasText: /^Requests$/ }) });
	return ((await fact.locator('dd').first().textContent()) ?? '').trim();
}

test('an unrecognised CSV header: error and "Choose columns" form, the previous trace kept, mapped parse, study runs', async () => {
	const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(`${env.site.url}?sizes=100&gpus=1&bins=1`);
	await waitReady(page);

	// A recognised format: no form.
	await setFile(page, 'burst_prev.csv', burstGptV1(300));
	await expect.poll(() => traceSummary(page), { timeout: 30_000 }).toContain('burst_prev.csv');
	const form = page.getByRole('form', { name: 'Choose columns' });
	expect(await form.count()).toBe(0);

	// The unknown header: error, form with the header's columns, the previous trace still loaded.
	await setFile(page, 'my_trace.csv', plainCsv(150));
	const alert = page.getByRole('alert');
	await alert.waitFor({ timeout: 30_000 });
	expect(await alert.textContent()).toMatch(/Unrecognised header/);
	expect(await alert.textContent()).toContain('burst_prev.csv');
	await form.waitFor();
	expect(await form.textContent()).toContain('my_trace.csv');
	const arrival = form.getByLabel('Arrival time', { exact: true });
	expect(await arrival.locator('option').allTextContents()).toEqual(['— choose —', 'user', 't', 'n_in', 'n_out']);
	expect(await traceSummary(page)).toContain('burst_prev.csv');
	expect(await requestCount(page)).toBe('300');
	expect(await page.getByRole('button', { name: 'Run study' }).isEnabled()).toBe(true);

	// Nothing chosen for arrival yet: the button says why it waits.
	const parse = form.getByRole('button', { name: 'Parse with these columns' });
	await arrival.selectOption('');
	expect(await parse.isDisabled()).toBe(true);
	expect(await form.textContent()).toContain('Choose the column of the arrival time');

	// A choice that still fails (user names as prompt tokens): its message, the form stays, old trace kept.
	await arrival.selectOption('t');
	await form.getByLabel('Prompt tokens', { exact: true }).selectOption('user');
	await form.getByLabel('Output tokens', { exact: true }).selectOption('n_out');
	await form.getByLabel('milliseconds').check();
	await parse.click();
	await expect.poll(async () => (await alert.textContent()) ?? '', { timeout: 30_000 }).toMatch(/non-numeric user/);
	expect(await alert.textContent()).toContain('Check the columns chosen below');
	expect(await form.count()).toBe(1);
	// The form keeps what was chosen, so one change fixes it.
	expect(await arrival.inputValue()).toBe('t');
	expect(await form.getByLabel('milliseconds').isChecked()).toBe(true);
	expect(await traceSummary(page)).toContain('burst_prev.csv');

	// The right columns: the trace summary shows the mapped file with every row.
	await form.getByLabel('Prompt tokens', { exact: true }).selectOption('n_in');
	await screenshot(page, 'app-mapping-form');
	await parse.click();
	await expect.poll(() => traceSummary(page), { timeout: 30_000 }).toContain('my_trace.csv');
	expect(await traceSummary(page)).toContain('mapped-csv');
	expect(await requestCount(page)).toBe('150');
	// Arrivals were read as milliseconds: 149 gaps of 500 ms span 74.5 s.
	const span = page.locator('.trace-summary dl div').filter({ has: page.locator('dt', { hasText: /^Time span$/ }) });
	expect(await span.locator('dd').textContent()).toMatch(/^74\.5 s$/);
	expect(await page.getByRole('alert').count()).toBe(0);
	expect(await form.count()).toBe(0);

	// Usable: a tiny study runs on it.
	const line = await runStudy(page);
	expect(line.total).toBeGreaterThan(0);
	await screenshot(page, 'app-mapping-study');
	expect(errors).toEqual([]);
	await page.close();
});
