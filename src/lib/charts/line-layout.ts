/**
 * Geometry of a multi-series line chart (LineChart.svelte draws it). D3 builds scales, ticks and
 * path strings (gaps where y is null, via line.defined); everything is rounded to 2 decimals.
 */
import { curveLinear, curveStepAfter, line } from 'd3';
import { drawable, formatNumber, round2, textWidth } from './format';
import { formatValue, type ValueFormat } from './labels';
import { chartMargin, frameHead, FONT, legendBelow, type Fonts, legendColumn, legendSpace, plotRect, roundRect, yAxisLeft, fitAxisTitle, type FrameInput, type LegendItem, type PlotRect, type SvgFrame, type XYAxes } from './layout';
import { categoryColor, categoryDash } from './palette';
import { axisTicks, dataExtent, makeScale, position, thinTicks, type ScaleKind } from './scales';
import { inside, overlapsAny, pad, textBox, type Box } from './text-boxes';

/** One data point; y null (or not drawable on the scale) leaves a gap in the line. */
export interface LinePoint {
	x: number;
	y: number | null;
}

/** A marked point on a series (e.g. the knee: the recommended GPU count). */
export interface LineMark {
	/** x of the marked point; y is looked up in the series when not given. */
	x: number;
	y?: number | null;
	/** Text beside the mark, e.g. "knee: 8 GPUs". */
	label?: string;
}

/** A named series. */
export interface LineSeries {
	name: string;
	points: LinePoint[];
	/** Optional marked point, drawn as a ring with a label. */
	mark?: LineMark | null;
	/** Colour instead of the i-th categorical colour (e.g. a method's own colour). */
	color?: string;
}

/** A vertical reference line across the plot (e.g. the memory/compute-bound crossover). */
export interface VerticalMarker {
	x: number;
	label: string;
}

/** Everything the layout needs (LineChart.svelte's props); size defaults to 720 × 360. */
export interface LineLayoutInput extends FrameInput {
	/** Named series; names are shown in the legend (escaped) and in point tooltips. */
	series: LineSeries[];
	/** x axis title with unit, e.g. "GPU count". */
	xLabel: string;
	/** y axis title with unit, e.g. "P95 E2E latency (s)". */
	yLabel: string;
	/** 'linear' (default) or 'log' (base 10). */
	xScale?: ScaleKind;
	/** 'linear' (default) or 'log' (base 10). */
	yScale?: ScaleKind;
	/** Vertical reference lines with labels (e.g. memory/compute-bound crossover). */
	markers?: VerticalMarker[];
	/** 'step' draws a step-after curve (CDFs); 'linear' otherwise (default). */
	curve?: 'linear' | 'step';
	/** Dots at data points: true, false or 'auto' (default: shown when every series has at most 60 points). */
	points?: boolean | 'auto';
	/** Force the y axis to include 0 (linear only). */
	yZero?: boolean;
	/** Tick values for x instead of D3's (e.g. the GPU counts of the grid: 1, 2, 4, 8). */
	xTickValues?: number[];
	/**
	 * Whole-number y ticks only (counts: busy GPUs, queued requests). 'auto' (default): on when every y
	 * value is a whole number on a linear axis, since then a tick at 0.5 names no value the data can take.
	 */
	yInteger?: boolean | 'auto';
	/** How y values print in tooltips (default 'number'; 'duration' for seconds, 'percent' for shares). */
	yFormat?: ValueFormat;
}

/** A drawn series. */
export interface LineSeriesLayout {
	name: string;
	color: string;
	dash: string;
	/** SVG path data; '' when nothing in the series is drawable. */
	path: string;
	dots: { cx: number; cy: number; tip: string }[];
	/** The marked point; its label sits up-right, or up-left near the right edge (clear of the legend). */
	mark: { cx: number; cy: number; label: string; tip: string; labelX: number; labelY: number; anchor: 'start' | 'end' } | null;
}

/** The whole chart, ready to draw. */
export interface LineLayout extends SvgFrame, XYAxes {
	series: LineSeriesLayout[];
	/** Vertical markers: line at x, label at (labelX, labelY) with its text-anchor. */
	markers: { x: number; label: string; labelX: number; labelY: number; anchor: 'start' | 'end' }[];
	legend: LegendItem[];
	/** True when no series has a drawable point (the component says "no data"). */
	empty: boolean;
}

/** True when every drawable y is a whole number: the axis counts things. */
function countsOnly(series: LineSeries[]): boolean {
	let any = false;
	for (const s of series)
		for (const p of s.points) {
			if (p.y === null || !Number.isFinite(p.y)) continue;
			if (!Number.isInteger(p.y)) return false;
			any = true;
		}
	return any;
}

/** Computes the line chart's geometry. */
export function lineLayout(input: LineLayoutInput): LineLayout {
	const head = frameHead(input, 720, 360);
	const xKind = input.xScale ?? 'linear';
	const yKind = input.yScale ?? 'linear';
	const names = input.series.map((s) => s.name);
	const F = head.font;
	const legendAt = legendSpace(head.width, input.series.length > 1 ? names : [], F);
	const base = chartMargin(head, 18 + legendAt.right);
	const margin = { ...base, bottom: base.bottom + legendAt.bottom };
	const xLog = xKind === 'log';
	const yLog = yKind === 'log';
	// Only points drawable on both axes count toward the extents, so one bad value cannot blow up a scale.
	const usable = input.series.flatMap((s) => s.points.filter((p) => drawable(p.x, xLog) && drawable(p.y, yLog)));

	// y first: its tick labels decide how wide the left margin must be.
	const vertical = plotRect(head.width, head.height, margin);
	const y = makeScale(yKind, dataExtent(usable.map((p) => p.y), yKind, input.yZero ?? false), [vertical.y + vertical.h, vertical.y]);
	const yInteger = input.yInteger === 'auto' || input.yInteger === undefined ? !yLog && countsOnly(input.series) : input.yInteger;
	const yTicks = thinTicks(axisTicks(y, Math.max(2, Math.round(vertical.h / 50)), undefined, { integer: yInteger }), 'y', F.tick);
	const yAxis = yAxisLeft(yTicks.map((t) => t.label), F);
	const plot = plotRect(head.width, head.height, { ...margin, left: yAxis.left });

	const markerXs = (input.markers ?? []).map((m) => m.x);
	// A log x axis is not niced: GPU counts 1..16 would otherwise stretch to 1..100 and squeeze the data.
	const x = makeScale(xKind, dataExtent([...usable.map((p) => p.x), ...markerXs], xKind), [plot.x, plot.x + plot.w], xKind === 'linear');

	const showDots =
		input.points === 'auto' || input.points === undefined ? input.series.every((s) => s.points.length <= 60) : input.points;
	// A point is drawn only when both pixel positions are finite (extreme doubles can overflow a scale).
	const gen = line<LinePoint>()
		.defined((p) => position(x, p.x) !== null && position(y, p.y) !== null)
		.x((p) => x.scale(p.x))
		.y((p) => y.scale(p.y as number))
		.curve(input.curve === 'step' ? curveStepAfter : curveLinear)
		.digits(2);
	const yText = (v: number | null) => formatValue(input.yFormat ?? 'number', v);

	const series = input.series.map((s, i): LineSeriesLayout => {
		const tip = (p: { x: number; y: number | null }) => `${s.name}: ${input.xLabel} ${formatNumber(p.x)}, ${input.yLabel} ${yText(p.y)}`;
		const dots = showDots
			? s.points.flatMap((p) => {
					const cx = position(x, p.x);
					const cy = position(y, p.y);
					return cx === null || cy === null ? [] : [{ cx, cy, tip: tip(p) }];
				})
			: [];
		let mark: LineSeriesLayout['mark'] = null;
		if (s.mark) {
			const my = s.mark.y ?? s.points.find((p) => p.x === s.mark?.x)?.y ?? null;
			const cx = position(x, s.mark.x);
			const cy = position(y, my);
			if (cx !== null && cy !== null) {
				const label = s.mark.label ?? `${formatNumber(s.mark.x)}`;
				mark = { cx, cy, label, tip: `${s.name}: ${label} (${tip({ x: s.mark.x, y: my })})`, labelX: cx, labelY: cy, anchor: 'start' };
			}
		}
		return { name: s.name, color: s.color ?? categoryColor(i), dash: categoryDash(i), path: gen(s.points) ?? '', dots, mark };
	});

	// Marker labels are stacked one line apart, and flipped to the line's left in the right part of the
	// plot, so two nearby markers (crossover, KV limit) never print over each other or the legend.
	const markers = (input.markers ?? []).flatMap((m, i) => {
		const px = position(x, m.x);
		if (px === null || px < plot.x - 0.5 || px > plot.x + plot.w + 0.5) return [];
		const left = px > plot.x + plot.w * 0.6;
		return [{ x: px, label: m.label, labelX: round2(left ? px - 4 : px + 4), labelY: round2(plot.y + F.tick + i * (F.tick + 3)), anchor: (left ? 'end' : 'start') as 'start' | 'end' }];
	});
	placeMarkLabels(series, plot, markers.map((m) => textBox(m.labelX, m.labelY, m.label, F.tick, m.anchor)), F);

	const entries = series.map((s) => ({ label: s.name, color: s.color, dash: s.dash }));
	const legend = input.series.length > 1 ? (legendAt.below ? legendBelow(entries, plot, F) : legendColumn(entries, plot, F)) : [];
	const empty = usable.length === 0;
	const scaleWord = (k: ScaleKind) => (k === 'log' ? 'log scale' : 'linear scale');
	const description =
		`Line chart: ${input.yLabel} (${scaleWord(yKind)}) against ${input.xLabel} (${scaleWord(xKind)}), ` +
		`${input.series.length} series${input.series.length ? ': ' + names.join(', ') : ''}.` +
		(empty ? ' No data to show.' : '');

	return {
		...head,
		plot: roundRect(plot),
		xTicks: thinTicks(axisTicks(x, Math.max(2, Math.round(plot.w / 90)), input.xTickValues), 'x', F.tick),
		yTicks,
		xLabel: fitAxisTitle(input.xLabel, plot.w, F.label),
		yLabel: fitAxisTitle(input.yLabel, plot.h, F.label),
		yTitleX: yAxis.titleX(plot.x),
		series,
		markers,
		legend,
		empty,
		description
	};
}

/** Box of a knee label (bold, so a little wider than the estimate of regular text). */
const boldBox = (x: number, y: number, text: string, anchor: 'start' | 'end', px: number): Box => {
	const b = textBox(x, y, text, px, anchor);
	const extra = textWidth(text, px) * 0.08;
	return anchor === 'start' ? { ...b, x1: b.x1 + extra } : { ...b, x0: b.x0 - extra };
};

/**
 * Places each mark's label beside its ring where it overlaps no other label, ring or marker label and
 * stays inside the plot: up-right first (up-left in the right quarter), then the other corners, then
 * further up or down a line at a time. Several series often share a knee ("knee: 6" under three
 * "knee: 100 GPUs"); a label with no free place is left out, and the ring's tooltip still names it.
 */
function placeMarkLabels(series: LineSeriesLayout[], plot: PlotRect, taken: Box[], font: Fonts): void {
	const MARK_PX = font.tick;
	const area: Box = { x0: plot.x, y0: plot.y - 4, x1: plot.x + plot.w, y1: plot.y + plot.h };
	const rings = series.flatMap((s) => (s.mark ? [{ x0: s.mark.cx - 8, y0: s.mark.cy - 8, x1: s.mark.cx + 8, y1: s.mark.cy + 8 }] : []));
	const placed: Box[] = [...taken];
	// Labels carry a 3 px white halo (paint-order stroke): keep 2 px clear around each estimated box.
	const lh = MARK_PX + 5;
	for (const s of series) {
		const m = s.mark;
		if (!m) continue;
		const preferLeft = m.cx > plot.x + plot.w * 0.75;
		const sides: ('start' | 'end')[] = preferLeft ? ['end', 'start'] : ['start', 'end'];
		const up = m.cy - 9;
		const down = m.cy + 9 + 0.8 * MARK_PX;
		let chosen: { x: number; y: number; anchor: 'start' | 'end'; box: Box } | null = null;
		search: for (let k = 0; k <= 8; k++) {
			for (const y of [up - k * lh, down + k * lh]) {
				for (const anchor of sides) {
					const x = anchor === 'start' ? m.cx + 9 : m.cx - 9;
					const box = boldBox(x, y, m.label, anchor, MARK_PX);
					const halo = pad(box, 2);
					if (inside(box, area) && !overlapsAny(halo, placed) && !overlapsAny(halo, rings)) {
						chosen = { x, y, anchor, box };
						break search;
					}
				}
			}
		}
		if (!chosen) {
			m.label = '';
			continue;
		}
		placed.push(chosen.box);
		m.labelX = round2(chosen.x);
		m.labelY = round2(chosen.y);
		m.anchor = chosen.anchor;
	}
}

/** Font sizes re-exported for components that only import the layout. */
export { FONT };
