/**
 * Number helpers shared by every chart. Geometry is rounded to 2 decimals so server-rendered SVG is
 * byte-stable (snapshots, CLI files) and small; labels come from labels.ts, the one formatter.
 */
import { formatCompact } from './labels';

/** Rounds to 2 decimals; -0 becomes 0 so "-0" never shows up in markup. */
export function round2(v: number): number {
	const r = Math.round(v * 100) / 100;
	return r === 0 ? 0 : r;
}

/**
 * The chart's plain number label (axis ticks, points): the one compact format of labels.ts
 * ("850", "12.3K", "1.5M"); non-finite or null values read "n/a".
 */
export function formatNumber(v: number | null | undefined): string {
	return formatCompact(v);
}

/**
 * Smallest value a log axis accepts. Subnormal doubles (down to 5e-324) break log-tick generation
 * (D3 would try to build arrays of absurd length); no latency or throughput is ever this small.
 */
export const LOG_MIN = 1e-300;

/** True for a number that can be drawn (finite, and ≥ LOG_MIN when the scale is logarithmic). */
export function drawable(v: number | null | undefined, log: boolean): v is number {
	return v !== null && v !== undefined && Number.isFinite(v) && (!log || v >= LOG_MIN);
}

/**
 * A stable id fragment from free text: lowercase ASCII letters, digits and dashes. Charts use it to
 * prefix element ids (title, clip paths, patterns) so two charts on one page never collide when
 * their titles differ, and the same chart always renders the same ids.
 */
export function slug(text: string): string {
	const s = text
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '');
	return s.length > 0 ? s.slice(0, 48) : 'chart';
}

/** Rough rendered width of a label in pixels at a font size (no DOM to measure on the server). */
export function textWidth(text: string, fontPx: number): number {
	return text.length * fontPx * 0.6;
}
