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

/**
 * Font sizes used by every chart, pixels. Nothing people must read is under 12 px (a projector at
 * 1280 × 720 made 9–11 px text unreadable); bar value labels, the densest text, are 11 px.
 */
export const FONT: Fonts = { tick: 12, label: 13, title: 15, legend: 12, cell: 12, value: 11 };

/** Font sizes of one chart, px. */
export interface Fonts {
	tick: number;
	label: number;
	title: number;
	legend: number;
	cell: number;
	value: number;
}

/**
 * FONT scaled for presentation (a projector, a talk): 1.25 makes 12 px ticks 15 px. Sizes round to the
 * half pixel; the scale is clamped to 0.75–2 so a bad value cannot make text vanish or swamp the plot.
 */
export function fonts(scale = 1): Fonts {
	const k = Number.isFinite(scale) ? Math.min(2, Math.max(0.75, scale)) : 1;
	if (k === 1) return FONT;
	const r = (v: number) => Math.round(v * k * 2) / 2;
	return { tick: r(FONT.tick), label: r(FONT.label), title: r(FONT.title), legend: r(FONT.legend), cell: r(FONT.cell), value: r(FONT.value) };
}

/**
 * Rows under the plot, px below its bottom edge: the x tick labels' baseline, the x title's baseline,
 * and the margin both need. At the base fonts: 17, 36 and 46.
 */
export function xAxisRows(font: Fonts): { tickY: number; titleY: number; bottom: number } {
	const tickY = Math.round(5 + font.tick);
	const titleY = Math.round(tickY + 1.45 * font.label);
	return { tickY, titleY, bottom: Math.ceil(titleY + 0.25 * font.label + 6) };
}

/** x of a chart's visible title (left-aligned with the SVG's edge, whatever the plot's left margin). */
export const TITLE_X = 8;

/** Lines a title may wrap to before it is cut with an ellipsis (the full text stays in <title>). */
const TITLE_MAX_LINES = 2;

/**
 * A title wrapped at spaces to fit `widthPx` at `fontPx`, at most two lines; a longer title's last line
 * ends with "…". Titles are never clipped by the SVG's edge ("Queue length: 10K requests, 4 GPUs, 1 bi").
 */
export function fitTitle(title: string, widthPx: number, fontPx: number, maxLines = TITLE_MAX_LINES): string[] {
	const maxChars = Math.max(8, Math.floor(widthPx / (fontPx * 0.6)));
	const lines: string[] = [];
	let line = '';
	for (const word of title.split(/\s+/).filter(Boolean)) {
		const next = line ? `${line} ${word}` : word;
		if (next.length <= maxChars || !line) line = next;
		else {
			lines.push(line);
			line = word;
		}
	}
	if (line) lines.push(line);
	if (lines.length > maxLines) lines.splice(maxLines - 1, lines.length, lines.slice(maxLines - 1).join(' '));
	// A single word longer than a line, or the joined rest, is cut with "…".
	const out = lines.map((l) => shorten(l, maxChars));
	return out.length > 0 ? out : [''];
}

/** Longest legend label kept whole; longer ones are cut with an ellipsis (the full text goes in a tooltip). */
export const LEGEND_MAX_CHARS = 24;

/** Cuts text to `max` characters with an ellipsis. */
export function shorten(text: string, max = LEGEND_MAX_CHARS): string {
	return text.length <= max ? text : text.slice(0, max - 1) + '…';
}

/** Width of a right-hand legend column for these labels (0 when there is no legend). */
export function legendWidth(labels: string[], font: Fonts = FONT): number {
	if (labels.length === 0) return 0;
	const longest = Math.max(...labels.map((l) => textWidth(shorten(l), font.legend)));
	return Math.ceil(Math.min(200, longest + 36));
}

/** Height of one legend row, px (18 at the base font). */
export function legendRow(font: Fonts): number {
	return Math.round(font.legend + 6);
}

/**
 * Where a chart's legend goes: in a right-hand column, or, when that column would leave the plot under
 * 60% of a narrow chart's width (a phone), in rows under the x axis title. Returns the margin the legend
 * adds on the right and at the bottom.
 */
export function legendSpace(width: number, labels: string[], font: Fonts = FONT): { below: boolean; right: number; bottom: number } {
	if (labels.length === 0) return { below: false, right: 0, bottom: 0 };
	const column = legendWidth(labels, font);
	if (column <= width * 0.4 - 84) return { below: false, right: column, bottom: 0 };
	return { below: true, right: 0, bottom: 8 + labels.length * legendRow(font) };
}

/** Legend rows stacked under the x axis title, left-aligned with the plot. */
export function legendBelow(entries: { label: string; color: string; dash?: string }[], plot: PlotRect, font: Fonts = FONT): LegendItem[] {
	const top = plot.y + plot.h + xAxisRows(font).bottom + 4;
	return entries.map((e, i) => ({
		label: shorten(e.label),
		full: e.label,
		color: e.color,
		dash: e.dash ?? '',
		x: round2(plot.x),
		y: round2(top + i * legendRow(font))
	}));
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
	font: Fonts = FONT
): LegendItem[] {
	const rowPx = legendRow(font);
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
	/** Text size factor (presentation mode: 1.25); default 1, or the page's chart font scale (font-scale.ts). */
	fontScale?: number;
}

/** Identity and outer size of a chart, with the defaults filled in. */
export interface FrameHead {
	/** Element-id prefix (title, desc, clip paths, patterns). */
	id: string;
	width: number;
	height: number;
	title: string;
	showTitle: boolean;
	/** The visible title, wrapped to the chart's width (one or two lines). */
	titleLines: string[];
	/** Font size of the visible title, px. */
	titlePx: number;
	/** Baseline of the title's first line, px from the top. */
	titleY: number;
	/** The chart's font sizes (FONT times its fontScale). */
	font: Fonts;
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
	/** x of the rotated y-axis title's baseline, clear of the widest y tick label. */
	yTitleX: number;
}

/** Fills a chart's frame defaults: the given outer size, a visible title, ids from a slug of the title. */
export function frameHead(input: FrameInput, defaultWidth: number, defaultHeight: number, titleRole: 'title' | 'label' = 'title'): FrameHead {
	const width = Math.max(MIN_WIDTH, input.width ?? defaultWidth);
	const font = fonts(input.fontScale ?? 1);
	const titlePx = font[titleRole];
	return {
		id: input.id ?? slug(input.title),
		width,
		height: input.height ?? defaultHeight,
		title: input.title,
		showTitle: input.showTitle ?? true,
		titleLines: fitTitle(input.title, width - 2 * TITLE_X, titlePx),
		titlePx,
		titleY: titlePx + 5,
		font
	};
}

/** Narrowest chart drawn (a 390 px phone, less page padding); narrower containers scroll inside .chart-box. */
export const MIN_WIDTH = 240;

/** Pixels from the top to the bottom of the visible title (0 without one). */
export function titleBottom(head: FrameHead): number {
	if (!head.showTitle) return 0;
	return head.titleY + (head.titleLines.length - 1) * Math.round(head.titlePx * 1.25) + 0.25 * head.titlePx;
}

/**
 * Margins of the full-size charts (line, bar, heatmap): room for the visible title (one or two lines) on
 * top, tick labels and the x axis title below (46 px), and the y axis title on the left (66 px unless the
 * chart says otherwise, e.g. from yAxisLeft).
 */
export function chartMargin(head: FrameHead, right: number, left = 66): Margin {
	return { top: head.showTitle ? Math.ceil(titleBottom(head)) + 12 : 14, right, bottom: xAxisRows(head.font).bottom, left };
}

/**
 * An axis title cut with "…" to fit `lengthPx` (the plot's width for x, its height for a rotated y
 * title), so it never runs into the chart's title or the next axis. The full text stays in <desc>.
 */
export function fitAxisTitle(text: string, lengthPx: number, fontPx: number): string {
	return shorten(text, Math.max(4, Math.floor(lengthPx / (fontPx * 0.6))));
}

/**
 * Left margin that holds the y tick labels and the rotated y title side by side (at least `min`), and
 * the title's x: tick labels end 8 px left of the axis, the title sits 8 px further out.
 */
export function yAxisLeft(tickLabels: string[], font: Fonts = FONT, min = 66): { left: number; titleX: (plotX: number) => number } {
	const w = Math.max(0, ...tickLabels.map((l) => textWidth(l, font.tick)));
	const left = Math.max(min, Math.ceil(8 + w + 8 + font.label + 4));
	// A rotate(-90) title's glyphs extend ~0.8 em left of its baseline and ~0.2 em right of it.
	return { left, titleX: (plotX) => round2(plotX - 8 - w - 8 - 0.2 * font.label) };
}

/** A rectangle with every coordinate rounded to 2 decimals (byte-stable markup). */
export function roundRect(r: PlotRect): PlotRect {
	return { x: round2(r.x), y: round2(r.y), w: round2(r.w), h: round2(r.h) };
}
