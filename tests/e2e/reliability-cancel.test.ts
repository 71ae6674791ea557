// Cancel always cancels: pressed 0, 10 and 20 ms after Run, while "Preparing workloads…" shows,
// near the end of Step 1 and at the start of Step 2, 20 times each. Every press must end the study
// with the cancelled message (never "Simulated N runs"), and a cancel near the end of Step 1 keeps
// the finished simulations: a re-run reuses them. The timing runs inside the page (a
// MutationObserver on the run panel), so the press lands within a frame of the moment named.
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { useSiteAndBrowser } from './browser';
import { useSample, waitReady } from './helpers/page';

const env = useSiteAndBrowser();
const REPEATS = 20;
// 2 sizes × 2 GPU counts × 2 bin counts = 8 Step 1 runs, then 2 × 5 Step 2 methods.
const QUERY = '?sizes=200,400&gpus=1,2&bins=1,2';
const STEP1_RUNS = 8;

type Mode = { kind: 'delay'; ms: number } | { kind: 'preparing' } | { kind: 'end-step1' } | { kind: 'step2' };

interface Press {
	fired: boolean;
	label: string;
	alert: string;
	status: string;
}

/** One Run + Cancel with a fresh seed (so nothing is cached and the study cannot finish early). */
async function pressOnce(page: Page, seed: number, mode: Mode): Promise<Press> {
	return page.evaluate(
		async ({ seed, mode, step1Runs }) => {
			const panel = document.querySelector('.run-panel') as HTMLElement;
			const button = (name: string) => [...panel.querySelectorAll('button')].find((b) => b.textContent?.trim() === name) as HTMLButtonElement | undefined;
			const label = () => panel.querySelector('label[for="study-progress"]')?.textContent ?? '';
			const seedInput = document.querySelector('#f-seed') as HTMLInputElement;
			seedInput.value = String(seed);
			seedInput.dispatchEvent(new Event('input', { bubbles: true }));
			await new Promise((r) => setTimeout(r, 30));
			const run = button('Run study');
			if (!run || run.disabled) throw new Error(`Run study is not available: ${panel.textContent}`);
			const t0 = performance.now();
			let fired = false;
			let pressedLabel = '';
			const due = (): boolean => {
				const text = label();
				if (mode.kind === 'delay') return performance.now() - t0 >= mode.ms;
				if (mode.kind === 'preparing') return /Preparing workloads/.test(text);
				if (mode.kind === 'step2') return /Step 2 methods/.test(text);
				const m = /Step 1 grid: (\d+) of/.exec(text);
				return !!m && Number(m[1]) >= step1Runs - 1;
			};
			let sawCancel = false;
			await new Promise<void>((resolve) => {
				const check = () => {
					if (fired) return;
					const cancel = button('Cancel');
					if (cancel) sawCancel = true;
					if (cancel && due()) {
						fired = true;
						pressedLabel = label();
						cancel.click();
					}
					// Done: pressed; or the study ended without the moment coming (a failure below); or
					// Cancel never appeared within 30 s (the page first hashes the trace, slow on a busy machine).
					if (fired || (sawCancel && !cancel) || performance.now() - t0 > 30_000) {
						obs.disconnect();
						clearInterval(timer);
						resolve();
					}
				};
				const obs = new MutationObserver(check);
				obs.observe(panel, { subtree: true, childList: true, characterData: true, attributes: true });
				const timer = setInterval(check, 1);
				run.click();
				if (mode.kind === 'delay' && mode.ms === 0) queueMicrotask(check);
			});
			// Wait for the study to settle (Run study enabled again).
			const start = performance.now();
			while (button('Cancel') || button('Run study')?.disabled) {
				if (performance.now() - start > 60_000) throw new Error('the study did not settle within 60 s');
				await new Promise((r) => setTimeout(r, 10));
			}
			return {
				fired,
				label: pressedLabel,
				alert: panel.querySelector('[role="alert"]')?.textContent ?? '',
				status: panel.querySelector('[role="status"]')?.textContent ?? ''
			};
		},
		{ seed, mode, step1Runs: STEP1_RUNS }
	);
}

test('Cancel is honoured at every moment, 20 times each, and finished runs are kept', async () => {
	const context = await env.browser.newContext();
	const page = await context.newPage();
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(env.site.url + QUERY);
	await waitReady(page);
	await useSample(page);

	const modes: [string, Mode][] = [
		['0 ms after Run', { kind: 'delay', ms: 0 }],
		['10 ms after Run', { kind: 'delay', ms: 10 }],
		['20 ms after Run', { kind: 'delay', ms: 20 }],
		['while preparing workloads', { kind: 'preparing' }],
		['near the end of Step 1', { kind: 'end-step1' }],
		['at the start of Step 2', { kind: 'step2' }]
	];
	let seed = 100;
	const ignored: string[] = [];
	let lastEndOfStep1 = 0;
	for (const [name, mode] of modes) {
		for (let i = 0; i < REPEATS; i++) {
			const p = await pressOnce(page, ++seed, mode);
			if (!p.fired || !/The study was cancelled/.test(p.alert) || /Simulated \d+ runs|Reused \d+ of/.test(p.status)) {
				ignored.push(`${name} #${i + 1}: fired=${p.fired} at "${p.label}"; alert "${p.alert}"; status "${p.status}"`);
			}
			if (mode.kind === 'end-step1') {
				const kept = /The (\d+) simulations? it finished/.exec(p.alert);
				if (!kept || Number(kept[1]) < STEP1_RUNS - 1) ignored.push(`${name} #${i + 1}: finished runs not kept: "${p.alert}"`);
				lastEndOfStep1 = seed;
			}
		}
	}
	expect(ignored).toEqual([]);

	// The last study cancelled near the end of Step 1 resumes from its saved runs.
	await page.fill('#f-seed', String(lastEndOfStep1));
	await page.getByRole('button', { name: 'Run study' }).click();
	const line = page.locator('.run-panel [role="status"]', { hasText: /Reused \d+ of \d+ runs/ });
	await line.waitFor({ timeout: 60_000 });
	const m = /Reused (\d+) of/.exec((await line.textContent()) ?? '');
	expect(Number(m?.[1])).toBeGreaterThanOrEqual(STEP1_RUNS - 1);
	expect(errors).toEqual([]);
	await context.close();
});
