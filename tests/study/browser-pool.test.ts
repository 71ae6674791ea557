/**
 * The Web Worker pool in real (headless Debian) Chromium: determinism across pool sizes, a crashing
 * worker failing only its runs, and cancel. The harness in tests/study/browser/ is bundled by Vite
 * into a temporary folder (not build/) and served on localhost.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, serveSite, type Site } from '../e2e/browser';

let outDir = '';
let site: Site;
let browser: Browser;
let page: Page;

type Tests = Record<'determinism' | 'crash' | 'cancel', () => Promise<Record<string, unknown>>>;
const call = (name: keyof Tests) => page.evaluate((n) => (window as unknown as { poolTests: Tests }).poolTests[n](), name);

beforeAll(async () => {
	outDir = mkdtempSync(join(tmpdir(), 'servescope-pool-test-'));
	await build({
		configFile: false,
		root: fileURLToPath(new URL('./browser/', import.meta.url)),
		base: './',
		logLevel: 'error',
		worker: { format: 'es' },
		build: { outDir, emptyOutDir: true, target: 'es2022' }
	});
	site = await serveSite({ dir: outDir });
	browser = await launch();
	page = await browser.newPage();
	await page.goto(site.url + 'index.html');
	await page.waitForFunction(() => 'poolTests' in window);
}, 60_000);

afterAll(async () => {
	await browser?.close();
	await site?.close();
	if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe('Web Worker pool in Chromium', () => {
	it('results are identical with 1 and 3 workers and in-process; the page keeps its arrays', async () => {
		const r = await call('determinism');
		expect(r).toEqual({ same1: true, same3: true, pageArrayLength: 800, runs: 12 });
	});

	it('a worker that crashes fails only its own runs', async () => {
		const r = (await call('crash')) as { failed: [string, string][]; ok: number };
		expect(r.failed.map(([k]) => k).sort()).toEqual(['n=400|multibin|g=2|k=2', 'n=800|multibin|g=2|k=2']);
		for (const [, msg] of r.failed) expect(msg).toMatch(/worker crashed/);
		expect(r.ok).toBe(10);
	});

	it('cancel rejects as cancelled and the pool runs again', async () => {
		expect(await call('cancel')).toEqual({ cancelled: true, againOk: true });
	});
});
