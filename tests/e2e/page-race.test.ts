// Issue 17 item 1: what the person did last wins. A reload starts restoring the last study and its
// trace from IndexedDB; a file dropped meanwhile must be the trace that stays loaded, every time,
// whether the restore finishes before or after the drop, and whether the file was seen before
// (the stored-parse path) or is new (the parse path). The shown study names the trace it ran on.
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, useSiteAndBrowser } from './browser';
import { runStudy, useSample, waitReady } from './helpers/page';

const env = useSiteAndBrowser();
const REPETITIONS = 20;

/** A small BurstGPT v1 file; `salt` changes the bytes (a new file) without changing its shape. */
function burstGpt(rows: number, salt: number): string {
	const lines = ['Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type'];
	for (let i = 0; i < rows; i++) {
		const req = 50 + ((i * 37 + salt) % 900);
		const res = 20 + ((i * 53) % 400);
		lines.push(`${i * 2},ChatGPT,${req},${res},${req + res},Conversation log`);
	}
	return lines.join('\n') + '\n';
}

/** Drops a file on the drop zone the way a browser does: a drop event carrying a DataTransfer. */
async function dropFile(page: Page, name: string, text: string): Promise<void> {
	await page.evaluate(
		({ name, text }) => {
			const dt = new DataTransfer();
			dt.items.add(new File([text], name, { type: 'text/csv' }));
			const zone = document.querySelector('.dropzone');
			if (!zone) throw new Error('no drop zone');
			zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
		},
		{ name, text }
	);
}

test('a file dropped right after a reload wins over the restored trace, 20 times out of 20', async () => {
	const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
	const page = await context.newPage();
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(`${env.site.url}?sizes=5000&gpus=1,2&bins=1`);
	await waitReady(page);
	await useSample(page);
	await runStudy(page);
	// The study names its trace and the trace's SHA-256 prefix.
	const header = page.locator('[data-results-header] [data-part="trace"]');
	expect(await header.textContent()).toMatch(/synthetic.*\(sha256 [0-9a-f]{12}\)/i);

	const outcomes: string[] = [];
	for (let i = 0; i < REPETITIONS; i++) {
		// Odd repetitions drop a file seen before (its stored parse is reused), even ones a new file.
		const name = i % 2 === 1 ? 'seen-before.csv' : `new-${i}.csv`;
		const text = burstGpt(300, i % 2 === 1 ? 0 : i + 1);
		await page.reload();
		await waitReady(page);
		// Spread the drop over the restore: at once, and up to 190 ms later.
		await page.waitForTimeout((i % 5) * 45);
		await dropFile(page, name, text);
		await page.locator('h1[data-startup="done"]').waitFor({ timeout: 30_000 });
		await page.locator('.trace-summary .trace-name', { hasText: name }).waitFor({ timeout: 30_000 });
		// Give any late restore time to (wrongly) land, then check again.
		await page.waitForTimeout(400);
		const shown = (await page.locator('.trace-summary .trace-name').textContent()) ?? '';
		outcomes.push(shown);
		expect(shown, `repetition ${i + 1}`).toBe(name);
		expect(await page.locator('.trace-summary .badge').count(), `repetition ${i + 1}: no SYNTHETIC badge`).toBe(0);
		// A restored study of the sample is still labelled as the sample's, and says it is not the loaded trace.
		if ((await page.locator('[data-results-header]').count()) > 0) {
			expect(await header.textContent()).toMatch(/synthetic/i);
			await page.locator('[data-trace-differs]').waitFor({ timeout: 10_000 });
		}
	}
	expect(outcomes.length).toBe(REPETITIONS);
	await screenshot(page, 'page-race-after-drop');
	expect(errors).toEqual([]);
	await context.close();
}, 600_000);
