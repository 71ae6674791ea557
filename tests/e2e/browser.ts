// Shared set-up for the e2e tests: serve build/ on localhost and drive Debian's Chromium.
import { afterAll, beforeAll } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { serveBuild } from '../../scripts/serve.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = 'test-results/e2e';

/** Flags that keep Chromium quiet on a machine with no network but loopback. */
const FLAGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage'
];

export interface Site {
	url: string;
	close: () => Promise<void>;
}

/** Serves the built site, optionally under a base path (the build must have been made with it). */
export async function serveSite(opts: { dir?: string; base?: string } = {}): Promise<Site> {
	return serveBuild({ dir: opts.dir, base: opts.base ?? '' });
}

/** Launches headless Chromium. */
export async function launch(): Promise<Browser> {
	return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

/** Saves a screenshot as a test artifact. */
export async function screenshot(page: Page, name: string): Promise<void> {
	mkdirSync(ARTIFACTS, { recursive: true });
	await page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
}

/**
 * For a whole test file: serves build/ and launches Chromium before its tests, closes both after.
 * Read `env.site` and `env.browser` inside tests (they are set once beforeAll has run).
 */
export function useSiteAndBrowser(): { readonly site: Site; readonly browser: Browser } {
	const env = {} as { site: Site; browser: Browser };
	beforeAll(async () => {
		env.site = await serveSite();
		env.browser = await launch();
	});
	afterAll(async () => {
		await env.browser?.close();
		await env.site?.close();
	});
	return env;
}
