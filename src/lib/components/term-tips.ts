/**
 * Metric names explained where they are read: an attachment for a results container that gives every
 * table header and chart axis title naming a glossary term (charts/glossary.ts) its definition as a
 * tooltip, and table headers a small "?" link to the term's entry on How it works. Tables render late
 * (a chart's "as a table" waits a macrotask; details open on demand), so a MutationObserver keeps
 * up. Browser only: the server-rendered charts (CLI files, snapshots) stay as they are.
 */
import { GLOSSARY, termsIn, tooltipFor } from '$lib/charts/glossary';

/** Marks what has been handled, with the text it was handled for (a header may change). */
const DONE = 'data-term-for';

function tipHeader(th: HTMLElement, howHref: string): void {
	const own = th.querySelector(':scope > a.term-link');
	const text = (th.textContent ?? '').replace(own?.textContent ?? '', '').trim();
	if (th.getAttribute(DONE) === text) return;
	th.setAttribute(DONE, text);
	own?.remove();
	const terms = termsIn(text);
	if (!terms.length) {
		th.removeAttribute('title');
		return;
	}
	th.title = tooltipFor(text);
	const a = document.createElement('a');
	a.className = 'term-link';
	a.href = `${howHref}#g-${terms[0].id}`;
	a.target = '_blank';
	a.rel = 'noopener';
	a.textContent = '?';
	// The name says what the link opens, not where: "How it works" stays the name of the nav link alone.
	a.setAttribute('aria-label', `Definition of ${terms.map((t) => t.term).join(' and ')} (opens in a new tab)`);
	a.title = th.title;
	th.append(' ', a);
}

function tipAxisTitle(text: SVGTextElement): void {
	const label = [...text.childNodes]
		.filter((n) => n.nodeType === Node.TEXT_NODE)
		.map((n) => n.textContent)
		.join('')
		.trim();
	if (text.getAttribute(DONE) === label) return;
	text.setAttribute(DONE, label);
	text.querySelector(':scope > title')?.remove();
	const tip = tooltipFor(label);
	if (!tip) return;
	const title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
	title.textContent = tip;
	text.prepend(title);
}

/** Tooltips and links for the terms under `node`; `howHref` is How it works' address (with the base path). */
export function termTips(howHref: string) {
	return (node: HTMLElement) => {
		let queued = false;
		const pass = () => {
			queued = false;
			for (const th of node.querySelectorAll<HTMLElement>('th')) tipHeader(th, howHref);
			// Axis titles: the two dark texts directly in a chart's axes group (charts/Axes.svelte).
			for (const t of node.querySelectorAll<SVGTextElement>('svg g.axes > text[fill="#111111"]')) tipAxisTitle(t);
		};
		const mo = new MutationObserver(() => {
			if (!queued) {
				queued = true;
				requestAnimationFrame(pass);
			}
		});
		mo.observe(node, { childList: true, subtree: true, characterData: true });
		pass();
		return () => mo.disconnect();
	};
}

/** Every glossary id, for tests that follow each link. */
export const TERM_IDS = GLOSSARY.map((t) => t.id);
