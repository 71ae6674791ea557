/**
 * Service-level objectives as the serving world states them (vLLM's benchmark_serving, DistServe):
 * per-request targets on TTFT, TPOT (the per-request mean time per output token after the first; the
 * engine's "TBT" is the same quantity) and optionally E2E, and an attainment target over requests.
 *
 * - A request meets the SLO when it completed (served, ≥ 1 output token) and met every target that is
 *   set. A request with one output token has no TPOT and cannot miss that target.
 * - SLO attainment = requests meeting it / (completed + dropped). A dropped request (never fits) is a
 *   request the service failed; failed trace rows (0 output tokens, an error in the original log) are
 *   not requests anyone waited for, so they are counted apart and left out.
 * - Goodput = requests meeting it per second of makespan.
 * - Inter-token latency (ITL): every gap between consecutive output tokens of a request, read from the
 *   engine's gap histogram (gap-histogram.ts) when the run recorded one.
 */
import { gapQuantileS, type GapHistogram } from '../gap-histogram';
import type { SlaTargets } from '../types';

/**
 * The defaults a person gets from the page, the CLI and the study: TTFT 2 s, TPOT 50 ms, no E2E target,
 * 95% attainment. 50 ms TPOT is the target the reference study and Pang et al. 2025 use; 2 s TTFT is a
 * common interactive-chat target (it is what a reader of a streamed answer tolerates before the first
 * words). Each default lives here only.
 */
export const DEFAULT_SLO = { ttftS: 2, tpotS: 0.05, attainment: 0.95 } as const;

/** The SLO targets a person sets: TPOT always (it also drives the dynamic sizer), TTFT and E2E optional. */
export interface SloInputs {
	ttftS?: number | null;
	tpotS?: number | null;
	e2eS?: number | null;
}

/**
 * The scenario's targets from a person's inputs, defaults filled in (TTFT 2 s, TPOT 50 ms; E2E only when
 * given). `null` for TTFT means "no TTFT target".
 */
export function sloTargets(inputs: SloInputs = {}): SlaTargets {
	const sla: SlaTargets = { tbtS: inputs.tpotS ?? DEFAULT_SLO.tpotS };
	const ttft = inputs.ttftS === undefined ? DEFAULT_SLO.ttftS : inputs.ttftS;
	if (ttft !== null) sla.ttftS = ttft;
	if (inputs.e2eS !== undefined && inputs.e2eS !== null) sla.e2eS = inputs.e2eS;
	return sla;
}

/** One request's latencies (seconds); tpotS is null with fewer than 2 output tokens. */
export interface RequestLatency {
	ttftS: number;
	e2eS: number;
	tpotS: number | null;
}

/** Which set targets a completed request misses (all false = it meets the SLO). */
export function sloMisses(r: RequestLatency, sla: SlaTargets): { tpot: boolean; ttft: boolean; e2e: boolean } {
	return {
		tpot: r.tpotS !== null && r.tpotS > sla.tbtS,
		ttft: sla.ttftS !== undefined && r.ttftS > sla.ttftS,
		e2e: sla.e2eS !== undefined && r.e2eS > sla.e2eS
	};
}

/** Whether a completed request meets every set target. */
export function meetsSlo(r: RequestLatency, sla: SlaTargets): boolean {
	const m = sloMisses(r, sla);
	return !m.tpot && !m.ttft && !m.e2e;
}

/** meeting / (completed + dropped); null when there is no request to judge. */
export function sloAttainmentOf(meeting: number, completed: number, dropped: number): number | null {
	const judged = completed + dropped;
	return judged > 0 ? meeting / judged : null;
}

/** ITL P50/P95/P99 in ms from the run's gap histogram; nulls when the run recorded none. */
export function itlPercentilesMs(itl: GapHistogram | undefined): { p50: number | null; p95: number | null; p99: number | null } {
	const ms = (q: number) => {
		if (!itl) return null;
		const s = gapQuantileS(itl, q);
		return s === null ? null : s * 1000;
	};
	return { p50: ms(0.5), p95: ms(0.95), p99: ms(0.99) };
}

const num = (x: number) => (Number.isInteger(x) ? String(x) : String(+x.toPrecision(4)));

/** "TTFT ≤ 2 s, TPOT ≤ 50 ms, E2E ≤ 30 s": the targets as a person reads them. */
export function describeSlo(sla: SlaTargets): string {
	const parts: string[] = [];
	if (sla.ttftS !== undefined) parts.push(`TTFT ≤ ${num(sla.ttftS)} s`);
	parts.push(`TPOT ≤ ${num(sla.tbtS * 1000)} ms`);
	if (sla.e2eS !== undefined) parts.push(`E2E ≤ ${num(sla.e2eS)} s`);
	return parts.join(', ');
}
