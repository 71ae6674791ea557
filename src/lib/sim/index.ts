/**
 * The engine's one entry point: simulate(workload, scenario) -> SimResult. Validates, prices memory,
 * predicts output lengths, bins, marks requests that can never be served, builds the EngineContext,
 * runs the scenario's regime and summarizes. Pure and deterministic: same inputs and seed, same bits.
 */
import type { Workload } from '../trace/types';
import { assignBins, edgesFromSorted, predictOutputs, sortedPredictions } from './bins';
import { memoized, type PrepareMemo } from './prepare-memo';
import type { EngineContext } from './context';
import { releaseRecords } from './engine/recorder';
import { runRegime } from './engine/run';
import { scenarioDeployment } from './deploy/scenario-deployment';
import { summarize } from './metrics';
import type { DeploymentSummary, ProgressFn, Scenario, SimResult } from './types';
import { validateScenario } from './validate';

/**
 * Bump when the same inputs would give different results (cache keys include it). 4: the per-operator
 * model is the default performance model (default scenarios' step times change; roofline runs do not).
 * 5: ITL bin edges built without Math.pow, so the page and the CLI agree to the bit (ITL percentiles
 * move in their last bits). 6: deployments (tensor parallelism, weight and KV precision): a scenario
 * without a TP runs at the smallest TP with a useful KV cache, so one that fits on one GPU with a small
 * cache (under 32,768 tokens or the model's context) now runs at TP 2 or more; TP 1 BF16 runs are unchanged;
 * and requests are routed to per-replica queues, least-outstanding by default
 * (Scenario.routing; 'global' keeps the old shared queue and its numbers), so default results with
 * more than one replica move.
 */
export const ENGINE_VERSION = '6';

export { defaultScenario, methodScenario, DEFAULT_EFFICIENCY, DEFAULT_CONTINUOUS } from './presets';
export { validateScenario } from './validate';
export type * from './types';
export type { EngineContext } from './context';
export type { RunRecords } from './records';
export { createPrepareMemo, type PrepareMemo } from './prepare-memo';

/** Drop codes (records.ts): 1 + index into DROP_REASONS. */
const DROP_KV = 1;
const DROP_CONTEXT = 2;

/**
 * Everything both regimes read, prepared once: perf model, KV capacity, predictions, bins, drop codes.
 * Throws an Error (joined UserError messages) when the scenario is invalid or the model does not fit.
 */
export function prepareContext(
	workload: Workload,
	scenario: Scenario,
	onProgress?: ProgressFn,
	memo?: PrepareMemo
): { ctx: EngineContext; warnings: string[]; deployment: DeploymentSummary } {
	const errors = validateScenario(scenario);
	if (errors.length > 0) throw new Error(errors.map((e) => e.message).join('\n'));
	// The replica: its TP (default or chosen), KV capacity and step-time model (deploy/scenario-deployment.ts).
	const dep = scenarioDeployment(scenario);
	if (!dep.ok) throw new Error(dep.error.message);
	const { summary: deployment } = dep.deployment;
	const cap = deployment.kvCapacityTokens;
	const tp = deployment.tp;
	const maxContext = scenario.model.maxContext;

	const n = workload.arrivalS.length;
	if (workload.promptTokens.length !== n || workload.outputTokens.length !== n) {
		throw new Error(`The workload's columns differ in length (${n} arrivals, ${workload.promptTokens.length} prompts, ${workload.outputTokens.length} outputs); reshape the trace.`);
	}
	// What runs of one workload share comes from the memo when the caller keeps one (prepare-memo.ts).
	memoized(memo, workload, 'arrivals-checked', () => checkArrivals(workload));
	const { dropCode, include, droppedKv, droppedCtx } = memoized(memo, workload, `drops|${cap}|${maxContext}`, () => dropCodes(workload, cap, maxContext));
	const predKey = `${JSON.stringify(scenario.predictor)}|${scenario.seed}`;
	const predicted = memoized(memo, workload, `predicted|${predKey}`, () => predictOutputs(workload, scenario.predictor, scenario.seed));
	const binsKey = `${predKey}|${cap}|${maxContext}|${scenario.bins}`;
	const binEdges =
		scenario.bins > 1
			? memoized(memo, workload, `edges|${binsKey}`, () =>
					edgesFromSorted(memoized(memo, workload, `sorted|${predKey}|${cap}|${maxContext}`, () => sortedPredictions(predicted, include)), scenario.bins)
				)
			: [Infinity];
	const bin = memoized(memo, workload, `bin|${binsKey}`, () => assignBins(predicted, binEdges));

	const warnings: string[] = [...dep.deployment.warnings];
	if (droppedCtx > 0) {
		warnings.push(
			`${droppedCtx} request(s) have prompt + output above ${scenario.model.name}'s context of ${maxContext} tokens and were dropped.`
		);
	}
	if (droppedKv > 0) {
		const holder = tp === 1 ? `one ${scenario.gpu.name}` : `one TP ${tp} replica of ${tp} × ${scenario.gpu.name}`;
		warnings.push(
			`${droppedKv} request(s) need more KV cache than ${holder} holds (${cap} tokens for ${scenario.model.name}) and were dropped; ` +
				(tp === 1 ? 'a larger GPU, a smaller model or a higher memUtil would serve them.' : 'a larger TP, an FP8 KV cache, a larger GPU or a higher memUtil would serve them.')
		);
	}
	if (cap < 8192) warnings.push(`${scenario.model.name} barely fits on ${tp === 1 ? scenario.gpu.name : `TP ${tp} × ${scenario.gpu.name}`}: KV room for only ${cap} tokens.`);

	return {
		ctx: { perf: dep.deployment.perf, kvCapacityTokens: cap, predicted, bin, binEdges, dropCode, onProgress },
		warnings,
		deployment
	};
}

/** Throws unless arrival times are finite and non-decreasing (the regimes queue requests in index order). */
function checkArrivals(workload: Workload): true {
	const n = workload.arrivalS.length;
	for (let i = 1; i < n; i++) {
		// The regimes queue requests in index order, so a time going backwards would be served late.
		if (!(workload.arrivalS[i] >= workload.arrivalS[i - 1])) {
			throw new Error(`The workload's arrival times must be non-decreasing, but request ${i + 1} arrives at ${workload.arrivalS[i]} s, before request ${i} at ${workload.arrivalS[i - 1]} s. Sort the trace by time (the trace loader does this).`);
		}
	}
	if (n > 0 && !Number.isFinite(workload.arrivalS[0] + workload.arrivalS[n - 1])) throw new Error('The workload has a non-finite arrival time; check the trace.');
	return true;
}

/** Drop codes for requests that can never be served (context first, then one GPU's KV) and the mask of the rest. */
function dropCodes(workload: Workload, cap: number, maxContext: number): { dropCode: Uint8Array; include: Uint8Array; droppedKv: number; droppedCtx: number } {
	const n = workload.arrivalS.length;
	const dropCode = new Uint8Array(n);
	const include = new Uint8Array(n);
	let droppedKv = 0;
	let droppedCtx = 0;
	for (let i = 0; i < n; i++) {
		const total = workload.promptTokens[i] + workload.outputTokens[i];
		// The model's context is the harder limit: such a request is invalid on any GPU.
		if (total > maxContext) {
			dropCode[i] = DROP_CONTEXT;
			droppedCtx++;
		} else if (total > cap) {
			dropCode[i] = DROP_KV;
			droppedKv++;
		} else include[i] = 1;
	}
	return { dropCode, include, droppedKv, droppedCtx };
}

/**
 * Simulates one scenario on a workload. Throws an Error whose message lists every problem with the
 * scenario (callers catch it and show it); otherwise always returns defined numbers or nulls.
 */
export function simulate(workload: Workload, scenario: Scenario, onProgress?: ProgressFn, memo?: PrepareMemo): SimResult {
	const { ctx, warnings, deployment } = prepareContext(workload, scenario, onProgress, memo);
	const records = runRegime(workload, scenario, ctx);
	const result = summarize(workload, scenario, records, { engineVersion: ENGINE_VERSION, warnings, gpusPerReplica: deployment.tp, consumeRecords: true });
	result.deployment = deployment;
	releaseRecords(records); // the records never leave simulate(): their columns serve the next run
	return result;
}
