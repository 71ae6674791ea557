/**
 * The Web Worker pool's watchdog in real (headless Debian) Chromium: a worker that closes itself
 * mid-run (no error event reaches the page, as with a silent out-of-memory kill) or wedges in an
 * endless loop fails only its own runs with "the worker stopped answering (out of memory?)", is
 * replaced, and every other run gives the in-process bits. The harness in tests/reliability/browser/
 * is bundled by Vite into a temporary folder and served on localhost.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from '../e2e/harness';

let harness: Harness;
const page = (): Page => harness.page;

interface Answer {
	failed: [string, string][];
	ok: number;
	okSame: boolean;
	workersMade: number;
	settledWithinS: number;
}
type Tests = { run(mode: 'close' | 'wedge'): Promise<Answer> };
const call = (mode: 'close' | 'wedge') => page().evaluate((m) => (window as unknown as { watchdogTests: Tests }).watchdogTests.run(m), mode);

beforeAll(async () => {
	harness = await openHarness(new URL('./browser/', import.meta.url), 'watchdogTests');
}, 60_000);

afterAll(async () => {
	await harness?.close();
});

describe('Web Worker pool watchdog in Chromium', () => {
	it.each(['close', 'wedge'] as const)('a worker that goes silent (%s) fails only its runs and is replaced', async (mode) => {
		const r = await call(mode);
		expect(r.failed.map(([k]) => k).sort()).toEqual(['n=300|multibin|g=2|k=2', 'n=600|multibin|g=2|k=2']);
		for (const [, msg] of r.failed) expect(msg).toMatch(/^the worker stopped answering \(out of memory\?\): no sign of life for \d+ s, so it was restarted/);
		// 2 sizes × (2 GPU counts × (2 bin counts + a continuous row) + 2 oracle bin runs), less the 2 lost.
		expect(r.ok).toBe(14);
		expect(r.okSame).toBe(true);
		// Two initial workers plus one replacement per silent death.
		expect(r.workersMade).toBe(4);
	}, 30_000);
});
