// Steps on the study page shared by the e2e proofs and the page benchmark. They rely only on
// accessible names ("Use built-in sample", "Run study", "Trace file") and the page's data-ready hook.
import type { Page } from 'playwright-core';

/** Waits until the prerendered page has hydrated and read its URL (the h1 carries data-ready="yes"). */
export async function waitReady(page: Page, timeout = 60_000): Promise<void> {
	await page.locator('h1[data-ready="yes"]').waitFor({ timeout });
}

/** Text of the trace summary, or '' while none is shown. */
export async function traceSummary(page: Page): Promise<string> {
	const s = page.locator('.trace-summary');
	return (await s.count()) ? ((await s.first().textContent()) ?? '') : '';
}

/** Generates the built-in SYNTHETIC sample and waits for its summary. */
export async function useSample(page: Page, timeout = 120_000): Promise<void> {
	await page.getByRole('button', { name: /Use built-in sample/ }).click();
	await page.locator('.trace-summary', { hasText: 'SYNTHETIC' }).waitFor({ timeout });
}

/** What the run panel says when a study ends: how many runs were simulated and reused. */
export interface StudyLine {
	text: string;
	simulated: number;
	reused: number;
	total: number;
}

/** Parses the run panel's status line ("Simulated 12 runs ..." or "Reused 4 of 12 runs ...; simulated 8."). */
export function parseStudyLine(text: string): StudyLine | null {
	const fresh = /Simulated (\d+) runs/.exec(text);
	if (fresh) return { text, simulated: Number(fresh[1]), reused: 0, total: Number(fresh[1]) };
	const reuse = /Reused (\d+) of (\d+) runs.*?simulated (\d+)/.exec(text);
	if (reuse) return { text, reused: Number(reuse[1]), total: Number(reuse[2]), simulated: Number(reuse[3]) };
	return null;
}

/**
 * Presses "Run study" and waits for the run panel's final status line; fails with the page's alert
 * text when the study reports an error instead.
 */
export async function runStudy(page: Page, timeout = 150_000): Promise<StudyLine> {
	// The line of a previous run stays on screen until the new run starts (the page first awaits the
	// trace hash): mark it stale, so only the element the page draws after this run can match.
	await page.locator('.run-panel [role="status"]').evaluateAll((els) => els.forEach((e) => e.setAttribute('data-e2e-stale', '')));
	await page.getByRole('button', { name: 'Run study' }).click();
	const line = page.locator('.run-panel [role="status"]:not([data-e2e-stale])', { hasText: /Simulated \d+ runs|Reused \d+ of \d+ runs/ });
	const alert = page.locator('.run-panel [role="alert"]');
	await line.or(alert).first().waitFor({ timeout });
	if ((await alert.count()) > 0) throw new Error(`the study failed: ${await alert.first().textContent()}`);
	const text = (await line.first().textContent()) ?? '';
	const parsed = parseStudyLine(text);
	if (!parsed) throw new Error(`unexpected study status line: ${text}`);
	return parsed;
}

/** Pathnames of every entry in the page's Cache Storage (the service worker's precache). */
export async function cachedPaths(page: Page): Promise<string[]> {
	return page.evaluate(async () => {
		const out: string[] = [];
		for (const name of await caches.keys()) {
			const cache = await caches.open(name);
			for (const req of await cache.keys()) out.push(new URL(req.url).pathname);
		}
		return out;
	});
}
