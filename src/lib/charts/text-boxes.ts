/**
 * Text boxes without a DOM: a label's rectangle estimated from its font size and character count (the
 * same estimate as textWidth), so layouts can keep labels apart on the server, in workers and in tests.
 * Layouts use these to thin axis ticks, drop bar labels that would overlap and place knee labels.
 */
import { textWidth } from './format';

/** An axis-aligned rectangle, pixels: left, top, right, bottom. */
export interface Box {
	x0: number;
	y0: number;
	x1: number;
	y1: number;
}

/** Horizontal anchor of SVG text. */
export type Anchor = 'start' | 'middle' | 'end';

/**
 * The box of one line of text drawn at (x, y). `baseline` 'alphabetic' is SVG's default (y is the
 * baseline); 'middle' is text shifted by dy≈0.32em so y is its vertical centre. Ascenders take ~0.8 em,
 * descenders ~0.2 em.
 */
export function textBox(x: number, y: number, text: string, fontPx: number, anchor: Anchor = 'start', baseline: 'alphabetic' | 'middle' = 'alphabetic'): Box {
	const w = textWidth(text, fontPx);
	const x0 = anchor === 'start' ? x : anchor === 'end' ? x - w : x - w / 2;
	const top = baseline === 'alphabetic' ? y - 0.8 * fontPx : y - 0.5 * fontPx;
	return { x0, y0: top, x1: x0 + w, y1: top + fontPx };
}

/** True when the two boxes overlap by more than `slack` px in both directions (touching is not overlap). */
export function overlaps(a: Box, b: Box, slack = 0.5): boolean {
	return a.x0 < b.x1 - slack && b.x0 < a.x1 - slack && a.y0 < b.y1 - slack && b.y0 < a.y1 - slack;
}

/** True when `box` overlaps any of `others`. */
export function overlapsAny(box: Box, others: readonly Box[]): boolean {
	return others.some((o) => overlaps(box, o));
}

/** True when `inner` lies inside `outer` (with `slack` px of tolerance). */
export function inside(inner: Box, outer: Box, slack = 0.5): boolean {
	return inner.x0 >= outer.x0 - slack && inner.x1 <= outer.x1 + slack && inner.y0 >= outer.y0 - slack && inner.y1 <= outer.y1 + slack;
}

/** A box grown by `pad` px on every side (the gap labels keep between them). */
export function pad(b: Box, px: number): Box {
	return { x0: b.x0 - px, y0: b.y0 - px, x1: b.x1 + px, y1: b.y1 + px };
}

/**
 * Every k-th item, for the smallest k whose boxes (grown by `gapPx`) do not overlap: axis labels thin out
 * evenly rather than print over each other. The first item is always kept; k grows until it fits or one is left.
 */
export function thinEvenly<T>(items: readonly T[], boxOf: (item: T) => Box, gapPx = 4): T[] {
	for (let k = 1; k <= Math.max(1, items.length); k++) {
		const kept = items.filter((_, i) => i % k === 0);
		const boxes = kept.map((t) => pad(boxOf(t), gapPx / 2));
		if (boxes.every((b, i) => i === 0 || !overlaps(boxes[i - 1], b))) return kept;
	}
	return items.slice(0, 1);
}
