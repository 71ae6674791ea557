// Issue 6: after one visit the page works with no network at all. The service worker precaches the
// built app (worker chunks included); offline, a reload still loads the page, restores the cached
// trace and study from IndexedDB, and a study that must simulate new configurations runs.
import { expect, test } from 'vitest';
import { screenshot } from './browser';
import { workerChunks } from './helpers/build';
import { useGatedSnapshot } from './helpers/gated-server';
import { cachedPaths, runStudy, traceSummary, useSample, waitReady } from './helpers/page';

const env = useGatedSnapshot();

test('offline after the first visit: the page loads, restores the cached trace and runs a new study', async () => {
	const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
	const page = await context.newPage();
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));

	// First visit, online: load the sample and run a small study (trace and runs go to IndexedDB).
	await page.goto(`${env.site.url}?sizes=200,1000&gpus=1,2&bins=1,2`);
	await waitReady(page);
	// Bounded wait: without a working service worker `ready` never settles.
	const scope = await page.evaluate(() =>
		Promise.race([navigator.serviceWorker.ready.then((r) => r.scope), new Promise<string>((r) => setTimeout(() => r('no service worker became active in 30 s'), 30_000))])
	);
	expect(scope).toBe(env.site.url);
	await useSample(page);
	const first = await runStudy(page);
	expect(first.simulated).toBeGreaterThan(0);

	// Reload once: the active worker now controls the page, and its precache holds every app file,
	// both Web Worker chunks included (precached at install, before activation).
	await page.reload();
	await waitReady(page);
	expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
	const cached = await cachedPaths(page);
	const chunks = workerChunks(env.build.dir);
	expect(chunks.length).toBeGreaterThanOrEqual(2);
	for (const c of chunks) expect(cached).toContain(`/_app/immutable/workers/${c}`);
	expect(cached).toContain('/');

	// Cut the network twice over: the browser is offline and the server drops every connection.
	env.site.online = false;
	await context.setOffline(true);
	const hitsBefore = env.site.hits.length;

	await page.reload();
	await waitReady(page);
	await expect.poll(() => traceSummary(page), { timeout: 30_000 }).toContain('SYNTHETIC');
	await page.getByText('Restored the last study').waitFor({ timeout: 30_000 });
	await page.getByRole('heading', { name: 'GPU scaling' }).waitFor({ timeout: 30_000 });

	// A GPU count never simulated before: the study must start the sim workers (from the cache) and
	// simulate those runs, reusing the rest from IndexedDB.
	await page.getByRole('textbox', { name: 'GPU counts', exact: true }).fill('1,3');
	const offline = await runStudy(page);
	expect(offline.simulated).toBeGreaterThanOrEqual(4); // 2 sizes × 2 bin counts at 3 GPUs
	expect(offline.reused).toBeGreaterThan(0);
	await page.getByRole('heading', { name: 'GPU scaling' }).waitFor();
	expect(await page.locator('.results table').count()).toBeGreaterThan(0);
	await screenshot(page, 'offline-study');

	// A new tab with a link never visited (another query) also opens offline, from the app shell.
	const tab = await context.newPage();
	tab.on('pageerror', (e) => errors.push(e.message));
	await tab.goto(`${env.site.url}?sizes=200&gpus=1&bins=1`);
	await waitReady(tab);
	expect(await tab.getByRole('textbox', { name: 'GPU counts', exact: true }).inputValue()).toBe('1');
	await expect.poll(() => traceSummary(tab), { timeout: 30_000 }).toContain('SYNTHETIC');

	// Nothing got through: any request that still reached the server was cut (status 0).
	const offlineHits = env.site.hits.slice(hitsBefore);
	console.log(`offline: ${offlineHits.length} request(s) reached the cut server: ${offlineHits.map((h) => h.path).join(', ') || 'none'}`);
	expect(offlineHits.filter((h) => h.status !== 0)).toEqual([]);
	expect(errors).toEqual([]);
	await context.close();
});
