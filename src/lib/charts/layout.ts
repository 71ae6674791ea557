/**
 * Frame shared by the charts: identity (id, title), outer size, margins and the plot rectangle, plus the
 * legend column. Pure numbers so components stay thin and the geometry can be table-tested; every layout
 * builds on frameHead/chartMargin/roundRect here, and ChartSvg.svelte draws the resulting SvgFrame.
 */
import { round2, slug, textWidth } from './format';
import type { Tick } from './scales';

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

/** What every chart's layout starts from: the inputs that make its frame. */
export interface FrameInput {
	/** Chart title: the SVG's accessible name and, unless showTitle is false, the visible heading. */
	title: string;
	/** Outer width in px (each chart has its own default). */
	width?: number;
	/** Outer height in px (each chart has its own default). */
	height?: number;
	/** Show the title as text above the plot (default true; the SVG <title> is always there). */
	showTitle?: boolean;
	/** Prefix for element ids (default: a slug of the title); make it unique per page. */
	id?: string;
}

/** Identity and outer size of a chart, with the defaults filled in. */
export interface FrameHead {
	/** Element-id prefix (title, desc, clip paths, patterns). */
	id: string;
	width: number;
	height: number;
	title: string;
	showTitle: boolean;
}

/** What ChartSvg.svelte draws for every chart: the frame plus its plot rectangle and screen-reader text. */
export interface SvgFrame extends FrameHead {
	/** The plot rectangle, rounded to 2 decimals. */
	plot: PlotRect;
	/** Plain-text summary for screen readers (<desc>). */
	description: string;
}

/** Ticks and titles of a chart with a numeric x and y axis (line charts, histograms). */
export interface XYAxes {
	xTicks: Tick[];
	yTicks: Tick[];
	xLabel: string;
	yLabel: string;
}

/** Fills a chart's frame defaults: the given outer size, a visible title, ids from a slug of the title. */
export function frameHead(input: FrameInput, defaultWidth: number, defaultHeight: number): FrameHead {
	return {
		id: input.id ?? slug(input.title),
		width: input.width ?? defaultWidth,
		height: input.height ?? defaultHeight,
		title: input.title,
		showTitle: input.showTitle ?? true
	};
}

/**
 * Margins of the full-size charts (line, bar, heatmap): room for a visible title on top, tick labels and
 * the x axis title below (46 px), and the y axis title on the left (66 px unless the chart says otherwise).
 */
export function chartMargin(showTitle: boolean, right: number, left = 66): Margin {
	return { top: showTitle ? 34 : 14, right, bottom: 46, left };
}

/** A rectangle with every coordinate rounded to 2 decimals (byte-stable markup). */
export function roundRect(r: PlotRect): PlotRect {
	return { x: round2(r.x), y: round2(r.y), w: round2(r.w), h: round2(r.h) };
}
