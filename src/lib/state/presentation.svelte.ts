/**
 * Presentation mode (a projector, a class): larger type on the page and in every chart, charts filling
 * the width, the history column moved below. Kept in this browser (localStorage) so a reload during a
 * talk stays in it; toggled from the header or with Shift+P.
 */
const KEY = 'servescope-presentation';

/** Chart text factor in presentation mode (charts/font-scale.ts). */
export const PRESENTATION_FONT_SCALE = 1.5;

class PresentationState {
	on = $state(false);

	/** Reads the saved choice (browser only; private windows without storage just start off). */
	load(): void {
		try {
			this.on = localStorage.getItem(KEY) === '1';
		} catch {
			this.on = false;
		}
	}

	toggle(): void {
		this.on = !this.on;
		try {
			localStorage.setItem(KEY, this.on ? '1' : '0');
		} catch {
			// Storage refused: the mode still applies to this page.
		}
	}
}

/** The page's one presentation switch. */
export const presentation = new PresentationState();

/** True when a key press belongs to a form control or editable text (shortcuts must not steal it). */
export function typingInto(target: EventTarget | null): boolean {
	const el = target as HTMLElement | null;
	if (!el || typeof el.closest !== 'function') return false;
	return !!el.closest('input, textarea, select, [contenteditable="true"]');
}
