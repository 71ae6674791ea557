// A browser harness: a folder with index.html + main.ts (and workers) that Vite bundles into a temp
// folder, served on localhost and opened in headless Chromium. Used by the pool tests and the study
// benchmark to run library code (not the app) in a real browser.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { launch, serveSite } from './browser';

export interface Harness {
	page: Page;
	/** Closes the browser and the server and deletes the bundle. */
	close(): Promise<void>;
}

/**
 * Bundles the harness folder `root` (a URL such as new URL('./browser/', import.meta.url)), serves it,
 * opens index.html and waits until `readyGlobal` exists on window.
 */
export async function openHarness(root: URL, readyGlobal: string): Promise<Harness> {
	const outDir = mkdtempSync(join(tmpdir(), 'servescope-harness-'));
	const cleanup: (() => Promise<void> | void)[] = [() => rmSync(outDir, { recursive: true, force: true })];
	const close = async () => {
		for (const f of cleanup.reverse()) await f();
	};
	try {
		await build({
			configFile: false,
			root: fileURLToPath(root),
			base: './',
			logLevel: 'error',
			worker: { format: 'es' },
			build: { outDir, emptyOutDir: true, target: 'es2022' }
		});
		const site = await serveSite({ dir: outDir });
		cleanup.push(() => site.close());
		const browser = await launch();
		cleanup.push(() => browser.close());
		const page = await browser.newPage();
		await page.goto(site.url + 'index.html');
		await page.waitForFunction((name) => name in window, readyGlobal);
		return { page, close };
	} catch (e) {
		await close();
		throw e;
	}
}
