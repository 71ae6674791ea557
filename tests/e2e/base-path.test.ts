// Issue 6: the site built with BASE_PATH=/servescope works from that sub-folder of a static host:
// the page, both Web Workers (parse and sim pool), the service worker and the second page all load
// from under /servescope/, and no request 404s or leaves the sub-folder.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, screenshot, serveSite, type Site } from './browser';
import { buildAtBase, workerChunks, type PrivateBuild } from './helpers/build';
import { runStudy, waitReady } from './helpers/page';

const BASE = '/servescope';

let build: PrivateBuild;
let site: Site;
let browser: Browser;
beforeAll(async () => {
	// Built in a temp copy of the project: build/ in the shared tree belongs to the root-path build.
	build = await buildAtBase(BASE);
	site = await serveSite({ dir: build.dir, base: BASE });
	browser = await launch();
}, 240_000);
afterAll(async () => {
	await browser?.close();
	await site?.close();
	build?.cleanup();
});

/** A small BurstGPT v1 CSV (300 rows, a few failed rows with 0 response tokens). */
function smallCsv(n = 300): string {
	const lines = ['Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type'];
	for (let i = 0; i < n; i++) {
		const req = 40 + ((i * 41) % 700);
		const res = i % 40 === 3 ? 0 : 10 + ((i * 29) % 300);
		lines.push(`${i * 3},ChatGPT,${req},${res},${req + res},Conversation log`);
	}
	return lines.join('\n') + '\n';
}

test('the /servescope/ build loads its page, workers and service worker with no 404s', async () => {
	const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	const page = await context.newPage();
	const errors: string[] = [];
	const bad: string[] = [];
	const seen: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	// Context-level events also see requests made by workers.
	context.on('response', (r) => {
		seen.push(r.url());
		if (r.status() >= 400) bad.push(`${r.status()} ${r.url()}`);
	});
	context.on('requestfailed', (r) => bad.push(`failed ${r.url()}: ${r.failure()?.errorText}`));

	expect(site.url).toMatch(/\/servescope\/$/);
	await page.goto(`${site.url}?sizes=200&gpus=1,2&bins=1,2`);
	await waitReady(page);

	// The service worker registers from the sub-folder, with the sub-folder as its scope; its install
	// precaches every app file, so an app URL built without the base would 404 and `ready` never settles.
	const scope = await page.evaluate(() =>
		Promise.race([navigator.serviceWorker.ready.then((r) => r.scope), new Promise<string>((r) => setTimeout(() => r('no service worker became active in 30 s'), 30_000))])
	);
	expect(scope).toBe(site.url);

	// The parse worker: a small CSV through the file input.
	await page.getByLabel('Trace file').setInputFiles({ name: 'small_burstgpt.csv', mimeType: 'text/csv', buffer: Buffer.from(smallCsv()) });
	await page.locator('.trace-summary', { hasText: 'small_burstgpt.csv' }).waitFor({ timeout: 60_000 });

	// The sim pool: a tiny study (4 Step 1 runs + Step 2 methods).
	const line = await runStudy(page);
	expect(line.simulated).toBeGreaterThan(0);
	await page.getByRole('heading', { name: 'GPU scaling' }).waitFor();

	// Both worker chunks were fetched from under the base (from the network or the service worker).
	for (const chunk of workerChunks(build.dir)) {
		expect(seen.some((u) => u.endsWith(`${BASE}/_app/immutable/workers/${chunk}`))).toBe(true);
	}

	// The navigation to the second page stays in the sub-folder and hydrates there.
	await page.getByRole('link', { name: 'How it works', exact: true }).click();
	await page.waitForURL((u) => u.pathname.startsWith(`${BASE}/how-it-works`));
	await page.getByRole('heading', { level: 1 }).first().waitFor();
	await screenshot(page, 'base-path-how');

	const origin = new URL(site.url).origin;
	const outside = seen.filter((u) => !u.startsWith(`${origin}${BASE}/`) && !u.startsWith('blob:') && !u.startsWith('data:'));
	expect(outside).toEqual([]);
	expect(bad).toEqual([]);
	expect(errors).toEqual([]);
	await context.close();
});
