/**
 * Load sweeps, as people get from vLLM's `--request-rate` sweeps: one configuration replayed at rising
 * request rates (the trace re-timed to each mean rate, its burstiness kept: trace/workload.ts), with
 * P95 TTFT, TPOT and E2E, goodput and SLO attainment per rate, and the highest rate that still reaches
 * the attainment target: the configuration's capacity (also per GPU).
 *
 * The rates are found, not guessed: start low, double until the target is missed, then bisect
 * (geometrically) between the last rate that met it and the first that did not. Attainment falls with
 * load (queues only grow), so the bracket holds the capacity; the bisection steps set its precision
 * (4 steps: within 2^(1/16) ≈ 4.4%).
 */
import { simulate } from '../sim/index';
import { methodDef } from '../sim/methods/registry';
import type { MethodName, Scenario, SimSummary } from '../sim/types';
import type { Trace } from '../trace/types';
import { shapeWorkload } from '../trace/workload';

/** One configuration to sweep. */
export interface SweepTarget {
	/** What the row is, e.g. "continuous, 4 GPUs" or "min-cost (8 GPUs, multibin, 2 bins)". */
	label: string;
	method: MethodName;
	gpus: number;
	bins: number;
}

export interface LoadSweepOptions {
	/** Requests replayed at each rate (the first N of the trace; the whole trace when shorter). */
	requests: number;
	/** SLO attainment target (0.95). */
	attainment: number;
	/** First rate tried, req/s (default 0.1 per GPU). */
	startReqPerS?: number;
	/** Most doublings before giving up on finding a miss (default 16: a 65,536× range). */
	maxDoublings?: number;
	/** Geometric bisection steps between the last meeting and the first missing rate (default 4). */
	bisections?: number;
	keepFailed?: boolean;
}

/** One rate of a sweep. */
export interface LoadSweepPoint {
	/** The mean request rate the trace was re-timed to. */
	rateReqPerS: number;
	offeredReqPerS: number | null;
	offeredTokPerS: number | null;
	ttftP95S: number | null;
	tpotP95Ms: number | null;
	e2eP95S: number | null;
	goodputReqPerS: number | null;
	sloAttainment: number | null;
	outputTokPerS: number | null;
	meetsSlo: boolean;
}

/** A configuration's sweep and its capacity. */
export interface LoadSweep extends SweepTarget {
	requests: number;
	attainment: number;
	/** Ascending by rate. */
	points: LoadSweepPoint[];
	/** Highest swept rate reaching the target; null when even the first rate missed it. */
	capacityReqPerS: number | null;
	capacityPerGpuReqPerS: number | null;
	/** One sentence: the capacity and how it was bracketed, or why there is none. */
	note: string;
	/** When a run failed (model does not fit...), why; then points may be empty. */
	error?: string;
}

function point(rate: number, s: SimSummary, attainment: number): LoadSweepPoint {
	return {
		rateReqPerS: rate,
		offeredReqPerS: s.offeredReqPerS,
		offeredTokPerS: s.offeredTokPerS,
		ttftP95S: s.ttftP95S,
		tpotP95Ms: s.tbtP95Ms,
		e2eP95S: s.e2eP95S,
		goodputReqPerS: s.goodputReqPerS,
		sloAttainment: s.sloAttainment,
		outputTokPerS: s.outputTokPerS,
		meetsSlo: s.sloAttainment !== null && s.sloAttainment >= attainment - 1e-12
	};
}

const fmtRate = (x: number) => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3));

/**
 * Sweeps one configuration on `base` (model, GPU, SLO targets, predictor, seed). Pure and deterministic;
 * `simulateFn` is there so tests can count runs (defaults to the engine's simulate).
 */
export function loadSweep(trace: Trace, base: Scenario, target: SweepTarget, o: LoadSweepOptions, simulateFn = simulate): LoadSweep {
	const scenario = methodDef(target.method).scenario(base, { gpus: target.gpus, bins: target.bins });
	const requests = Math.min(o.requests, trace.arrivalS.length);
	const points: LoadSweepPoint[] = [];
	const out = (extra: Partial<LoadSweep> & Pick<LoadSweep, 'note'>): LoadSweep => ({
		...target,
		requests,
		attainment: o.attainment,
		points: [...points].sort((a, b) => a.rateReqPerS - b.rateReqPerS),
		capacityReqPerS: null,
		capacityPerGpuReqPerS: null,
		...extra
	});
	// Per GPU means per GPU the deployment holds: replicas × TP (the run reports its TP).
	let gpusTotal = target.gpus;
	const at = (rate: number): LoadSweepPoint => {
		const w = shapeWorkload(trace, { size: requests, selection: { kind: 'first' }, keepFailed: o.keepFailed ?? true, timing: { kind: 'rate', requestsPerS: rate } });
		if (!w.ok) throw new Error(w.error.message);
		const r = simulateFn(w.workload, scenario);
		gpusTotal = r.deployment?.gpus ?? target.gpus;
		const p = point(rate, r.summary, o.attainment);
		points.push(p);
		return p;
	};
	try {
		let lo: number | null = null;
		let hi: number | null = null;
		let rate = o.startReqPerS ?? 0.1 * target.gpus;
		for (let i = 0; i <= (o.maxDoublings ?? 16); i++, rate *= 2) {
			if (at(rate).meetsSlo) lo = rate;
			else {
				hi = rate;
				break;
			}
		}
		if (lo === null) {
			return out({ note: `Even at ${fmtRate(rate)} req/s the SLO attainment stays below ${(o.attainment * 100).toFixed(0)}%: this configuration has no capacity under these targets.` });
		}
		if (hi === null) {
			return out({
				capacityReqPerS: lo,
				capacityPerGpuReqPerS: lo / gpusTotal,
				note: `Still meets the SLO at ${fmtRate(lo)} req/s, the highest rate tried: the capacity is at least that.`
			});
		}
		for (let i = 0; i < (o.bisections ?? 4); i++) {
			const mid = Math.sqrt(lo * hi);
			if (at(mid).meetsSlo) lo = mid;
			else hi = mid;
		}
		return out({
			capacityReqPerS: lo,
			capacityPerGpuReqPerS: lo / gpusTotal,
			note: `Capacity ${fmtRate(lo)} req/s (${fmtRate(lo / gpusTotal)} per GPU): the SLO holds there and fails at ${fmtRate(hi)} req/s.`
		});
	} catch (e) {
		return out({ note: 'The sweep could not run.', error: e instanceof Error ? e.message : String(e) });
	}
}
