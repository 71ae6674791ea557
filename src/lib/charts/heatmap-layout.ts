/**
 * Geometry of a rows × columns heatmap (GPUs × bins): band positions, a log colour scale (viridis or
 * cividis) over the positive values, cell text in black or white for contrast, "n/a" for missing
 * cells, a colour legend with log ticks and a tooltip text listing every metric of a cell.
 */
import { scaleBand, scaleSequentialLog } from 'd3';
import { round2, textWidth } from './format';
import { formatValue, type ValueFormat } from './labels';
import { chartMargin, fitAxisTitle, frameHead, plotRect, roundRect, type FrameInput, type SvgFrame } from './layout';
import { sequential, textColorOn, type SequentialName } from './palette';
import { axisTicks, dataExtent, durationTickValues, makeScale, thinTicks, type Tick } from './scales';

/** One metric shown in a cell's tooltip. */
export interface CellMetric {
	label: string;
	value: number | string | null;
}

/** One cell's data. `row` and `col` name its labels in `rows` / `cols`. */
export interface HeatCell {
	row: string;
	col: string;
	/** The coloured value (e.g. P95 E2E seconds); null = not available (drawn hatched, "n/a"). */
	value: number | null;
	/** Every metric of this configuration, listed in the tooltip in this order. */
	metrics?: CellMetric[];
}

/** Everything the layout needs (Heatmap.svelte's props but the selection); size defaults to 720 × 360. */
export interface HeatmapLayoutInput extends FrameInput {
	/** Row labels, top to bottom (e.g. "1", "2", "4" GPUs). */
	rows: string[];
	/** Column labels, left to right (e.g. bin counts). */
	cols: string[];
	/** Cells by row and column label; a position without a cell shows "n/a". */
	cells: HeatCell[];
	/** What the rows are, e.g. "GPUs". */
	rowLabel: string;
	/** What the columns are, e.g. "Bins". */
	colLabel: string;
	/** What the colour encodes, with unit, e.g. "P95 E2E latency (s)". */
	valueLabel: string;
	/** 'viridis' (default) or 'cividis'. */
	scheme?: SequentialName;
	/** How values print in cells, tooltips and the colour legend (default 'number'; 'duration' for seconds: "2.4 days"). */
	valueFormat?: ValueFormat;
}

/** A drawn cell. */
export interface HeatCellLayout {
	x: number;
	y: number;
	w: number;
	h: number;
	/** Fill colour, or null for an n/a cell (hatched). */
	fill: string | null;
	textColor: string;
	/** Text printed in the cell ('' when the cell is too small to hold it). */
	text: string;
	/** Tooltip: position, the coloured value and every metric, one per line. */
	tip: string;
	/** Short accessible name, e.g. "GPUs 4, Bins 2: P95 E2E latency (s) 1.23". */
	ariaLabel: string;
	/** The input cell (a synthetic n/a cell when the input had none for this position). */
	cell: HeatCell;
}

/** The whole heatmap, ready to draw. */
export interface HeatmapLayout extends SvgFrame {
	rowTicks: Tick[];
	colTicks: Tick[];
	rowLabel: string;
	colLabel: string;
	valueLabel: string;
	/** x of the rotated row title's baseline, clear of the left edge. */
	rowTitleX: number;
	cells: HeatCellLayout[];
	fontPx: number;
	/** Colour legend: a vertical bar with gradient stops and log ticks; null when no value is positive. */
	legend: { x: number; y: number; w: number; h: number; stops: { offset: number; color: string }[]; ticks: Tick[] } | null;
}

const LEGEND_W = 14;

/** Computes the heatmap's geometry. */
export function heatmapLayout(input: HeatmapLayoutInput): HeatmapLayout {
	const head = frameHead(input, 720, 360);
	const interp = sequential(input.scheme ?? 'viridis');
	const fmt = (v: number | null) => formatValue(input.valueFormat ?? 'number', v);
	const F = head.font;
	const rowLabelW = Math.max(...input.rows.map((r) => textWidth(r, F.tick)), 10);

	// Last value wins when the input repeats a position; lookups by "row\u0000col" stay O(1).
	const byKey = new Map<string, HeatCell>();
	for (const c of input.cells) byKey.set(`${c.row}\u0000${c.col}`, c);
	const values = input.cells.map((c) => c.value);
	const positive = values.filter((v): v is number => v !== null && Number.isFinite(v) && v > 0);
	const [lo, hi] = dataExtent(positive, 'log');
	const color = scaleSequentialLog(interp).domain([lo, hi]).clamp(true);
	// Durations tick at clock values (30 s, 5 min, 2 h) rather than at log ticks that read "8.3 min".
	const legendTicks = (scale: ReturnType<typeof makeScale>) => {
		const explicit = input.valueFormat === 'duration' ? durationTickValues(lo, hi) : undefined;
		return axisTicks(scale, 5, explicit && explicit.length >= 2 ? explicit : undefined, { format: fmt });
	};
	// The right margin holds the colour legend and its tick labels ("2.4 days" is wider than "968k").
	const legendTickW = positive.length === 0 ? 0 : Math.max(...legendTicks(makeScale('log', [lo, hi], [100, 0], false)).map((t) => textWidth(t.label, F.tick)), 0);
	const right = Math.ceil(18 + LEGEND_W + 7 + legendTickW + 6 + F.tick + 8);
	// The left margin grows with the longest row label.
	const plot = plotRect(head.width, head.height, chartMargin(head, right, Math.ceil(Math.min(160, rowLabelW + 27 + F.label))));

	const xb = scaleBand<string>().domain(input.cols).range([plot.x, plot.x + plot.w]).paddingInner(0.04);
	const yb = scaleBand<string>().domain(input.rows).range([plot.y, plot.y + plot.h]).paddingInner(0.06);
	const cw = xb.bandwidth();
	const ch = yb.bandwidth();
	const fontPx = Math.max(11, Math.min(F.cell, Math.floor(ch * 0.45)));

	const cells: HeatCellLayout[] = [];
	for (const row of input.rows) {
		for (const col of input.cols) {
			const cell = byKey.get(`${row}\u0000${col}`) ?? { row, col, value: null };
			const ok = cell.value !== null && Number.isFinite(cell.value);
			// Values ≤ 0 cannot sit on a log scale: they take the lowest colour but print their true value.
			const fill = ok ? color(Math.max(cell.value as number, lo)) : null;
			const shown = ok ? fmt(cell.value) : 'n/a';
			const fits = textWidth(shown, fontPx) <= cw - 6 && ch >= fontPx + 4;
			const where = `${input.rowLabel} ${row}, ${input.colLabel} ${col}`;
			const metricLines = (cell.metrics ?? []).map((m) => `${m.label}: ${typeof m.value === 'number' ? fmt(m.value) : (m.value ?? 'n/a')}`);
			cells.push({
				x: round2(xb(col) ?? 0),
				y: round2(yb(row) ?? 0),
				w: round2(cw),
				h: round2(ch),
				fill,
				textColor: fill ? textColorOn(fill) : '#222222',
				text: fits ? shown : '',
				tip: [where, `${input.valueLabel}: ${shown}`, ...metricLines].join('\n'),
				ariaLabel: `${where}: ${input.valueLabel} ${shown}`,
				cell
			});
		}
	}

	const legend =
		positive.length === 0
			? null
			: (() => {
					const lx = plot.x + plot.w + 18;
					const scale = makeScale('log', [lo, hi], [plot.y + plot.h, plot.y], false);
					// A log-uniform gradient: the sequential log scale maps log(value) linearly onto t ∈ [0, 1].
					const stops = Array.from({ length: 11 }, (_, i) => ({ offset: i * 10, color: interp(i / 10) }));
					const ticks = thinTicks(legendTicks(scale), 'y', F.tick);
					return { x: round2(lx), y: round2(plot.y), w: LEGEND_W, h: round2(plot.h), stops, ticks };
				})();

	const naCount = cells.filter((c) => c.fill === null).length;
	return {
		...head,
		plot: roundRect(plot),
		rowTicks: thinTicks(input.rows.map((r, i) => ({ value: i, label: r, pos: round2((yb(r) ?? 0) + ch / 2) })), 'y', F.tick),
		colTicks: thinTicks(input.cols.map((c, i) => ({ value: i, label: c, pos: round2((xb(c) ?? 0) + cw / 2) })), 'x', F.tick),
		rowLabel: fitAxisTitle(input.rowLabel, plot.h, F.label),
		rowTitleX: Math.round(4 + 0.8 * F.label),
		colLabel: fitAxisTitle(input.colLabel, plot.w, F.label),
		valueLabel: fitAxisTitle(input.valueLabel, plot.h, F.tick),
		cells,
		fontPx,
		legend,
		description:
			`Heatmap of ${input.valueLabel} (log color scale) by ${input.rowLabel} (rows: ${input.rows.join(', ')}) ` +
			`and ${input.colLabel} (columns: ${input.cols.join(', ')}).` +
			(naCount > 0 ? ` ${naCount} cell${naCount === 1 ? '' : 's'} n/a.` : '')
	};
}
