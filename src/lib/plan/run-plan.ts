/**
 * A whole plan: check the inputs, re-time the trace to the target rate (burstiness kept), list the
 * candidates, search them (driver.ts) with runs on a RunExecutor (the page's Web Worker pool, the
 * CLI's threads, or in-process), and assemble the answer (result.ts).
 *
 * Runs go through the study's RunExecutor contract unchanged. The workload of each rate is loaded once
 * per worker under a slot number (RunSpec.size is the pool's workload key: here slot k + 1 holds the
 * trace re-timed to the target × 2^(k/16)); keys are content keys (runKey of the study, prefixed with
 * what the study keeps fixed: GPU, TP, precision and rate), so equal runs are simulated once.
 */
import { ENGINE_VERSION } from '../sim/index';
import { perfLabel } from '../calibrate/predict';
import { findModel } from '../catalog/index';
import { runKey } from '../study/plan';
import type { RunExecutor, RunSpec } from '../study/types';
import type { Trace, Workload, WorkloadShape } from '../trace/types';
import { shapeWorkload } from '../trace/workload';
import { workloadFacts, type WorkloadFacts } from './bound';
import { noFitMessage, planCandidates } from './candidates';
import { validatePlanConfig } from './config';
import { drivePlan, type EvalRequest, type EvaluateBatch } from './driver';
import { paretoFrontier } from './pareto';
import { cheapestPerGpu, planOptions, planPoints } from './result';
import { rateMultiplier } from './search';
import type { PlanConfig, PlanEvaluation, PlanProgressFn, PlanResult, PlanSetting } from './types';

/** The pool's workload key for rate exponent k. */
export const workloadSlot = (k: number) => k + 1;

/** The workload shape of rate exponent k: the first `requests` rows re-timed to target × 2^(k/16). */
export function planShape(c: PlanConfig, k: number): WorkloadShape {
	return { size: c.requests, selection: { kind: 'first' }, keepFailed: true, timing: { kind: 'rate', requestsPerS: c.rateReqPerS * rateMultiplier(k) } };
}

/** Shapes the trace for rate exponent k, or throws the shaping's readable message. */
export function planWorkload(trace: Trace, c: PlanConfig, k: number): Workload {
	const w = shapeWorkload(trace, planShape(c, k));
	if (!w.ok) throw new Error(w.error.message);
	return w.workload;
}

/** The run of one evaluation request, with a content key. */
export function planRunSpec(req: EvalRequest, c: PlanConfig): RunSpec {
	const cand = req.candidate;
	const scenario = { ...cand.scenario, gpus: req.replicas };
	const key = `plan|${cand.gpuId}|tp=${cand.tp}|${cand.weights}/${cand.kvDtype}|rate=${+(c.rateReqPerS * rateMultiplier(req.rateK)).toPrecision(12)}|${runKey(c.requests, scenario)}`;
	return { key, step: 1, size: workloadSlot(req.rateK), method: scenario.method, gpus: req.replicas, bins: scenario.bins, scenario, requests: c.requests };
}

/** An EvaluateBatch over a RunExecutor: loads each rate's workload once, then runs the batch. */
export function executorEvaluate(executor: RunExecutor, trace: Trace, c: PlanConfig, target: Workload): EvaluateBatch {
	const loaded = new Set<number>([0]);
	let prepared: Promise<void> | null = null;
	return async (reqs, onEach) => {
		prepared ??= executor.prepare([{ size: workloadSlot(0), workload: target }]);
		await prepared;
		const fresh = [...new Set(reqs.map((r) => r.rateK))].filter((k) => !loaded.has(k));
		if (fresh.length) {
			await executor.prepare(fresh.map((k) => ({ size: workloadSlot(k), workload: planWorkload(trace, c, k) })));
			for (const k of fresh) loaded.add(k);
		}
		// Fewest replicas first: those runs hold the longest queues, so the pool does not end on one.
		const specs = reqs.map((r) => planRunSpec(r, c));
		const order = specs.map((_, i) => i).sort((a, b) => specs[a].gpus - specs[b].gpus || a - b);
		const outcomes = await executor.run(order.map((i) => specs[i]), () => onEach?.());
		const out: PlanEvaluation[] = new Array(specs.length);
		order.forEach((i, j) => {
			const o = outcomes[j];
			out[i] = o.ok
				? { sloAttainment: o.summary.sloAttainment, ttftP95S: o.summary.ttftP95S, tpotP95Ms: o.summary.tbtP95Ms, e2eP95S: o.summary.e2eP95S, outputTokPerS: o.summary.outputTokPerS }
				: { sloAttainment: null, ttftP95S: null, tpotP95Ms: null, e2eP95S: null, outputTokPerS: null, error: o.error };
		});
		return out;
	};
}

function settingOf(c: PlanConfig, target: Workload, facts: WorkloadFacts, perf: string): PlanSetting {
	const model = findModel(c.modelId);
	return {
		model: c.modelId,
		modelName: model?.name ?? c.modelId,
		workload: target.label,
		requests: target.arrivalS.length,
		rateReqPerS: c.rateReqPerS,
		offeredTokPerS: facts.offeredTokPerS,
		ttftS: c.ttftS,
		tpotMs: c.tpotS * 1000,
		e2eS: c.e2eS,
		attainment: c.attainment,
		maxGpus: c.maxGpus,
		perfModel: perf,
		assumptions: [
			'Each replica serves from its own queue behind the default router; a deployment is replicas × TP GPUs of one type, priced per GPU-hour on demand.',
			`Replica counts found by exponential search from an analytic lower bound, then bisection; the answer meets the SLOs and one replica fewer does not (checked by a run).`,
			'Headroom: the trace re-timed to higher mean rates (its burstiness kept) until the SLOs fail, then bisected to within 4.4%.',
			`${c.methods.join(', ')} batching; ${c.tps.length ? `TP ${c.tps.join(', ')}` : "each GPU's default TP (the smallest with a useful KV cache)"}; ${c.precisions.map((p) => `${p.weights} weights/${p.kvDtype} KV`).join(', ')}.`
		]
	};
}

/** How a plan evaluates runs: on an executor, or an injected function (tests). */
export type PlanRunner = { executor: RunExecutor } | { evaluate: (target: Workload) => EvaluateBatch };

/**
 * Runs a plan. Rejects with a readable Error for invalid inputs or a model that fits nowhere, and with
 * the StudyCancelled error when the executor is cancelled.
 */
export async function runPlan(trace: Trace, c: PlanConfig, runner: PlanRunner, onProgress?: PlanProgressFn): Promise<PlanResult> {
	const t0 = Date.now();
	const errs = validatePlanConfig(c);
	if (errs.length) throw new Error(`The plan cannot run: ${errs.join(' ')}`);
	const target = planWorkload(trace, c, 0);
	const facts = workloadFacts(target);
	const { candidates, skipped } = planCandidates(c, facts);
	if (candidates.length === 0) throw new Error(noFitMessage(c, skipped));
	const evaluate = 'executor' in runner ? executorEvaluate(runner.executor, trace, c, target) : runner.evaluate(target);
	const { searches, headroom, log } = await drivePlan(
		candidates,
		{ attainment: c.attainment, maxGpus: c.maxGpus, headroomSteps: c.headroomSteps },
		evaluate,
		(s, l) => [...cheapestPerGpu(candidates, s, l).values()],
		onProgress
	);
	const points = planPoints(log, c.attainment);
	return {
		setting: settingOf(c, target, facts, c.base.perf ? perfLabel(c.base.perf, c.base.efficiency) : "each GPU's default step-time model (per-operator, with the GPU's profile)"),
		options: planOptions(candidates, searches, headroom, log, { modelId: c.modelId, rateReqPerS: c.rateReqPerS, maxGpus: c.maxGpus, attainment: c.attainment }),
		points,
		frontier: { ttft: paretoFrontier(points, 'ttft'), e2e: paretoFrontier(points, 'e2e') },
		skipped,
		runs: log.runs(),
		wallS: (Date.now() - t0) / 1000,
		engineVersion: ENGINE_VERSION
	};
}

/** The workload shape of a plan run (its slot says the rate): what a result cache keys it by. */
export function planSpecShape(spec: RunSpec, c: PlanConfig): WorkloadShape {
	return planShape(c, spec.size - 1);
}
