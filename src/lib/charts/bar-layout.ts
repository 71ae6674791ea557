/**
 * Geometry of a grouped bar chart: groups along x (workloads), one bar per series inside each group
 * (methods), linear (from 0) or log y. Missing values are marked "n/a" at the baseline, never drawn
 * as zero-height bars that would read as "zero".
 */
import { scaleBand } from 'd3';
import { drawable, formatNumber, round2, textWidth } from './format';
import { chartMargin, frameHead, legendColumn, legendWidth, plotRect, roundRect, type FrameInput, type LegendItem, type SvgFrame } from './layout';
import { categoryColor } from './palette';
import { axisTicks, dataExtent, makeScale, type ScaleKind, type Tick } from './scales';

/** One series: a value per group, in the order of `groups` (null = not available). */
export interface BarSeries {
	name: string;
	values: (number | null)[];
}

/** Everything the layout needs (BarChart.svelte's props): size defaults to 720 × 360. */
export interface BarLayoutInput extends FrameInput {
	/** Group labels along x, e.g. workload sizes ("1K", "10K"). */
	groups: string[];
	/** Series (e.g. methods), each with one value per group in the order of `groups`; null = n/a. */
	series: BarSeries[];
	/** x axis title, e.g. "Workload (requests)". */
	xLabel: string;
	/** y axis title with unit, e.g. "Output throughput (tok/s)". */
	yLabel: string;
	/** 'linear' (default, from 0) or 'log'. */
	yScale?: ScaleKind;
	/** Print each bar's value above it when there is room (default true). */
	valueLabels?: boolean;
}

/** A drawn bar (or an n/a mark when `missing`). */
export interface BarRect {
	x: number;
	y: number;
	w: number;
	h: number;
	color: string;
	missing: boolean;
	/** Value text above the bar ('' when it does not fit or labels are off). */
	label: string;
	tip: string;
}

/** The whole chart, ready to draw. */
export interface BarLayout extends SvgFrame {
	groupTicks: Tick[];
	yTicks: Tick[];
	xLabel: string;
	yLabel: string;
	bars: BarRect[];
	legend: LegendItem[];
	labelPx: number;
}

/** Computes the grouped bar chart's geometry. */
export function barLayout(input: BarLayoutInput): BarLayout {
	const head = frameHead(input, 720, 360);
	const yKind = input.yScale ?? 'linear';
	const log = yKind === 'log';
	const names = input.series.map((s) => s.name);
	const plot = plotRect(head.width, head.height, chartMargin(head.showTitle, 18 + legendWidth(names)));

	const all = input.series.flatMap((s) => s.values);
	const y = makeScale(yKind, dataExtent(all, yKind, true), [plot.y + plot.h, plot.y]);
	const base = plot.y + plot.h;
	const outer = scaleBand<string>().domain(input.groups).range([plot.x, plot.x + plot.w]).paddingInner(0.2).paddingOuter(0.1);
	const inner = scaleBand<string>()
		.domain(input.series.map((_, i) => String(i)))
		.range([0, outer.bandwidth()])
		.padding(0.08);
	const bw = inner.bandwidth();
	const labelPx = 9;

	const bars: BarRect[] = [];
	input.groups.forEach((g, gi) => {
		input.series.forEach((s, si) => {
			const v = s.values[gi] ?? null;
			const x = (outer(g) ?? 0) + (inner(String(si)) ?? 0);
			const ok = drawable(v, log);
			const top = ok ? Math.min(base, y.scale(v)) : base;
			const text = formatNumber(v);
			bars.push({
				x: round2(x),
				y: round2(top),
				w: round2(bw),
				h: round2(base - top),
				color: categoryColor(si),
				missing: !ok,
				label: (input.valueLabels ?? true) && textWidth(text, labelPx) <= bw + 6 ? text : '',
				tip: `${s.name}, ${input.xLabel} ${g}: ${input.yLabel} ${text}`
			});
		});
	});

	return {
		...head,
		plot: roundRect(plot),
		groupTicks: input.groups.map((g) => ({ value: 0, pos: round2((outer(g) ?? 0) + outer.bandwidth() / 2), label: g })),
		yTicks: axisTicks(y, Math.max(2, Math.round(plot.h / 50))),
		xLabel: input.xLabel,
		yLabel: input.yLabel,
		bars,
		legend: legendColumn(input.series.map((s, i) => ({ label: s.name, color: categoryColor(i) })), plot),
		labelPx,
		description:
			`Grouped bar chart of ${input.yLabel} (${log ? 'log' : 'linear'} scale) for ${names.join(', ')} ` +
			`in each ${input.xLabel}: ${input.groups.join(', ')}.`
	};
}
