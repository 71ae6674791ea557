/**
 * Geometry of a multi-series line chart (LineChart.svelte draws it). D3 builds scales, ticks and
 * path strings (gaps where y is null, via line.defined); everything is rounded to 2 decimals.
 */
import { curveLinear, curveStepAfter, line } from 'd3';
import { drawable, formatNumber, round2 } from './format';
import { chartMargin, frameHead, FONT, legendColumn, legendWidth, plotRect, roundRect, type FrameInput, type LegendItem, type SvgFrame, type XYAxes } from './layout';
import { categoryColor, categoryDash } from './palette';
import { axisTicks, dataExtent, makeScale, position, type ScaleKind } from './scales';

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
	mark: { cx: number; cy: number; label: string; tip: string; labelX: number; anchor: 'start' | 'end' } | null;
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

/** Computes the line chart's geometry. */
export function lineLayout(input: LineLayoutInput): LineLayout {
	const head = frameHead(input, 720, 360);
	const xKind = input.xScale ?? 'linear';
	const yKind = input.yScale ?? 'linear';
	const names = input.series.map((s) => s.name);
	const legendW = input.series.length > 1 ? legendWidth(names) : 0;
	const plot = plotRect(head.width, head.height, chartMargin(head.showTitle, 18 + legendW));

	const xLog = xKind === 'log';
	const yLog = yKind === 'log';
	// Only points drawable on both axes count toward the extents, so one bad value cannot blow up a scale.
	const usable = input.series.flatMap((s) => s.points.filter((p) => drawable(p.x, xLog) && drawable(p.y, yLog)));
	const markerXs = (input.markers ?? []).map((m) => m.x);
	// A log x axis is not niced: GPU counts 1..16 would otherwise stretch to 1..100 and squeeze the data.
	const x = makeScale(xKind, dataExtent([...usable.map((p) => p.x), ...markerXs], xKind), [plot.x, plot.x + plot.w], xKind === 'linear');
	const y = makeScale(yKind, dataExtent(usable.map((p) => p.y), yKind, input.yZero ?? false), [plot.y + plot.h, plot.y]);

	const showDots =
		input.points === 'auto' || input.points === undefined ? input.series.every((s) => s.points.length <= 60) : input.points;
	// A point is drawn only when both pixel positions are finite (extreme doubles can overflow a scale).
	const gen = line<LinePoint>()
		.defined((p) => position(x, p.x) !== null && position(y, p.y) !== null)
		.x((p) => x.scale(p.x))
		.y((p) => y.scale(p.y as number))
		.curve(input.curve === 'step' ? curveStepAfter : curveLinear)
		.digits(2);

	const series = input.series.map((s, i): LineSeriesLayout => {
		const tip = (p: { x: number; y: number | null }) => `${s.name}: ${input.xLabel} ${formatNumber(p.x)}, ${input.yLabel} ${formatNumber(p.y)}`;
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
				const left = cx > plot.x + plot.w * 0.75;
				mark = {
					cx,
					cy,
					label,
					tip: `${s.name}: ${label} (${tip({ x: s.mark.x, y: my })})`,
					labelX: round2(left ? cx - 9 : cx + 9),
					anchor: left ? 'end' : 'start'
				};
			}
		}
		return { name: s.name, color: categoryColor(i), dash: categoryDash(i), path: gen(s.points) ?? '', dots, mark };
	});

	// Marker labels are stacked one line apart, and flipped to the line's left in the right part of the
	// plot, so two nearby markers (crossover, KV limit) never print over each other or the legend.
	const markers = (input.markers ?? []).flatMap((m, i) => {
		const px = position(x, m.x);
		if (px === null || px < plot.x - 0.5 || px > plot.x + plot.w + 0.5) return [];
		const left = px > plot.x + plot.w * 0.6;
		return [{ x: px, label: m.label, labelX: round2(left ? px - 4 : px + 4), labelY: round2(plot.y + 12 + i * 14), anchor: (left ? 'end' : 'start') as 'start' | 'end' }];
	});

	const legend = input.series.length > 1 ? legendColumn(series.map((s) => ({ label: s.name, color: s.color, dash: s.dash })), plot) : [];
	const empty = usable.length === 0;
	const scaleWord = (k: ScaleKind) => (k === 'log' ? 'log scale' : 'linear scale');
	const description =
		`Line chart: ${input.yLabel} (${scaleWord(yKind)}) against ${input.xLabel} (${scaleWord(xKind)}), ` +
		`${input.series.length} series${input.series.length ? ': ' + names.join(', ') : ''}.` +
		(empty ? ' No data to show.' : '');

	return {
		...head,
		plot: roundRect(plot),
		xTicks: axisTicks(x, Math.max(2, Math.round(plot.w / 90)), input.xTickValues),
		yTicks: axisTicks(y, Math.max(2, Math.round(plot.h / 50))),
		xLabel: input.xLabel,
		yLabel: input.yLabel,
		series,
		markers,
		legend,
		empty,
		description
	};
}

/** Font sizes re-exported for components that only import the layout. */
export { FONT };
