// Calibration in the page: upload measured step times, get a profile with its fit error, used by the
// scenario and carried in the URL, kept in IndexedDB across a reload; a bad file gets its message.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { screenshot, useSiteAndBrowser } from './browser';
import { waitReady } from './helpers/page';

const env = useSiteAndBrowser();
const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'fidelity', 'h200_llama-3.1-8b.jsonl');

test('upload → calibrated profile with fit error → used, in the URL, kept after reload; bad file refused', async () => {
	const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(`${env.site.url}?gpu=h200-sxm&sizes=100&gpus=1&bins=1`);
	await waitReady(page);
	const used = page.getByTestId('perf-used');
	// The default: the per-operator model with the H200's built-in calibrated profile.
	await expect.poll(() => used.textContent()).toMatch(/Runs use: per-operator model, calibrated from measurements \(2026-11-30\)/);

	await page.getByLabel('Measured step times (JSON Lines or CSV)').setInputFiles({ name: 'llama.jsonl', mimeType: 'text/plain', buffer: readFileSync(FIXTURE) });
	const result = page.getByTestId('calibration-result');
	await result.waitFor({ timeout: 60_000 });
	expect(await result.textContent()).toMatch(/Calibrated for h200-sxm from 12 steps: median \d+\.\d%, p90\s+\d+\.\d%, max/);
	await expect.poll(() => used.textContent()).toMatch(/Runs use: per-operator model, calibrated from llama\.jsonl \(12 steps/);
	// per-op is the default model, so the link carries only the profile.
	await expect.poll(() => page.url()).toMatch(/prof=[^&]+&profl=calibrated/);
	await screenshot(page, 'calibration');

	await page.reload();
	await waitReady(page);
	await expect.poll(() => used.textContent()).toMatch(/calibrated from llama\.jsonl/);
	// The stored profile is listed for the GPU (IndexedDB), with its fit error.
	await expect.poll(() => page.locator('.calibration .saved').count(), { timeout: 10_000 }).toBe(1);

	await page.getByLabel('Datasheet roofline', { exact: false }).check();
	await expect.poll(() => used.textContent()).toMatch(/datasheet roofline/);
	await expect.poll(() => page.url()).toMatch(/perf=roofline/);

	await page.getByLabel('Measured step times (JSON Lines or CSV)').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('gpu,model,kind,batch,ms\nh200-sxm,qwen3-1.7b,decode,1,2.5\n') });
	await expect.poll(() => page.getByRole('alert').filter({ hasText: 'bad.csv' }).textContent()).toMatch(/the header lacks newTokens, contextTokens/);
	expect(errors).toEqual([]);
	await page.close();
}, 240_000);
