// Finds numbers people read without thousands separators ("19366"), outside code, form fields and the
// deliberately raw full-precision table.
import type { Page } from 'playwright-core';

/** Visible text snippets holding a whole number of 5+ digits printed without separators. */
export async function unseparatedNumbers(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const out: string[] = [];
		const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		for (let n = walker.nextNode(); n; n = walker.nextNode()) {
			const el = n.parentElement;
			if (!el || el.closest('code, script, style, input, textarea, select, .all-metrics, svg title, svg desc, [data-raw]')) continue;
			if (el.getClientRects().length === 0) continue;
			const text = n.textContent ?? '';
			// Digits not part of a decimal, a hex string, a date or a longer token.
			for (const m of text.matchAll(/(?<![\d.,:\-a-zA-Z])\d{5,}(?![\d.,:a-zA-Z])/g)) out.push(`${m[0]} in "${text.trim().slice(0, 80)}"`);
		}
		return out;
	});
}
