// Issue 17 item 6: a glossary on How it works, and every metric name in the results' table headers and
// chart axis titles carries its definition (tooltip) and, in tables, a link to its glossary entry.
import { expect, test } from 'vitest';
import { useSiteAndBrowser } from './browser';
import { runStudy, useSample, waitReady } from './helpers/page';

const env = useSiteAndBrowser();
const WORDS = ['TTFT', 'TPOT', 'ITL', 'E2E', 'P95', 'Goodput', 'SLO attainment', 'Bins', 'Knee', 'Oracle', 'MFU', 'η'];

test('glossary entries exist, and results headers and axes link or explain every term they name', async () => {
	const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
	const page = await context.newPage();
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(env.site.url + 'how-it-works/');
	await page.getByRole('heading', { name: 'Glossary' }).waitFor();
	const glossary = (await page.locator('.glossary').textContent()) ?? '';
	for (const w of WORDS) expect(glossary, w).toContain(w);
	const ids = await page.locator('.glossary [id^="g-"]').evaluateAll((els) => els.map((e) => e.id));

	await page.goto(env.site.url + '?sizes=300&gpus=1,2&bins=1,2');
	await waitReady(page);
	await useSample(page);
	await runStudy(page);
	for (const s of await page.locator('details.as-table > summary').all()) await s.click();
	await page.waitForTimeout(300);
	// Every header naming a term has a tooltip and a link to an existing glossary entry.
	const headers = await page.locator('.results th').evaluateAll((ths) =>
		ths.map((th) => ({ text: th.textContent ?? '', title: (th as HTMLElement).title, href: th.querySelector('a.term-link')?.getAttribute('href') ?? '' }))
	);
	const named = headers.filter((h) => /TTFT|TPOT|ITL|E2E|P95|[Gg]oodput|SLO attainment|[Kk]nee/.test(h.text));
	expect(named.length).toBeGreaterThan(5);
	for (const h of named) {
		expect(h.title, h.text).not.toBe('');
		const anchor = h.href.split('#')[1] ?? '';
		expect(ids, `${h.text} -> ${h.href}`).toContain(anchor);
	}
	// Axis titles naming a term carry a tooltip (<title>) in the SVG.
	const axes = await page.locator('.results svg g.axes > text[fill="#111111"]').evaluateAll((ts) =>
		ts.map((t) => ({ text: [...t.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join(''), tip: t.querySelector('title')?.textContent ?? '' }))
	);
	const p95Axes = axes.filter((a) => /P95|E2E|tok\/s/.test(a.text));
	expect(p95Axes.length).toBeGreaterThan(1);
	for (const a of p95Axes) expect(a.tip, a.text).not.toBe('');
	// A link lands on its entry.
	const first = named[0].href;
	await page.goto(new URL(first, page.url()).href);
	await page.locator('.glossary').waitFor();
	expect(await page.locator(`#${first.split('#')[1]}`).evaluate((e) => e.matches(':target'))).toBe(true);
	expect(errors).toEqual([]);
	await context.close();
});
