/**
 * Geometry of a small histogram (token distributions in the trace summary, E2E histograms). Bins come
 * either precomputed (edges + counts, e.g. SimSeries.e2eHistogram) or from raw values through d3.bin,
 * with log-spaced thresholds on a log x axis (token counts span decades).
 */
import { bin } from 'd3';
import { drawable, formatNumber, round2 } from './format';
import { FONT, frameHead, plotRect, roundRect, titleBottom, xAxisRows, yAxisLeft, fitAxisTitle, type FrameInput, type SvgFrame, type XYAxes } from './layout';
import { categoryColor } from './palette';
import { axisTicks, dataExtent, makeScale, thinTicks, type ScaleKind } from './scales';

/** Precomputed bins: edges (n + 1, ascending) and counts (n). */
export interface HistogramBins {
	edges: number[];
	counts: number[];
}

/** Everything the layout needs (Histogram.svelte's props): `values` or `bins`; size defaults to 320 × 160. */
export interface HistogramLayoutInput extends FrameInput {
	/** Raw values (typed arrays welcome); ignored when `bins` is given. */
	values?: ArrayLike<number>;
	/** Precomputed bins: edges (n + 1) and counts (n). */
	bins?: HistogramBins;
	/** Number of bins to aim for with raw values (default 30). */
	binCount?: number;
	/** x axis title with unit, e.g. "Prompt tokens". */
	xLabel: string;
	/** y axis title (default "Count"). */
	yLabel?: string;
	/** 'linear' (default) or 'log'. */
	xScale?: ScaleKind;
}

/** The chart, ready to draw. */
export interface HistogramLayout extends SvgFrame, XYAxes {
	color: string;
	bars: { x: number; y: number; w: number; h: number; tip: string }[];
	/** Values that could not be placed (non-finite, or ≤ 0 on a log axis). */
	skipped: number;
}

/** Bins raw values: log-spaced thresholds on a log axis, D3's nice linear thresholds otherwise. */
export function binValues(values: ArrayLike<number>, kind: ScaleKind, count: number): { bins: HistogramBins; skipped: number } {
	const log = kind === 'log';
	const kept: number[] = [];
	for (let i = 0; i < values.length; i++) if (drawable(values[i], log)) kept.push(values[i]);
	const skipped = values.length - kept.length;
	if (kept.length === 0) return { bins: { edges: [], counts: [] }, skipped };
	const [lo, hi] = dataExtent(kept, kind);
	let thresholds: number[];
	if (log) {
		const a = Math.log10(lo);
		const step = (Math.log10(hi) - a) / count;
		thresholds = Array.from({ length: count - 1 }, (_, i) => 10 ** (a + step * (i + 1)));
	} else {
		thresholds = makeScale('linear', [lo, hi], [0, 1]).scale.ticks(count);
	}
	const out = bin<number, number>().domain([lo, hi]).thresholds(thresholds)(kept);
	const edges = [...out.map((b) => b.x0 as number), out[out.length - 1].x1 as number];
	return { bins: { edges, counts: out.map((b) => b.length) }, skipped };
}

/** Computes the histogram's geometry. */
export function histogramLayout(input: HistogramLayoutInput): HistogramLayout {
	const head = frameHead(input, 320, 160, 'label');
	const F = head.font;
	const kind = input.xScale ?? 'linear';
	const yLabel = input.yLabel ?? 'Count';
	// Smaller margins than the full-size charts: this one sits in a summary card.
	const margin = { top: head.showTitle ? Math.ceil(titleBottom(head)) + 10 : 10, right: 12, bottom: xAxisRows(F).bottom - 4, left: 54 };

	const { bins, skipped } = input.bins ? { bins: input.bins, skipped: 0 } : binValues(input.values ?? [], kind, input.binCount ?? 30);
	const n = Math.min(bins.counts.length, Math.max(0, bins.edges.length - 1));
	// y first (counts: whole-number ticks): its tick labels decide the left margin.
	const vertical = plotRect(head.width, head.height, margin);
	const y = makeScale('linear', dataExtent(bins.counts.slice(0, n), 'linear', true), [vertical.y + vertical.h, vertical.y]);
	const yTicks = thinTicks(axisTicks(y, Math.max(2, Math.round(vertical.h / 35)), undefined, { integer: true }), 'y', F.tick);
	const yAxis = yAxisLeft(yTicks.map((t) => t.label), F, 54);
	const plot = plotRect(head.width, head.height, { ...margin, left: yAxis.left });
	const x = makeScale(kind, dataExtent(bins.edges.slice(0, n + 1), kind), [plot.x, plot.x + plot.w], false);
	const base = plot.y + plot.h;
	const bars: HistogramLayout['bars'] = [];
	for (let i = 0; i < n; i++) {
		const a = bins.edges[i];
		const b = bins.edges[i + 1];
		const c = bins.counts[i];
		if (!drawable(a, kind === 'log') || !drawable(b, kind === 'log') || !Number.isFinite(c)) continue;
		const x0 = x.scale(a);
		const x1 = x.scale(b);
		const top = y.scale(c);
		bars.push({
			x: round2(x0 + 0.5),
			y: round2(top),
			w: round2(Math.max(0.5, x1 - x0 - 1)),
			h: round2(base - top),
			tip: `${input.xLabel} ${formatNumber(a)}–${formatNumber(b)}: ${formatNumber(c)}`
		});
	}
	return {
		...head,
		plot: roundRect(plot),
		xTicks: thinTicks(axisTicks(x, Math.max(2, Math.round(plot.w / 70))), 'x', F.tick),
		yTicks,
		xLabel: fitAxisTitle(input.xLabel, plot.w, F.label),
		yLabel: fitAxisTitle(yLabel, plot.h, F.label),
		yTitleX: yAxis.titleX(plot.x),
		color: categoryColor(0),
		bars,
		skipped,
		description:
			`Histogram of ${input.xLabel} (${kind} scale), ${n} bins.` + (skipped > 0 ? ` ${skipped} values not shown (zero or invalid).` : '')
	};
}

export { FONT };
