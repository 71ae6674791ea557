/**
 * What double precision can represent for a workload's clock. Arrival and completion times are
 * float64 seconds from the first request; at time T their resolution is one ulp, T·2⁻⁵². A shaping
 * parameter that stretches the trace so far that a microsecond (a fraction of one decode step) no
 * longer registers would make latencies come out 0 or rounded with no sign of it: `--rps-scale 1e-300`
 * turned a one-hour trace into 3.6e303 s, and every E2E latency into exactly 0. Those are refused;
 * a stretch that only blurs below 60 ns is allowed with a warning.
 */
import type { Trace, UserError, WorkloadShape } from './types';

/** Longest scaled time span kept exact to better than a microsecond: ulp(2³²) = 2⁻²⁰ s ≈ 0.95 µs. */
export const MAX_WORKLOAD_SPAN_S = 2 ** 32;
/** Past this span the resolution is coarser than 2⁻²⁴ s ≈ 60 ns: allowed, with a warning. */
export const WARN_WORKLOAD_SPAN_S = 2 ** 28;
/**
 * Smallest RPS scale any trace can take: even a one-second trace divided by less than this spans more
 * than MAX_WORKLOAD_SPAN_S. Checked before a trace is known (URL, form, CLI flags).
 */
export const MIN_RPS_SCALE = 1 / MAX_WORKLOAD_SPAN_S;
const YEARS = (s: number) => (s / (365.25 * 86400)).toLocaleString('en-US', { maximumFractionDigits: 0 });
const num = (v: number) => (Math.abs(v) >= 1e6 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(3) : v.toLocaleString('en-US', { maximumFractionDigits: 6 }));

/** The RPS scale alone (no trace yet): finite, positive and not below MIN_RPS_SCALE. An error sentence or null. */
export function checkRpsScale(rpsScale: number): string | null {
	if (!(Number.isFinite(rpsScale) && rpsScale > 0)) return `the RPS scale must be a positive number; got ${rpsScale}.`;
	if (rpsScale < MIN_RPS_SCALE) {
		return `an RPS scale of ${num(rpsScale)} stretches even one second of trace past ${YEARS(MAX_WORKLOAD_SPAN_S)} years, where double-precision times cannot resolve a microsecond and latencies would come out 0 or rounded. Use at least ${num(MIN_RPS_SCALE)} (2⁻³²).`;
	}
	return null;
}

/** The span the shaped workload will have, in seconds (before any rows are copied). */
function shapedSpanS(traceSpanS: number, n: number, shape: WorkloadShape): number {
	const t = shape.timing;
	return t.kind === 'scale' ? traceSpanS / t.rpsScale : Math.max(n - 1, 0) / t.requestsPerS;
}

/**
 * The shape's clock against double precision for a trace whose chosen rows span `traceSpanS` seconds:
 * an error when the shaped span passes MAX_WORKLOAD_SPAN_S (or the window cannot be told apart from
 * its end), a warning sentence past WARN_WORKLOAD_SPAN_S, otherwise nothing.
 */
export function checkWorkloadClock(trace: Pick<Trace, 'name'>, traceSpanS: number, n: number, shape: WorkloadShape): { error?: UserError; warning?: string } {
	const sel = shape.selection;
	if (sel.kind === 'window' && sel.endS - sel.startS <= Math.abs(sel.endS) * Number.EPSILON) {
		return { error: { code: 'bad-window', field: 'window', message: `The time window ${num(sel.startS)}–${num(sel.endS)} s is narrower than double precision can tell apart at that time. Widen the window.` } };
	}
	const span = shapedSpanS(traceSpanS, n, shape);
	const t = shape.timing;
	const field = t.kind === 'scale' ? 'rpsScale' : 'requestsPerS';
	const what = t.kind === 'scale' ? `an RPS scale of ${num(t.rpsScale)}` : `a rate of ${num(t.requestsPerS)} requests/s`;
	if (!Number.isFinite(span) || span > MAX_WORKLOAD_SPAN_S) {
		const fix =
			t.kind === 'scale'
				? `Use an RPS scale of at least ${num(traceSpanS / MAX_WORKLOAD_SPAN_S)} for this trace.`
				: `Use a rate of at least ${num(Math.max(n - 1, 0) / MAX_WORKLOAD_SPAN_S)} requests/s.`;
		return {
			error: {
				code: t.kind === 'scale' ? 'rps-scale-out-of-range' : 'rate-out-of-range',
				field,
				message: `With ${what}, ${trace.name}'s ${num(traceSpanS)} s of arrivals would span ${num(span)} s (over ${YEARS(MAX_WORKLOAD_SPAN_S)} years), where double-precision times cannot resolve a microsecond: latencies would come out 0 or rounded. ${fix}`
			}
		};
	}
	if (span > WARN_WORKLOAD_SPAN_S) {
		return { warning: `With ${what} the workload spans ${num(span)} s; times there are resolved to about ${num(span * Number.EPSILON)} s, so latencies below that are rounded.` };
	}
	return {};
}
