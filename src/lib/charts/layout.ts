/**
 * Frame shared by the charts: outer size, margins and the plot rectangle, plus the legend column.
 * Pure numbers so components stay thin and the geometry can be table-tested.
 */
import { round2, textWidth } from './format';

/** Margins around the plot area, pixels. */
export interface Margin {
	top: number;
	right: number;
	bottom: number;
	left: number;
}

/** The plot rectangle inside the SVG, pixels. */
export interface PlotRect {
	x: number;
	y: number;
	w: number;
	h: number;
}

/** One legend row: swatch colour, optional dash pattern, label and position (top-left of the row). */
export interface LegendItem {
	label: string;
	/** Full text when `label` was shortened. */
	full: string;
	color: string;
	dash: string;
	x: number;
	y: number;
}

/** Font sizes used by every chart, pixels. */
export const FONT = { tick: 11, label: 12, title: 14, legend: 11, cell: 11 } as const;

/** Longest legend label kept whole; longer ones are cut with an ellipsis (the full text goes in a tooltip). */
export const LEGEND_MAX_CHARS = 24;

/** Cuts text to `max` characters with an ellipsis. */
export function shorten(text: string, max = LEGEND_MAX_CHARS): string {
	return text.length <= max ? text : text.slice(0, max - 1) + '…';
}

/** Width of a right-hand legend column for these labels (0 when there is no legend). */
export function legendWidth(labels: string[]): number {
	if (labels.length === 0) return 0;
	const longest = Math.max(...labels.map((l) => textWidth(shorten(l), FONT.legend)));
	return Math.ceil(Math.min(200, longest + 36));
}

/**
 * Plot rectangle for an outer size and margins. Width and height never go below 10 px so a tiny
 * chart still renders (degenerate but valid) instead of producing negative sizes.
 */
export function plotRect(width: number, height: number, m: Margin): PlotRect {
	return { x: m.left, y: m.top, w: Math.max(10, width - m.left - m.right), h: Math.max(10, height - m.top - m.bottom) };
}

/** Legend rows stacked in the right margin, starting at the plot's top. */
export function legendColumn(
	entries: { label: string; color: string; dash?: string }[],
	plot: PlotRect,
	rowPx = 18
): LegendItem[] {
	const x = round2(plot.x + plot.w + 16);
	return entries.map((e, i) => ({
		label: shorten(e.label),
		full: e.label,
		color: e.color,
		dash: e.dash ?? '',
		x,
		y: round2(plot.y + 4 + i * rowPx)
	}));
}
