// Layout checks the page tests share: sideways overflow and overlapping chart text, measured with the
// browser's own boxes.
import type { Page } from 'playwright-core';

/**
 * What sticks out sideways: the document's scroll width against the viewport, and each element whose
 * box passes the viewport's right edge without sitting inside a container that scrolls or clips it
 * (a table's own scroll box may be wider than the screen; the page may not).
 */
export async function sidewaysOverflow(page: Page): Promise<{ scrollWidth: number; viewport: number; offenders: string[] }> {
	return page.evaluate(() => {
		const vw = document.documentElement.clientWidth;
		const offenders: string[] = [];
		const clipped = (el: Element) => {
			for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
				if (/(auto|scroll|hidden|clip)/.test(getComputedStyle(p).overflowX)) return true;
			}
			return false;
		};
		for (const el of document.querySelectorAll('body *')) {
			const r = el.getBoundingClientRect();
			if (r.width === 0 || r.right <= vw + 0.5 || el.classList.contains('skip') || clipped(el)) continue;
			const cls = typeof el.className === 'string' ? el.className : '';
			const where = el.closest('section[aria-label], section[aria-labelledby], [id]');
			const place = where ? (where.getAttribute('aria-label') ?? where.getAttribute('aria-labelledby') ?? where.id) : 'page';
			offenders.push(`${el.tagName.toLowerCase()}${cls ? '.' + cls.split(' ')[0] : ''} in ${place}: right edge ${Math.round(r.right)} px`);
		}
		return { scrollWidth: document.documentElement.scrollWidth, viewport: vw, offenders: offenders.slice(0, 20) };
	});
}

/** Pairs of text labels inside one chart SVG whose boxes overlap by more than `tolerance` px each way. */
export async function overlappingChartText(page: Page, tolerance = 1): Promise<string[]> {
	return page.evaluate((tol) => {
		const out: string[] = [];
		const svgs = [...document.querySelectorAll('svg[role="img"]')].filter((s) => s.getBoundingClientRect().width > 0);
		for (const svg of svgs) {
			const texts = [...svg.querySelectorAll('text')]
				.filter((t) => (t.textContent ?? '').trim() !== '' && getComputedStyle(t).visibility !== 'hidden' && getComputedStyle(t).display !== 'none' && Number(getComputedStyle(t).opacity) > 0)
				.map((t) => ({ text: (t.textContent ?? '').trim(), r: t.getBoundingClientRect() }));
			for (let i = 0; i < texts.length; i++) {
				for (let j = i + 1; j < texts.length; j++) {
					const a = texts[i].r;
					const b = texts[j].r;
					const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
					const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
					if (w > tol && h > tol) out.push(`${svg.getAttribute('aria-label')}: "${texts[i].text}" overlaps "${texts[j].text}"`);
				}
			}
		}
		return out;
	}, tolerance);
}

/** Number of chart SVGs drawn on the page (visible ones). */
export async function chartCount(page: Page): Promise<number> {
	return page.evaluate(() => [...document.querySelectorAll('svg[role="img"]')].filter((s) => s.getBoundingClientRect().width > 0).length);
}
