/**
 * The Web Worker pool's watchdog in real (headless Debian) Chromium: a worker that closes itself
 * mid-run (no error event reaches the page, as with a silent out-of-memory kill) or wedges in an
 * endless loop fails only its own runs with "the worker stopped answering (out of memory?)", is
 * replaced, and every other run gives the in-process bits. The harness in tests/reliability/browser/
 * is bundled by Vite into a temporary folder and served on localhost.
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

interface Answer {
	failed: [string, string][];
	ok: number;
	okSame: boolean;
	workersMade: number;
	settledWithinS: number;
}
type Tests = { run(mode: 'close' | 'wedge'): Promise<Answer> };
const call = (mode: 'close' | 'wedge') => page.evaluate((m) => (window as unknown as { watchdogTests: Tests }).watchdogTests.run(m), mode);

beforeAll(async () => {
	outDir = mkdtempSync(join(tmpdir(), 'servescope-watchdog-test-'));
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
	await page.waitForFunction(() => 'watchdogTests' in window);
}, 60_000);

afterAll(async () => {
	await browser?.close();
	await site?.close();
	if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe('Web Worker pool watchdog in Chromium', () => {
	it.each(['close', 'wedge'] as const)('a worker that goes silent (%s) fails only its runs and is replaced', async (mode) => {
		const r = await call(mode);
		expect(r.failed.map(([k]) => k).sort()).toEqual(['n=300|multibin|g=2|k=2', 'n=600|multibin|g=2|k=2']);
		for (const [, msg] of r.failed) expect(msg).toMatch(/^the worker stopped answering \(out of memory\?\): no sign of life for \d+ s, so it was restarted/);
		expect(r.ok).toBe(6);
		expect(r.okSame).toBe(true);
		// Two initial workers plus one replacement per silent death.
		expect(r.workersMade).toBe(4);
	}, 30_000);
});
