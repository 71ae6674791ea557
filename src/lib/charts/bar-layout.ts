/**
 * Geometry of a grouped bar chart: groups along x (workloads), one bar per series inside each group
 * (methods), linear (from 0) or log y. Missing values are marked "n/a" at the baseline, never drawn
 * as zero-height bars that would read as "zero".
 */
import { scaleBand } from 'd3';
import { drawable, round2 } from './format';
import { formatValue, type ValueFormat } from './labels';
import { chartMargin, frameHead, legendBelow, legendColumn, legendSpace, plotRect, roundRect, yAxisLeft, fitAxisTitle, type FrameInput, type LegendItem, type SvgFrame } from './layout';
import { categoryColor } from './palette';
import { axisTicks, dataExtent, makeScale, thinTicks, type ScaleKind, type Tick } from './scales';
import { inside, overlapsAny, textBox, type Box } from './text-boxes';

/** One series: a value per group, in the order of `groups` (null = not available). */
export interface BarSeries {
	name: string;
	values: (number | null)[];
	/** Colour instead of the i-th categorical colour (a method keeps its colour when others are absent). */
	color?: string;
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
	/** How values print on bars and in tooltips (default 'number'; 'duration' for seconds). */
	valueFormat?: ValueFormat;
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
	yTitleX: number;
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
	const F = head.font;
	const legendAt = legendSpace(head.width, names, F);
	const baseMargin = chartMargin(head, 18 + legendAt.right);
	const margin = { ...baseMargin, bottom: baseMargin.bottom + legendAt.bottom };
	const colorOf = (i: number) => input.series[i].color ?? categoryColor(i);

	// y first: its tick labels decide the left margin.
	const vertical = plotRect(head.width, head.height, margin);
	const all = input.series.flatMap((s) => s.values);
	const [lo, hi] = dataExtent(all, yKind, true);
	// A log axis has no zero: start it well below the smallest bar, or that bar would have no height
	// (10.1 s on an axis niced to start at 10 s reads as "nothing").
	const y = makeScale(yKind, log ? [lo / 3, hi] : [lo, hi], [vertical.y + vertical.h, vertical.y]);
	const yTicks = thinTicks(axisTicks(y, Math.max(2, Math.round(vertical.h / 50))), 'y', F.tick);
	const yAxis = yAxisLeft(yTicks.map((t) => t.label), F);
	const plot = plotRect(head.width, head.height, { ...margin, left: yAxis.left });

	const base = plot.y + plot.h;
	const outer = scaleBand<string>().domain(input.groups).range([plot.x, plot.x + plot.w]).paddingInner(0.2).paddingOuter(0.1);
	const inner = scaleBand<string>()
		.domain(input.series.map((_, i) => String(i)))
		.range([0, outer.bandwidth()])
		.padding(0.08);
	const bw = inner.bandwidth();
	const labelPx = F.value;
	const fmt = (v: number | null) => formatValue(input.valueFormat ?? 'number', v);

	const bars: BarRect[] = [];
	input.groups.forEach((g, gi) => {
		input.series.forEach((s, si) => {
			const v = s.values[gi] ?? null;
			const x = (outer(g) ?? 0) + (inner(String(si)) ?? 0);
			const ok = drawable(v, log);
			const top = ok ? Math.min(base, y.scale(v)) : base;
			const text = fmt(v);
			bars.push({
				x: round2(x),
				y: round2(top),
				w: round2(bw),
				h: round2(base - top),
				color: colorOf(si),
				missing: !ok,
				label: ok && (input.valueLabels ?? true) ? text : '',
				tip: `${s.name}, ${input.xLabel} ${g}: ${input.yLabel} ${text}`
			});
		});
	});
	keepReadableLabels(bars, labelPx, { x0: plot.x, y0: plot.y - 12, x1: plot.x + plot.w, y1: base });

	const groupTicks = input.groups.map((g) => ({ value: 0, pos: round2((outer(g) ?? 0) + outer.bandwidth() / 2), label: g }));
	return {
		...head,
		plot: roundRect(plot),
		groupTicks: thinTicks(groupTicks, 'x', F.tick),
		yTicks,
		xLabel: fitAxisTitle(input.xLabel, plot.w, F.label),
		yLabel: fitAxisTitle(input.yLabel, plot.h, F.label),
		yTitleX: yAxis.titleX(plot.x),
		bars,
		legend: (legendAt.below ? legendBelow : legendColumn)(input.series.map((s, i) => ({ label: s.name, color: colorOf(i) })), plot, F),
		labelPx,
		description:
			`Grouped bar chart of ${input.yLabel} (${log ? 'log' : 'linear'} scale) for ${names.join(', ')} ` +
			`in each ${input.xLabel}: ${input.groups.join(', ')}.`
	};
}

/** Box of a bar's value label: centred above the bar, baseline 3 px over its top. */
export function barLabelBox(b: BarRect, px: number): Box {
	return textBox(b.x + b.w / 2, b.y - 3, b.label, px, 'middle');
}

/**
 * Clears value labels that would be hard to read: ones that overlap an earlier label ("799k968k521k"),
 * cover a neighbouring bar, or leave the plot. The value is still in the bar's tooltip and the table.
 */
function keepReadableLabels(bars: BarRect[], px: number, area: Box): void {
	const rects: Box[] = bars.filter((b) => !b.missing).map((b) => ({ x0: b.x, y0: b.y, x1: b.x + b.w, y1: b.y + b.h }));
	const placed: Box[] = [];
	for (const b of bars) {
		if (!b.label) continue;
		const box = barLabelBox(b, px);
		// The box is an estimate: a browser's text box is about 1.25 font sizes tall (ascent + descent)
		// and its width varies by font, so neighbouring labels keep a margin around the estimate.
		const pad = Math.max(1, 0.05 * (box.x1 - box.x0));
		const padded = { x0: box.x0 - pad, x1: box.x1 + pad, y0: box.y0 - 0.15 * px, y1: box.y1 + 0.15 * px };
		if (!inside(box, area) || overlapsAny(padded, placed) || overlapsAny(box, rects)) {
			b.label = '';
			continue;
		}
		placed.push(padded);
	}
}
