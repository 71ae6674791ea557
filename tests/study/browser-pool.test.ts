/**
 * The Web Worker pool in real (headless Debian) Chromium: determinism across pool sizes, a crashing
 * worker failing only its runs, and cancel. The harness in tests/study/browser/ is bundled by Vite
 * into a temporary folder (not build/) and served on localhost.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from '../e2e/harness';

let harness: Harness;
const page = (): Page => harness.page;

type Tests = Record<'determinism' | 'crash' | 'cancel', () => Promise<Record<string, unknown>>>;
const call = (name: keyof Tests) => page().evaluate((n) => (window as unknown as { poolTests: Tests }).poolTests[n](), name);

beforeAll(async () => {
	harness = await openHarness(new URL('./browser/', import.meta.url), 'poolTests');
}, 60_000);

afterAll(async () => {
	await harness?.close();
});

describe('Web Worker pool in Chromium', () => {
	it('results are identical with 1 and 3 workers and in-process; the page keeps its arrays', async () => {
		const r = await call('determinism');
		// 2 sizes × (3 GPU counts × (2 bin counts + a continuous row) + 2 oracle bin runs at 1 GPU).
		expect(r).toEqual({ same1: true, same3: true, pageArrayLength: 800, runs: 22 });
	});

	it('a worker that crashes fails only its own runs', async () => {
		const r = (await call('crash')) as { failed: [string, string][]; ok: number };
		expect(r.failed.map(([k]) => k).sort()).toEqual(['n=400|multibin|g=2|k=2', 'n=800|multibin|g=2|k=2']);
		for (const [, msg] of r.failed) expect(msg).toMatch(/worker crashed/);
		expect(r.ok).toBe(20);
	});

	it('cancel rejects as cancelled and the pool runs again', async () => {
		expect(await call('cancel')).toEqual({ cancelled: true, againOk: true });
	});
});
