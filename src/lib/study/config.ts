/**
 * A complete StudyConfig from the study's defaults (STUDY_DEFAULTS) and a base scenario, plus the
 * checks a person can trip (empty lists, zero sizes...) returned as readable messages.
 */
import { sloTargets } from '../sim/metrics/slo';
import { isMethodName, METHOD_NAMES } from '../sim/methods/registry';
import { REALISTIC_PREDICTOR } from '../sim/methods/predictors';
import { defaultScenario } from '../sim/presets';
import type { Scenario } from '../sim/types';
import { STUDY_DEFAULTS, type StudyConfig } from './types';

/**
 * The study's default base scenario: the engine defaults plus the SLO defaults (TTFT 2 s, TPOT 50 ms)
 * and the realistic output-length predictor (methods/predictors.ts), with overrides.
 */
export function studyBaseScenario(overrides: Partial<Scenario> = {}): Scenario {
	return defaultScenario({ sla: sloTargets(), predictor: { ...REALISTIC_PREDICTOR }, ...overrides });
}

/** The default study on `base` (studyBaseScenario() when omitted), with overrides. */
export function studyConfig(overrides: Partial<StudyConfig> = {}, base: Scenario = studyBaseScenario()): StudyConfig {
	return {
		sizes: [...STUDY_DEFAULTS.sizes],
		gpuCounts: [...STUDY_DEFAULTS.gpuCounts],
		binCounts: [...STUDY_DEFAULTS.binCounts],
		base,
		rpsScale: STUDY_DEFAULTS.rpsScale,
		keepFailed: STUDY_DEFAULTS.keepFailed,
		scalingBins: STUDY_DEFAULTS.scalingBins,
		kneeThreshold: STUDY_DEFAULTS.kneeThreshold,
		objective: STUDY_DEFAULTS.objective,
		attainment: STUDY_DEFAULTS.attainment,
		step1Continuous: STUDY_DEFAULTS.step1Continuous,
		methods: [...STUDY_DEFAULTS.methods],
		staticBatch: STUDY_DEFAULTS.staticBatch,
		step2Bins: STUDY_DEFAULTS.step2Bins,
		...overrides
	};
}

function positiveIntegers(list: number[], field: string, max: number): string | null {
	if (list.length === 0) return `${field} is empty: give at least one value.`;
	for (const v of list) {
		if (!Number.isInteger(v) || v < 1 || v > max) return `${field} holds ${v}: every value must be a whole number from 1 to ${max}.`;
	}
	return null;
}

/**
 * Problems with a study configuration, one readable message each (empty when it can run).
 * Scenario-level checks (model fits, SLA target...) are simulate()'s; a run that fails them fails alone.
 */
export function validateStudyConfig(c: StudyConfig): string[] {
	const errs: string[] = [];
	const push = (m: string | null) => m && errs.push(m);
	push(positiveIntegers(c.sizes, 'Workload sizes', 100_000_000));
	push(positiveIntegers(c.gpuCounts, 'GPU counts', 4096));
	push(positiveIntegers(c.binCounts, 'Bin counts', 255));
	if (!(c.rpsScale > 0) || !Number.isFinite(c.rpsScale)) errs.push(`RPS scale must be a positive number; got ${c.rpsScale}.`);
	if (c.requestsPerS !== undefined && c.requestsPerS !== null && !(c.requestsPerS > 0 && Number.isFinite(c.requestsPerS))) {
		errs.push(`The request rate must be a positive number of requests per second; got ${c.requestsPerS}.`);
	}
	if (!(c.kneeThreshold >= 0 && c.kneeThreshold < 1)) errs.push(`Knee threshold must be in [0, 1); got ${c.kneeThreshold}.`);
	if (!(c.attainment > 0 && c.attainment <= 1)) errs.push(`The SLO attainment target must be a share in (0, 1], e.g. 0.95 for 95%; got ${c.attainment}.`);
	const unknown = c.methods.filter((m) => m !== 'optimized' && !isMethodName(m));
	if (unknown.length) errs.push(`Unknown Step 2 method(s) ${unknown.join(', ')}; use ${[...METHOD_NAMES, 'optimized'].join(', ')}.`);
	if (!Number.isInteger(c.scalingBins) || c.scalingBins < 1) errs.push(`Scaling-analysis bins must be a whole number ≥ 1; got ${c.scalingBins}.`);
	if (!Number.isInteger(c.staticBatch) || c.staticBatch < 1) errs.push(`Static batch size must be a whole number ≥ 1; got ${c.staticBatch}.`);
	if (!Number.isInteger(c.step2Bins) || c.step2Bins < 1 || c.step2Bins > 255) errs.push(`Step 2 multibin bins must be a whole number from 1 to 255; got ${c.step2Bins}.`);
	if (!['latency', 'throughput', 'efficiency', 'cost'].includes(c.objective)) errs.push(`Objective must be latency, throughput, efficiency or cost; got "${c.objective}".`);
	return errs;
}
