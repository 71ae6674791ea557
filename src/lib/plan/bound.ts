/**
 * What the planner knows before any run, from the performance model and the workload alone:
 * - a lower bound on replicas: the offered output tokens per second over what one replica can decode
 *   at its largest batch (prefill ignored, so the bound stays low), where the search starts;
 * - candidates no size can save: every decode step of a lone request already slower than the TPOT
 *   target, or too many requests larger than one replica's KV cache. Those cost no run at all.
 * Both read the replica's model as the engine will once tensor parallelism is wired in: the GPU's
 * BF16 model wrapped by the deployment model (sim/deploy/deployment-perf.ts) at the candidate's TP and
 * precision, with the KV capacity of its TP layout.
 */
import { createDeploymentPerfModel } from '../sim/deploy/deployment-perf';
import type { LinkSpec } from '../sim/deploy/allreduce';
import { createPerfModel } from '../sim/perf/registry';
import type { PerfModel } from '../sim/perf/types';
import type { KvPrecision, Scenario, WeightPrecision } from '../sim/types';
import type { Workload } from '../trace/types';

/** The facts of the target workload the bounds read (computed once per plan). */
export interface WorkloadFacts {
	requests: number;
	/** Σ output tokens / arrival span (null for fewer than two distinct arrivals). */
	offeredTokPerS: number | null;
	meanPromptTokens: number;
	meanOutputTokens: number;
	/** Share of requests with at least 2 output tokens (the only ones a TPOT target can fail). */
	multiTokenShare: number;
	/** prompt + output per request, ascending (for the share too large for a KV capacity). */
	totalsSorted: Uint32Array;
}

export function workloadFacts(w: Workload): WorkloadFacts {
	const n = w.arrivalS.length;
	let prompt = 0;
	let out = 0;
	let multi = 0;
	const totals = new Uint32Array(n);
	for (let i = 0; i < n; i++) {
		prompt += w.promptTokens[i];
		out += w.outputTokens[i];
		if (w.outputTokens[i] >= 2) multi++;
		totals[i] = w.promptTokens[i] + w.outputTokens[i];
	}
	totals.sort();
	const span = n > 1 ? w.arrivalS[n - 1] - w.arrivalS[0] : 0;
	return {
		requests: n,
		offeredTokPerS: span > 0 ? out / span : null,
		meanPromptTokens: n > 0 ? prompt / n : 0,
		meanOutputTokens: n > 0 ? out / n : 0,
		multiTokenShare: n > 0 ? multi / n : 0,
		totalsSorted: totals
	};
}

/** Share of requests whose prompt + output exceeds `capacity` tokens (they are dropped, so they fail). */
export function shareAbove(facts: WorkloadFacts, capacity: number): number {
	const a = facts.totalsSorted;
	let lo = 0;
	let hi = a.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (a[mid] <= capacity) lo = mid + 1;
		else hi = mid;
	}
	return a.length === 0 ? 0 : (a.length - lo) / a.length;
}

/** The replica as the bounds see it. */
export interface ReplicaShape {
	scenario: Scenario;
	tp: number;
	weights: WeightPrecision;
	kvDtype: KvPrecision;
	link: LinkSpec;
	/** KV tokens one replica holds (its TP layout). */
	kvCapacityTokens: number;
}

/** The replica's step-time model: the GPU's own model, wrapped for TP and precision when they differ from TP 1 BF16. */
export function replicaPerfModel(r: ReplicaShape): PerfModel {
	const s = r.scenario;
	// Only the four fields a model factory reads: the wrapper below applies TP and precision once.
	const inner = createPerfModel({ model: s.model, gpu: s.gpu, efficiency: s.efficiency, perf: s.perf });
	if (r.tp === 1 && r.weights === 'bf16' && r.kvDtype === 'bf16') return inner;
	return createDeploymentPerfModel(inner, { model: s.model, gpu: s.gpu, efficiency: s.efficiency, tp: r.tp, weights: r.weights, kvDtype: r.kvDtype, link: r.link });
}

/**
 * Busy share a replica can run at and still meet a TTFT tail under bursty arrivals: a queue near 100%
 * busy grows without bound. 90% kept the bound at or below the answer on every GPU type of the
 * reference workload (20,000 synthetic requests at 40 req/s), where 80% overshot one.
 */
const MAX_UTIL = 0.9;

/** The largest batch the replica's method lets run at once. */
function methodBatchCap(s: Scenario): number {
	if (s.regime === 'iteration') return s.continuous.maxBatch;
	return s.sizing.kind === 'fixed' ? s.sizing.batch : s.sizing.maxBatch;
}

/**
 * Replicas needed, estimated from below, from a steady state of chunked prefill riding on decode steps.
 * With R replicas each decoding b sequences:
 * - a step takes s(b) / (1 − ρ), where s(b) is a decode step at the workload's mean context and
 *   ρ = λ_in·p / R is the share of each replica's time its prefill takes (λ_in prompt tokens/s offered,
 *   p the time per token of a full chunk);
 * - that step is every decoding request's time per output token, so b is at most b*, the largest batch
 *   (within the method's cap and the KV cache) whose step fits the TPOT target;
 * - the replicas must carry λ_out output tokens/s at most MAX_UTIL busy: R ≥ (λ_out·s(b*)/b* + λ_in·p) / 0.9.
 * The two conditions depend on each other (a larger R leaves more of the target to decode), so R is
 * raised until both hold. This ignores the tail (P95 over the mean), so it stays at or below the answer
 * on the reference workloads; a bound that overshoots costs runs (the search walks down and verifies
 * the count below), never a wrong answer. 1 when the load is unknown.
 */
export function replicaLowerBound(r: ReplicaShape, facts: WorkloadFacts, perf: PerfModel = replicaPerfModel(r)): number {
	if (facts.offeredTokPerS === null || facts.offeredTokPerS <= 0 || facts.meanOutputTokens <= 0) return 1;
	const P = Math.max(1, facts.meanPromptTokens);
	const perSeq = Math.max(1, P + facts.meanOutputTokens);
	const cap = Math.max(1, Math.min(methodBatchCap(r.scenario), Math.floor(r.kvCapacityTokens / perSeq)));
	const ctx = P + facts.meanOutputTokens / 2;
	const step = (b: number) => perf.decodeStretchS(b, b * ctx, 1);
	const tpot = r.scenario.sla.tbtS;
	const k = r.scenario.regime === 'iteration' ? Math.max(1, Math.floor(r.scenario.continuous.tokenBudget / P)) : 1;
	const prefillWork = ((facts.offeredTokPerS / facts.meanOutputTokens) * facts.meanPromptTokens * perf.prefillS(k * P, k * P * P, k)) / (k * P);
	const lone = step(1);
	if (!(lone > 0) || !Number.isFinite(prefillWork)) return 1;
	if (lone >= tpot) return Math.max(1, Math.ceil(prefillWork + facts.offeredTokPerS * lone - 1e-9));
	/** Largest batch in [1, cap] whose step is within `budget` (step time grows with the batch). */
	const batchWithin = (budget: number): number => {
		if (step(cap) <= budget) return cap;
		let lo = 1;
		let hi = cap;
		while (hi - lo > 1) {
			const mid = (lo + hi) >> 1;
			if (step(mid) <= budget) lo = mid;
			else hi = mid;
		}
		return lo;
	};
	// Enough replicas that a lone decode step plus their prefill share fits the target at all.
	let R = Math.max(1, Math.ceil(prefillWork / (1 - lone / tpot) - 1e-9));
	for (let i = 0; i < 64; i++) {
		const b = batchWithin(tpot * (1 - prefillWork / R));
		const need = Math.max(1, Math.ceil(((facts.offeredTokPerS * step(b)) / b + prefillWork) / MAX_UTIL - 1e-9));
		if (need <= R) return R;
		R = need;
	}
	return R;
}

/**
 * Why no replica count can meet the SLOs, or null. Exact arguments only:
 * - TPOT: a request's TPOT is at least one decode step of a single sequence; when that step is over
 *   the target, every request with 2+ output tokens misses, and if they are more than 1 − attainment
 *   of the workload, no fleet helps.
 * - KV: requests larger than one replica's KV cache are dropped on every fleet size.
 */
export function hopelessReason(r: ReplicaShape, facts: WorkloadFacts, attainment: number, perf: PerfModel = replicaPerfModel(r)): string | null {
	const allowedMiss = 1 - attainment + 1e-12;
	const loneStepS = perf.decodeStretchS(1, 1, 1);
	const tpotS = r.scenario.sla.tbtS;
	if (loneStepS > tpotS && facts.multiTokenShare > allowedMiss) {
		return (
			`TPOT cannot reach ${(tpotS * 1000).toPrecision(3)} ms: one decode step of a single request already takes ` +
			`${(loneStepS * 1000).toPrecision(3)} ms on this deployment, and ${(facts.multiTokenShare * 100).toFixed(1)}% of requests have 2+ output tokens; ` +
			'more replicas do not shorten a step (try a faster GPU, a larger TP or lower-precision weights).'
		);
	}
	const tooBig = shareAbove(facts, Math.min(r.kvCapacityTokens, r.scenario.model.maxContext));
	if (tooBig > allowedMiss) {
		return (
			`${(tooBig * 100).toFixed(1)}% of requests need more than the ${r.kvCapacityTokens.toLocaleString('en-US')} KV tokens one replica holds ` +
			`(or the model's context), so they are dropped on any fleet; the attainment target allows ${((1 - attainment) * 100).toFixed(1)}% (try a larger TP or FP8 KV).`
		);
	}
	return null;
}
