// Hostile files and extreme numbers in the page: a 32 MB gzip of repeated valid rows is refused
// while it streams, with a message naming the limit and the setting that raises it, and the
// previous trace stays loaded; the "Trace limits" settings change what is refused; a header with
// a duplicated column name is refused with a message; ?rps=1e-300 is refused with a notice.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, expect, test } from 'vitest';
import { useSiteAndBrowser } from './browser';
import { traceSummary, useSample, waitReady } from './helpers/page';

const env = useSiteAndBrowser();
const dir = mkdtempSync(join(tmpdir(), 'servescope-hostile-'));
const BOMB = join(dir, 'repeated-rows.csv.gz');

beforeAll(() => {
	// One gzip member of 64 MiB of a repeated valid BurstGPT row (~65 KB), repeated to 32 MB: a valid
	// multi-member gzip of about 32 GB of rows. Made in a second, where one 32 MB member takes a minute.
	const row = '5,ChatGPT,472,18,490,Conversation log\n';
	const header = gzipSync('Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type\n' + row.repeat(1 << 20), { level: 9 });
	const body = gzipSync(row.repeat(Math.ceil((64 * 2 ** 20) / row.length)), { level: 9 });
	const parts = [header];
	let size = header.length;
	while (size < 32 * 2 ** 20) {
		parts.push(body);
		size += body.length;
	}
	writeFileSync(BOMB, Buffer.concat(parts));
});

test('a 32 MB gzip of repeated rows is refused by its expansion; the previous trace stays', async () => {
	const page = await env.browser.newPage();
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(env.site.url);
	await waitReady(page);
	await useSample(page);
	const t0 = Date.now();
	await page.locator('input[aria-label="Trace file"]').setInputFiles(BOMB);
	const alert = page.locator('.alert[role="alert"]', { hasText: 'could not be loaded' });
	await alert.waitFor({ timeout: 60_000 });
	const text = (await alert.textContent()) ?? '';
	expect(text).toMatch(/expands more than 100× when decompressed/);
	expect(text).toMatch(/Largest gzip expansion/);
	expect(text).toMatch(/is still loaded/);
	expect(await traceSummary(page)).toContain('SYNTHETIC');
	console.log(`page refused the 32 MB gzip in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

	// Raising the ratio in the page's settings lets it stream on, to the request limit set there.
	await page.locator('summary', { hasText: 'Trace limits' }).click();
	await page.getByLabel('Largest gzip expansion (×)').fill('100000');
	await page.getByLabel('Most requests').fill('50000');
	await page.locator('input[aria-label="Trace file"]').setInputFiles(BOMB);
	await page.locator('.alert[role="alert"]', { hasText: /more than 50,000 requests/ }).waitFor({ timeout: 60_000 });
	expect(await page.locator('.alert[role="alert"]').textContent()).toMatch(/Most requests/);
	expect(await traceSummary(page)).toContain('SYNTHETIC');
	expect(errors).toEqual([]);
	await page.close();
});

test('a header that names a column twice is refused with a message, not offered for mapping', async () => {
	const page = await env.browser.newPage();
	await page.goto(env.site.url);
	await waitReady(page);
	await page.locator('input[aria-label="Trace file"]').setInputFiles({ name: 'dup.csv', mimeType: 'text/csv', buffer: Buffer.from('time,tokens,tokens,out\n1,2,3,4\n') });
	const alert = page.locator('.alert[role="alert"]', { hasText: 'could not be loaded' });
	await alert.waitFor({ timeout: 30_000 });
	expect(await alert.textContent()).toMatch(/names the same column more than once: "tokens" \(columns 2 and 3\)/);
	expect(await page.getByRole('button', { name: 'Parse with these columns' }).count()).toBe(0);
	await page.close();
});

test('?rps=1e-300 is refused with a notice that says why', async () => {
	const page = await env.browser.newPage();
	await page.goto(env.site.url + '?rps=1e-300');
	await waitReady(page);
	const notice = page.locator('.notice', { hasText: 'Some settings in the link were ignored' });
	await notice.waitFor({ timeout: 10_000 });
	expect(await notice.textContent()).toMatch(/rps: an RPS scale of 1\.000e-300 .* cannot resolve a microsecond/);
	await page.close();
});
