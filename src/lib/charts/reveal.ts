/**
 * Bringing a chart's detail into view: after a click on a heatmap cell its details open below the
 * fold, so the page scrolls them into view and moves keyboard focus there (screen readers announce the
 * detail; Tab continues from it). Browser-only; a no-op when the element is missing.
 */

/** Scrolls `el` into view (smoothly unless the person asked for reduced motion) and focuses it. */
export function revealAndFocus(el: HTMLElement | null): void {
	if (!el || typeof window === 'undefined') return;
	// A plain container cannot take focus; tabindex -1 lets script focus it without adding a Tab stop.
	if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
	const reduce = typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
	el.scrollIntoView({ block: 'start', behavior: reduce ? 'auto' : 'smooth' });
	el.focus({ preventScroll: true });
}

/** Reveals the first element matching `selector`, once the page has rendered it (next animation frame). */
export function revealSelector(selector: string): void {
	if (typeof document === 'undefined') return;
	requestAnimationFrame(() => revealAndFocus(document.querySelector<HTMLElement>(selector)));
}
