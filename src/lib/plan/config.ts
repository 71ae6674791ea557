/**
 * The planner's defaults and the checks a plan's inputs must pass, each failure a sentence that says
 * what is wrong and what to give instead (the CLI and the page show them as they are).
 */
import { findGpu, findModel, GPUS, MODELS, DEFAULT_MODEL_ID } from '../catalog/index';
import { isKvPrecision, isWeightPrecision } from '../sim/deploy/precision';
import { TP_SIZES } from '../sim/deploy/tensor-parallel';
import { DEFAULT_SLO } from '../sim/metrics/slo';
import { REALISTIC_PREDICTOR } from '../sim/methods/predictors';
import { MULTIBIN_BINS } from '../sim/methods/multibin';
import { isMethodName } from '../sim/methods/registry';
import { STATIC_BATCH } from '../sim/methods/static';
import { DEFAULT_EFFICIENCY } from '../sim/presets';
import type { PlanConfig } from './types';

/** The reference load: 20,000 requests at 40 req/s. */
export const DEFAULT_PLAN_REQUESTS = 20_000;
export const DEFAULT_PLAN_RATE = 40;
/** Most GPUs one deployment may use unless told otherwise. */
export const DEFAULT_MAX_GPUS = 64;

/** A complete plan configuration with servescope's defaults, `overrides` on top. */
export function defaultPlanConfig(overrides: Partial<PlanConfig> = {}): PlanConfig {
	return {
		rateReqPerS: DEFAULT_PLAN_RATE,
		requests: DEFAULT_PLAN_REQUESTS,
		ttftS: DEFAULT_SLO.ttftS,
		tpotS: DEFAULT_SLO.tpotS,
		e2eS: null,
		attainment: DEFAULT_SLO.attainment,
		modelId: DEFAULT_MODEL_ID,
		gpuIds: [],
		tps: [],
		precisions: [{ weights: 'bf16', kvDtype: 'bf16' }],
		methods: ['continuous'],
		maxGpus: DEFAULT_MAX_GPUS,
		prices: {},
		bins: MULTIBIN_BINS,
		staticBatch: STATIC_BATCH,
		base: { efficiency: { ...DEFAULT_EFFICIENCY }, predictor: { ...REALISTIC_PREDICTOR }, seed: 1, binPolicy: 'oldest' },
		headroomSteps: 4,
		...overrides
	};
}

const positive = (x: number | null) => x === null || (Number.isFinite(x) && x > 0);

/** Every problem with a plan configuration (empty when it can run). */
export function validatePlanConfig(c: PlanConfig): string[] {
	const errs: string[] = [];
	if (!(Number.isFinite(c.rateReqPerS) && c.rateReqPerS > 0))
		errs.push(`The target rate must be a positive number of requests per second (e.g. 40); got ${c.rateReqPerS}.`);
	if (!(Number.isInteger(c.requests) && c.requests >= 2)) errs.push(`The workload needs at least 2 requests to have a rate; got ${c.requests}.`);
	if (!positive(c.ttftS)) errs.push(`The TTFT target must be a positive number of seconds; got ${c.ttftS}.`);
	if (!(Number.isFinite(c.tpotS) && c.tpotS > 0)) errs.push(`The TPOT target must be a positive number of milliseconds; got ${c.tpotS * 1000}.`);
	if (!positive(c.e2eS)) errs.push(`The E2E target must be a positive number of seconds, or none; got ${c.e2eS}.`);
	if (!(c.attainment > 0 && c.attainment <= 1)) errs.push(`The attainment target must be a share in (0, 1] (0.95 = 95%); got ${c.attainment}.`);
	if (!findModel(c.modelId)) errs.push(`Unknown model "${c.modelId}". Known: ${MODELS.map((m) => m.id).join(', ')}.`);
	const unknown = c.gpuIds.filter((g) => !findGpu(g));
	if (unknown.length) errs.push(`Unknown GPU(s) ${unknown.join(', ')}. Known: ${GPUS.map((g) => g.id).join(', ')}.`);
	const badTp = c.tps.filter((t) => !(TP_SIZES as readonly number[]).includes(t));
	if (badTp.length) errs.push(`TP sizes must be among ${TP_SIZES.join(', ')}; got ${badTp.join(', ')}.`);
	if (c.precisions.length === 0) errs.push('Give at least one precision (e.g. bf16).');
	for (const p of c.precisions) {
		if (!isWeightPrecision(p.weights)) errs.push(`Unknown weight precision "${p.weights}"; use bf16, fp8, int8 or int4.`);
		if (!isKvPrecision(p.kvDtype)) errs.push(`Unknown KV precision "${p.kvDtype}"; use bf16 or fp8.`);
	}
	if (c.methods.length === 0) errs.push('Give at least one batching method (e.g. continuous).');
	for (const m of c.methods) if (!isMethodName(m)) errs.push(`Unknown batching method "${m}".`);
	if (!(Number.isInteger(c.maxGpus) && c.maxGpus >= 1)) errs.push(`The maximum fleet size must be a whole number of GPUs, at least 1; got ${c.maxGpus}.`);
	for (const [gpu, usd] of Object.entries(c.prices)) {
		if (!findGpu(gpu)) errs.push(`A price names an unknown GPU "${gpu}".`);
		if (!(Number.isFinite(usd) && usd > 0)) errs.push(`The price of ${gpu} must be a positive number of US dollars per GPU-hour; got ${usd}.`);
	}
	if (!(Number.isInteger(c.headroomSteps) && c.headroomSteps >= 0 && c.headroomSteps <= 8)) errs.push(`Headroom steps must be a whole number from 0 to 8; got ${c.headroomSteps}.`);
	return errs;
}
