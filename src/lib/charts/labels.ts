/**
 * The one formatter for numbers and labels people read: tables, captions, chart axes, chart marks and the
 * CLI's chart files all print through these functions, so the page and an exported SVG never disagree
 * ("1250" on one, "1.3K" on the other). Pure: no DOM, no d3, safe in workers and in Node.
 *
 * The rules, in one place:
 * - Sizes and axis numbers are compact: 3 significant digits, K / M / B / T from 1,000 up ("1.25K", "12.3K", "1M").
 * - Counts people read exactly (requests, tokens) carry thousands separators ("19,366").
 * - Durations have ONE format, scaled to a readable unit: "850 ms", "12.3 s", "4.1 min", "2 h", "2.4 days".
 * - Shares are percentages with one decimal ("4.2%").
 * - Memory is binary ("3.2 GiB"), as GPU memory is counted.
 * - Missing, NaN and infinite values read "n/a", never "NaN" or "Infinity".
 * - Spelling is US English ("utilization"); the metric names live in METRIC_LABEL.
 */

/** True for a finite number (null, undefined, NaN and ±Infinity are not). */
function ok(v: number | null | undefined): v is number {
	return v !== null && v !== undefined && Number.isFinite(v);
}

const NA = 'n/a';
const intFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
/** One Intl formatter per digit count: building one costs ~50 µs, and a results page formats thousands of numbers. */
const sigFormats = new Map<number, Intl.NumberFormat>();
function sigFormat(digits: number): Intl.NumberFormat {
	let f = sigFormats.get(digits);
	if (!f) sigFormats.set(digits, (f = new Intl.NumberFormat('en-US', { maximumSignificantDigits: digits })));
	return f;
}

/** A whole number with thousands separators: 19366 → "19,366". */
export function formatCount(v: number | null | undefined): string {
	return ok(v) ? intFormat.format(Math.round(v)) : NA;
}

/** `digits` significant digits in plain notation, separators from 10^digits up: 0.0123, 12.3, 1,230, 19,366. */
export function formatSig(v: number | null | undefined, digits = 3): string {
	if (!ok(v)) return NA;
	if (v === 0) return '0';
	if (Math.abs(v) >= 10 ** digits) return intFormat.format(Math.round(v));
	return sigFormat(digits).format(v);
}

const SUFFIXES = ['', 'K', 'M', 'B', 'T'] as const;

/** Up to 3 significant digits without trailing zeros (12.30 → "12.3"). */
function threeSig(v: number): string {
	return String(Number(v.toPrecision(3)));
}

/**
 * A compact number for sizes, axis ticks and chart marks: 1250 → "1.25K", 12345 → "12.3K", 1e6 → "1M",
 * 850 → "850", 0.25 → "0.25", 0.00012 → "1.2e-4". Workload sizes ("10K requests") use it too.
 */
export function formatCompact(v: number | null | undefined): string {
	if (!ok(v)) return NA;
	if (v === 0) return '0';
	const a = Math.abs(v);
	if (a < 1e-3) return Number(v.toPrecision(3)).toExponential();
	if (a < 1000) return threeSig(v);
	let i = Math.min(SUFFIXES.length - 1, Math.floor(Math.log10(a) / 3));
	let m = Number((v / 1000 ** i).toPrecision(3));
	// 999,999 rounds to "1000K": carry into the next suffix so it reads "1M".
	if (Math.abs(m) >= 1000 && i < SUFFIXES.length - 1) {
		i++;
		m = Number((v / 1000 ** i).toPrecision(3));
	}
	return `${m}${SUFFIXES[i]}`;
}

/** A workload size as people say it: 1000 → "1K", 1500 → "1.5K", 1250 → "1.25K", 1000000 → "1M". */
export function sizeLabel(n: number): string {
	return formatCompact(n);
}

/**
 * Seconds in the one duration format: "850 ms" under a second, "12.3 s" under 2 minutes, "4.1 min" under
 * 2 hours, "2 h" under 2 days, then "2.4 days". Sub-millisecond values stay in ms ("0.42 ms").
 */
export function formatDuration(seconds: number | null | undefined): string {
	if (!ok(seconds)) return NA;
	const a = Math.abs(seconds);
	if (a === 0) return '0 s';
	if (a < 1) return `${formatSig(seconds * 1000)} ms`;
	if (a < 120) return `${formatSig(seconds)} s`;
	if (a < 7200) return `${formatSig(seconds / 60, 2)} min`;
	if (a < 172800) return `${formatSig(seconds / 3600, 2)} h`;
	return `${formatSig(seconds / 86400, 2)} days`;
}

/** Milliseconds in the same duration format (TBT and ITL are kept in ms): 42.1 → "42.1 ms". */
export function formatDurationMs(ms: number | null | undefined): string {
	return ok(ms) ? formatDuration(ms / 1000) : NA;
}

/** A share (0..1) as a percentage: 0.042 → "4.2%". */
export function formatPercent(share: number | null | undefined, digits = 1): string {
	return ok(share) ? `${(share * 100).toFixed(digits)}%` : NA;
}

/** Bytes in binary units: 3.2 × 2^30 → "3.2 GiB". */
export function formatBytes(v: number | null | undefined): string {
	if (!ok(v)) return NA;
	const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
	let x = v;
	let i = 0;
	while (Math.abs(x) >= 1024 && i < units.length - 1) {
		x /= 1024;
		i++;
	}
	return `${i === 0 ? x : x.toFixed(x < 10 ? 2 : 1)} ${units[i]}`;
}

/**
 * How a chart prints a value on its marks (cells, bar labels, tooltips). Plain data, so a chart spec
 * can name it and cross any boundary: 'number' compact, 'count' with separators, 'duration' in seconds,
 * 'percent' a 0..1 share, 'bytes' binary units.
 */
export type ValueFormat = 'number' | 'count' | 'duration' | 'percent' | 'bytes';

/** Formats `v` the way `kind` says (see ValueFormat). */
export function formatValue(kind: ValueFormat, v: number | null | undefined): string {
	switch (kind) {
		case 'count':
			return formatCount(v);
		case 'duration':
			return formatDuration(v);
		case 'percent':
			return formatPercent(v);
		case 'bytes':
			return formatBytes(v);
		default:
			return formatCompact(v);
	}
}

/** "1 GPU", "4 GPUs": a count with its noun, pluralised by adding "s". */
export function plural(n: number, noun: string): string {
	return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** The names of the metrics, spelled once (US English), used by tooltips, detail lists and chart axes. */
export const METRIC_LABEL = {
	e2eP50: 'P50 E2E',
	e2eP95: 'P95 E2E',
	e2eP99: 'P99 E2E',
	ttftP95: 'P95 TTFT',
	tbtP95: 'P95 TPOT',
	itlP95: 'P95 ITL',
	queueP95: 'P95 queue',
	outputTokPerS: 'Output tok/s',
	tokPerSPerGpu: 'Tok/s per GPU',
	slaViolation: 'TPOT violation',
	sloAttainment: 'SLO attainment',
	goodput: 'Goodput (req/s)',
	gpuUtilization: 'GPU utilization',
	meanBatch: 'Mean batch',
	completed: 'Completed',
	dropped: 'Dropped',
	costPerMTok: '$ per M output tokens'
} as const;
