/**
 * From the page's flat StudyParams to the engine's Scenario and the study's StudyConfig, plus the
 * form's own checks (list inputs, ranges, model-fits). Pure: unit-tested in tests/state.
 */
import { perfSpecOfChoice } from './profile-choice';
import { distinctRunCount, planStep1, step2MaxRuns } from '../study/plan';
import { findGpu, findModel } from '../catalog/index';
import { memoryBudget, type MemoryBudget } from '../sim/memory';
import { modelCosts } from '../sim/perf/index';
import { DEFAULT_DYNAMIC_SIZING, defaultScenario } from '../sim/presets';
import type { GpuSpec, ModelSpec, PerfModelSpec, PredictorSpec, Scenario } from '../sim/types';
import { STUDY_DEFAULTS, type StudyConfig } from '../study/types';
import type { StudyParams } from './params';
import { NUMBER_FIELDS, checkDtypeBytes, checkFit, checkNumber } from './url';
import { deployFitError, deployScenarioFields } from './deploy-params';

/** The model the params name: a catalog entry or the custom architecture with its dtype and tying. */
export function resolveModel(p: StudyParams): ModelSpec | undefined {
	if (p.model !== 'custom') return findModel(p.model);
	return { id: 'custom', name: 'Custom model', ...p.customModel, tiedEmbeddings: p.customStorage.tiedEmbeddings, maxContext: 131072, dtypeBytes: p.customStorage.dtypeBytes };
}

/** The performance model: the fitted latency model when one is set, else the page's choice (profile-choice.ts). */
export function perfSpec(p: StudyParams): PerfModelSpec {
	if (!p.fit) return perfSpecOfChoice(p.perfChoice, resolveGpu(p));
	const f: PerfModelSpec = { kind: 'fitted', alphaS: p.fit.alphaS, betaS: p.fit.betaS, gamma: p.fit.gamma };
	if (p.fit.r2 !== null) f.r2 = p.fit.r2;
	return f;
}

/** The GPU the params name: a catalog entry or the custom roofline numbers. */
export function resolveGpu(p: StudyParams): GpuSpec | undefined {
	if (p.gpu !== 'custom') return findGpu(p.gpu);
	return { id: 'custom', name: 'Custom GPU', ...p.customGpu };
}

function predictorSpec(p: StudyParams): PredictorSpec {
	return p.predictor === 'noisy' ? { kind: 'noisy', sigma: p.sigma } : { kind: p.predictor };
}

/** The base Scenario every run of the study starts from (dynamic sizing, 1 GPU, 1 bin). */
export function baseScenario(p: StudyParams): Scenario {
	const model = resolveModel(p);
	const gpu = resolveGpu(p);
	if (!model || !gpu) throw new Error(`unknown model "${p.model}" or GPU "${p.gpu}"`);
	const sla: Scenario['sla'] = { tbtS: p.tbt / 1000 };
	if (p.e2e !== null) sla.e2eS = p.e2e;
	if (p.ttft !== null) sla.ttftS = p.ttft;
	return defaultScenario({
		model,
		gpu,
		efficiency: { mfu: p.mfu, eta: p.eta, stepOverheadS: p.overhead / 1000, memUtil: p.memUtil },
		perf: perfSpec(p),
		sizing: { ...DEFAULT_DYNAMIC_SIZING },
		binPolicy: p.binPolicy,
		predictor: predictorSpec(p),
		sla,
		costPerGpuHour: p.cost,
		seed: p.seed,
		...deployScenarioFields(p),
		...(p.routing ? { routing: p.routing } : {}),
		...(p.prefixCache ? { prefixCache: true } : {})
	});
}

/** The StudyConfig the study engine runs. */
export function studyConfigFromParams(p: StudyParams): StudyConfig {
	return {
		sizes: [...p.sizes],
		gpuCounts: [...p.gpus],
		binCounts: [...p.bins],
		base: baseScenario(p),
		rpsScale: p.rps,
		requestsPerS: p.rate,
		keepFailed: p.keepFailed,
		scalingBins: p.scalingBins,
		kneeThreshold: p.knee / 100,
		objective: p.objective,
		attainment: p.attainment / 100,
		step1Continuous: p.step1Continuous,
		methods: [...STUDY_DEFAULTS.methods],
		staticBatch: STUDY_DEFAULTS.staticBatch,
		step2Bins: STUDY_DEFAULTS.step2Bins
	};
}

/** Key numbers shown next to the model and GPU pickers. */
export interface HardwareFacts {
	weightBytes: number;
	kvBytesPerToken: number;
	paramsNonEmbedding: number;
	budget: MemoryBudget | null;
	/** Why the model does not fit, when it does not. */
	fitError: string | null;
}

/** Weight size, KV bytes/token and KV capacity for the chosen model on the chosen GPU. */
export function hardwareFacts(p: StudyParams): HardwareFacts | null {
	const model = resolveModel(p);
	const gpu = resolveGpu(p);
	if (!model || !gpu) return null;
	const c = modelCosts(model);
	const eff = { mfu: p.mfu, eta: p.eta, stepOverheadS: p.overhead / 1000, memUtil: p.memUtil };
	const mb = memoryBudget(model, gpu, eff);
	return {
		weightBytes: c.weightBytes,
		kvBytesPerToken: c.kvBytesPerToken,
		paramsNonEmbedding: c.paramsNonEmbedding,
		budget: mb.ok ? mb.budget : null,
		fitError: mb.ok ? null : mb.error.message
	};
}

/** Errors per form field (the field's URL name, or 'model'/'gpu'); empty when the study can run. */
export type FieldErrors = Record<string, string>;

/**
 * The form's checks, field by field: ranges of every number, custom hardware, bins ≤ the sizes,
 * and that the model fits on the GPU. (List syntax is checked where the text is typed.)
 */
export function checkParams(p: StudyParams): FieldErrors {
	const errs: FieldErrors = {};
	for (const f of NUMBER_FIELDS) {
		const e = checkNumber(f, p[f.key] as number | null);
		if (e) errs[f.name] = e;
	}
	for (const key of ['sizes', 'gpus', 'bins'] as const) {
		if (p[key].length === 0) errs[key] = `${key}: give at least one value.`;
	}
	if (!resolveModel(p)) errs.model = `Unknown model "${p.model}": pick one from the list.`;
	if (!resolveGpu(p)) errs.gpu = `Unknown GPU "${p.gpu}": pick one from the list.`;
	if (p.model === 'custom') {
		const bad = Object.entries(p.customModel).filter(([, v]) => !(Number.isInteger(v) && v > 0));
		if (bad.length) errs.model = `Custom model: ${bad.map(([k]) => k).join(', ')} must be positive whole numbers.`;
		const dtype = checkDtypeBytes(p.customStorage.dtypeBytes);
		if (dtype) errs.dtype = dtype;
	}
	if (p.fit) {
		const fit = checkFit(p.fit.alphaS, p.fit.betaS, p.fit.gamma);
		if (fit) errs.fit = `Fitted model: ${fit}`;
	}
	if (p.gpu === 'custom') {
		const bad = Object.entries(p.customGpu).filter(([, v]) => !(Number.isFinite(v) && v > 0));
		if (bad.length) errs.gpu = `Custom GPU: ${bad.map(([k]) => k).join(', ')} must be positive numbers.`;
	}
	const smallest = Math.min(...p.sizes);
	const most = Math.max(...p.bins);
	if (p.sizes.length && p.bins.length && most > smallest) {
		errs.bins = `bins: ${most} bins cannot be filled by a workload of ${smallest} requests; use fewer bins or larger sizes.`;
	}
	if (!errs.model && !errs.gpu && !errs.memutil) {
		// Fit at the chosen TP (or some TP, for auto) and precisions: the engine's own check.
		const fit = hardwareFacts(p) ? deployFitError(baseScenario(p)) : null;
		if (fit) errs[fit.field] = fit.message;
	}
	return errs;
}

/**
 * Number of distinct simulations a study will run (Step 1 grid + the Step 2 methods that are not grid
 * points), before the cache is consulted. Falls back to the plain count while the form is invalid.
 */
export function plannedRuns(p: StudyParams): number {
	try {
		return distinctRunCount(studyConfigFromParams(p));
	} catch {
		return p.sizes.length * p.gpus.length * p.bins.length + p.sizes.length * STUDY_DEFAULTS.methods.length;
	}
}

/**
 * The run count the study's progress bar counts to (run-study.ts: Step 1's specs plus Step 2's most),
 * so the number before a run is the number during it. Some of these are one simulation counted twice
 * (Step 2 reuses Step 1 results), so the study may simulate fewer: plannedRuns counts those.
 */
export function progressRuns(p: StudyParams): number {
	try {
		const config = studyConfigFromParams(p);
		return planStep1(config).length + step2MaxRuns(config);
	} catch {
		return plannedRuns(p);
	}
}
