/**
 * Scales and axis ticks: D3 does the maths (linear/log scales, nice domains, tick values), this
 * module turns them into plain {value, pos, label} rows that a Svelte component draws.
 */
import { scaleLinear, scaleLog, type ScaleContinuousNumeric } from 'd3';
import { drawable, formatNumber, round2 } from './format';
import { textBox, thinEvenly } from './text-boxes';

/** Linear or logarithmic (base 10) axis. */
export type ScaleKind = 'linear' | 'log';

/** One tick: its data value, its pixel position along the axis and its label. */
export interface Tick {
	value: number;
	pos: number;
	label: string;
}

/** A numeric scale plus the kind it was built as (log scales refuse values ≤ 0). */
export interface NumericScale {
	kind: ScaleKind;
	scale: ScaleContinuousNumeric<number, number>;
}

/**
 * The [min, max] of the drawable values (finite; and > 0 on a log scale), or a fallback when
 * there are none ([0, 1] linear, [1, 10] log). A degenerate extent is widened so the scale has room.
 * Linear extents include 0 when `zero` is set (bars, counts).
 */
export function dataExtent(values: Iterable<number | null | undefined>, kind: ScaleKind, zero = false): [number, number] {
	const log = kind === 'log';
	let lo = Infinity;
	let hi = -Infinity;
	for (const v of values) {
		if (!drawable(v, log)) continue;
		if (v < lo) lo = v;
		if (v > hi) hi = v;
	}
	if (lo > hi) return log ? [1, 10] : [0, 1];
	if (!log && zero) {
		lo = Math.min(0, lo);
		hi = Math.max(0, hi);
	}
	if (lo === hi) {
		if (log) return [lo / 2, hi * 2];
		return lo === 0 ? [0, 1] : [Math.min(0, lo), Math.max(0, hi)];
	}
	return [lo, hi];
}

/** A D3 scale over `domain` mapped to `range`, niced so the ends land on round values. */
export function makeScale(kind: ScaleKind, domain: [number, number], range: [number, number], nice = true): NumericScale {
	const scale = kind === 'log' ? scaleLog().domain(domain).range(range) : scaleLinear().domain(domain).range(range);
	if (nice) {
		scale.nice();
		// Niceing a log domain near the smallest doubles can round an end to 0 (log 0 = −∞): undo it.
		const d = scale.domain();
		if (!d.every((v) => Number.isFinite(v) && (kind !== 'log' || v > 0)) || !d.every((v) => Number.isFinite(scale(v)))) scale.domain(domain);
	}
	return { kind, scale };
}

/** Leading digit of a positive number in base 10 (1 for 100, 5 for 0.05). */
function mantissa(v: number): number {
	return Math.round(v / 10 ** Math.floor(Math.log10(v) + 1e-9));
}

/**
 * Tick rows for an axis. Linear: D3's `ticks(count)`. Log: D3's log ticks thinned so labels stay
 * readable: over 3 decades only powers of ten, over 1 decade 1-2-5 steps, else all of D3's ticks.
 * `explicit` values, when given, replace D3's choice (those inside the domain, ascending, unique).
 */
export function axisTicks(s: NumericScale, count = 6, explicit?: number[], opts: TickOptions = {}): Tick[] {
	const label = opts.format ?? formatNumber;
	if (explicit && explicit.length > 0) {
		// Explicit values (e.g. the GPU counts of the grid) are kept when they fall inside the domain.
		const [a, b] = s.scale.domain() as [number, number];
		const [lo, hi] = a <= b ? [a, b] : [b, a];
		const ok = [...new Set(explicit)].filter((v) => drawable(v, s.kind === 'log') && v >= lo && v <= hi).sort((p, q) => p - q);
		return ok.map((value) => ({ value, pos: round2(s.scale(value)), label: label(value) }));
	}
	let values: number[];
	try {
		values = s.scale.ticks(count).filter((v) => Number.isFinite(v));
	} catch {
		// Pathological domains (extreme doubles) can make D3 fail to build ticks: draw the axis without.
		values = [];
	}
	if (s.kind === 'log') {
		const [d0, d1] = s.scale.domain() as [number, number];
		const decades = Math.log10(d1 / d0);
		if (decades > 3) values = values.filter((v) => mantissa(v) === 1 || mantissa(v) === 10);
		else if (decades > 1) {
			const steps = values.filter((v) => [1, 2, 5, 10].includes(mantissa(v)));
			// A narrow axis cannot hold 1-2-5 labels over several decades: fall back to powers of ten.
			values = steps.length > count * 1.5 ? values.filter((v) => mantissa(v) === 1 || mantissa(v) === 10) : steps;
		}
		// Very long ranges still give a tick per decade; keep at most ~count of them.
		if (values.length > count * 2) {
			const step = Math.ceil(values.length / count);
			values = values.filter((_, i) => i % step === 0);
		}
	}
	if (opts.integer) values = integerValues(values, s);
	return values.map((value) => ({ value, pos: round2(s.scale(value)), label: label(value) }));
}

/** Options of axisTicks. */
export interface TickOptions {
	/** Counts (busy GPUs, queued requests): only whole-number ticks; half a GPU is not a value. */
	integer?: boolean;
	/** Label of a tick value (default: the compact number format). */
	format?: (v: number) => string;
}

/** The whole numbers among D3's ticks; when fewer than two survive, every integer in the domain (at most a few). */
function integerValues(values: number[], s: NumericScale): number[] {
	const whole = values.filter((v) => Number.isInteger(v));
	if (whole.length >= 2) return whole;
	const [a, b] = s.scale.domain() as [number, number];
	const lo = Math.ceil(Math.min(a, b));
	const hi = Math.floor(Math.max(a, b));
	if (hi - lo > 20) return whole;
	return Array.from({ length: Math.max(0, hi - lo + 1) }, (_, i) => lo + i).filter((v) => drawable(v, s.kind === 'log'));
}

/**
 * Thins tick labels so they never overlap: every k-th tick is kept for the smallest k that fits, at
 * `fontPx`. x labels are centred on their tick; y labels are right-aligned and vertically centred.
 */
export function thinTicks(ticks: Tick[], axis: 'x' | 'y', fontPx: number): Tick[] {
	return thinEvenly(ticks, (t) => (axis === 'x' ? textBox(t.pos, 0, t.label, fontPx, 'middle') : textBox(0, t.pos, t.label, fontPx, 'end', 'middle')));
}

/** Pixel position of a value, rounded; null when the value cannot be drawn on this scale. */
export function position(s: NumericScale, v: number | null | undefined): number | null {
	if (!drawable(v, s.kind === 'log')) return null;
	const p = s.scale(v);
	return Number.isFinite(p) ? round2(p) : null;
}

/** Round durations in seconds (1 ms … 10 days) that a duration axis may tick at: 1-2-5 below a minute, then clock steps. */
const DURATION_STEPS_S = [
	0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 4 * 3600, 6 * 3600,
	12 * 3600, 86400, 2 * 86400, 5 * 86400, 10 * 86400
];

/**
 * Tick values for an axis of seconds printed as durations: round clock values (30 s, 5 min, 2 h, 1 day)
 * inside [lo, hi] instead of log ticks that print as "8.3 min". At most `count`, evenly thinned.
 */
export function durationTickValues(lo: number, hi: number, count = 5): number[] {
	const inside = DURATION_STEPS_S.filter((v) => v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9));
	if (inside.length <= count) return inside;
	const step = Math.ceil(inside.length / count);
	return inside.filter((_, i) => i % step === 0);
}
