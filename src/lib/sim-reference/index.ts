/**
 * servescope's reference simulator: the engine's batching rules written the slow and obvious way, one
 * step and one token at a time, with no closed forms, heaps or running aggregates. The differential
 * tests (tests/reference) require the engine (src/lib/sim) to give the same per-request times, and the
 * How-it-works step-through shows its timelines. It shares the engine's inputs (performance model,
 * memory budget, predictors, bins, batch sizers) but none of its scheduling code.
 */
import type { Workload } from '../trace/types';
import { assignBins, equalMassEdges, predictOutputs } from '../sim/bins';
import { scenarioDeployment } from '../sim/deploy/scenario-deployment';
import type { Scenario } from '../sim/types';
import { referenceIterationLevel } from './iteration-level';
import { referenceRequestLevel } from './request-level';
import type { ReferenceInputs, ReferenceRecords, ReferenceRequest, ReferenceSettings } from './types';

export type { ReferenceInputs, ReferenceRecords, ReferenceRequest, ReferenceSettings } from './types';

/** Runs the scenario's regime on requests whose drops, bins and step-time model are already decided. */
export function referenceRun(reqs: ReferenceRequest[], settings: ReferenceSettings, inputs: ReferenceInputs): ReferenceRecords {
	return settings.regime === 'iteration' ? referenceIterationLevel(reqs, settings, inputs) : referenceRequestLevel(reqs, settings, inputs);
}

/**
 * What simulate() decides before scheduling, derived on its own: a request whose prompt + output is
 * over the model's context (code 2) or one replica's KV capacity (code 1) is dropped; bins are equal-mass
 * over the predictions of the servable requests. The replica (its TP, KV capacity and step-time model)
 * is the engine's input, shared as the memory budget and performance model always were.
 */
export function referenceInputs(workload: Workload, scenario: Scenario): ReferenceInputs {
	const dep = scenarioDeployment(scenario);
	if (!dep.ok) throw new Error(dep.error.message);
	const cap = dep.deployment.summary.kvCapacityTokens;
	const n = workload.arrivalS.length;
	const dropCode = new Uint8Array(n);
	for (let i = 0; i < n; i++) {
		const total = workload.promptTokens[i] + workload.outputTokens[i];
		dropCode[i] = total > scenario.model.maxContext ? 2 : total > cap ? 1 : 0;
	}
	const predicted = predictOutputs(workload, scenario.predictor, scenario.seed);
	const servable = dropCode.map((c) => (c === 0 ? 1 : 0));
	const edges = scenario.bins > 1 ? equalMassEdges(predicted, scenario.bins, servable) : [Infinity];
	return { perf: dep.deployment.perf, kvCapacityTokens: cap, bin: assignBins(predicted, edges), dropCode };
}

/** The workload's rows as plain objects. */
export function referenceRequests(workload: Workload): ReferenceRequest[] {
	const key = workload.sessionKey;
	return Array.from(workload.arrivalS, (arrivalS, i) => ({ arrivalS, prompt: workload.promptTokens[i], output: workload.outputTokens[i], sessionKey: key ? key[i] : 0 }));
}

/** The reference's answer for a workload and scenario (the scenario is assumed valid). */
export function referenceSimulate(workload: Workload, scenario: Scenario): ReferenceRecords {
	return referenceRun(referenceRequests(workload), scenario, referenceInputs(workload, scenario));
}
