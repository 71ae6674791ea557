/**
 * Scenario checks before a run: every problem a person can cause from a form or a flag, each as a
 * UserError naming the field, what was wrong and what to do. Unknown catalog ids are the caller's job
 * (the scenario already holds the specs).
 */
import { perOpParamsProblem } from './perf/per-op-check';
import type { UserError } from '../trace/types';
import { KV_PRECISION_IDS, WEIGHT_PRECISION_IDS } from './deploy/precision';
import { resolveScenarioDeployment } from './deploy/scenario-deployment';
import { TP_SIZES } from './deploy/tensor-parallel';
import { isMethodName, METHOD_NAMES, methodDef } from './methods/registry';
import type { Scenario } from './types';

/** Most GPUs a scenario may ask for. */
export const MAX_GPUS = 4096;
/** Most bins (bins are stored in a Uint8Array; 64 is far past any useful split). */
export const MAX_BINS = 64;
/** Largest request-level batch size accepted. */
export const MAX_BATCH = 4096;

/** Longest fixed step overhead accepted (s): beyond it simulated times overflow to Infinity. */
export const MAX_STEP_OVERHEAD_S = 10;
/** Smallest share of peak FLOP/s or bandwidth accepted: below it latencies leave any sane range. */
export const MIN_EFFICIENCY_SHARE = 0.001;

const OBJECT_FIELDS = ['model', 'gpu', 'efficiency', 'perf', 'sizing', 'predictor', 'continuous', 'sla'] as const;

/** A value as a message shows it: strings quoted, objects by kind (a cached record or URL may hold anything). */
function shown(v: unknown): string {
	if (typeof v === 'string') return `"${v.length > 40 ? v.slice(0, 40) + '…' : v}"`;
	if (v === null || v === undefined || typeof v === 'number' || typeof v === 'boolean') return String(v);
	return Array.isArray(v) ? 'a list' : typeof v;
}

/**
 * Structure first: a scenario rebuilt from a cached record or a URL is untrusted JSON, so every
 * nested part must be an object before its fields are read (the checks below never throw).
 */
function shapeErrors(s: unknown): UserError[] {
	const err = (field: string, message: string): UserError => ({ code: 'invalid-scenario', field, message: `${field}: ${message}` });
	if (s === null || typeof s !== 'object' || Array.isArray(s)) return [err('scenario', `must be a scenario object; got ${shown(s)}. Reset the form to the defaults.`)];
	const r = s as Record<string, unknown>;
	const out: UserError[] = [];
	for (const f of OBJECT_FIELDS) {
		const v = r[f];
		if (v === null || typeof v !== 'object' || Array.isArray(v)) out.push(err(f, `is missing or not a settings object (got ${shown(v)}); choose it again or reset it to the default.`));
	}
	return out;
}

/** All problems with a scenario (empty = runnable). Never throws, whatever the input holds. */
export function validateScenario(s: Scenario): UserError[] {
	const structural = shapeErrors(s);
	if (structural.length > 0) return structural;
	const errors: UserError[] = [];
	const bad = (field: string, message: string) => errors.push({ code: 'invalid-scenario', field, message: `${field}: ${message}` });
	/** A real number (not a numeric string, which comparisons would silently coerce). */
	const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
	const intIn = (field: string, v: number, lo: number, hi: number) => {
		if (!Number.isInteger(v) || v < lo || v > hi) bad(field, `must be a whole number from ${lo} to ${hi}; got ${shown(v)}.`);
	};
	const positive = (field: string, v: number, what = 'seconds') => {
		if (!(num(v) && v > 0)) bad(field, `must be a positive number of ${what}; got ${shown(v)}.`);
	};
	const share = (field: string, v: number) => {
		if (!(num(v) && v > 0 && v <= 1)) bad(field, `must be a share in (0, 1]; got ${shown(v)}.`);
	};
	const oneOf = (field: string, v: unknown, allowed: readonly string[]) => {
		if (typeof v !== 'string' || !allowed.includes(v)) bad(field, `must be one of ${allowed.join(', ')}; got ${shown(v)}.`);
	};

	oneOf('method', s.method, METHOD_NAMES);

	intIn('gpus', s.gpus, 1, MAX_GPUS);
	// Deployment: TP per replica and the precisions (undefined = the default TP, BF16 weights, BF16 KV).
	if (s.tp !== undefined && !(TP_SIZES as readonly unknown[]).includes(s.tp)) {
		bad('tp', `must be one of ${TP_SIZES.join(', ')} GPUs per replica (or left unset for the smallest TP with a useful KV cache); got ${shown(s.tp)}.`);
	}
	if (s.weights !== undefined) oneOf('weights', s.weights, WEIGHT_PRECISION_IDS);
	if (s.kvDtype !== undefined) oneOf('kvDtype', s.kvDtype, KV_PRECISION_IDS);
	intIn('bins', s.bins, 1, MAX_BINS);
	if (s.regime !== 'request' && s.regime !== 'iteration') bad('regime', `must be "request" or "iteration"; got ${shown(s.regime)}.`);
	if (!['oldest', 'round-robin', 'longest'].includes(s.binPolicy)) bad('binPolicy', `must be oldest, round-robin or longest; got ${shown(s.binPolicy)}.`);

	if (s.sizing.kind === 'fixed') intIn('sizing.batch', s.sizing.batch, 1, MAX_BATCH);
	else if (s.sizing.kind === 'dynamic') {
		intIn('sizing.maxBatch', s.sizing.maxBatch, 1, MAX_BATCH);
		if (!(num(s.sizing.epsMem) && s.sizing.epsMem > 0 && s.sizing.epsMem < 1)) bad('sizing.epsMem', `must be a probability in (0, 1), e.g. 0.01; got ${shown(s.sizing.epsMem)}.`);
		if (!(num(s.sizing.tolerance) && s.sizing.tolerance >= 0 && s.sizing.tolerance < 1)) bad('sizing.tolerance', `must be a share in [0, 1), e.g. 0.1; got ${shown(s.sizing.tolerance)}.`);
	} else bad('sizing', `must be fixed or dynamic; got ${shown((s.sizing as { kind?: unknown }).kind)}.`);

	positive('sla.tbtS', s.sla.tbtS); // the TPOT target
	if (s.sla.e2eS !== undefined) positive('sla.e2eS', s.sla.e2eS);
	if (s.sla.ttftS !== undefined) positive('sla.ttftS', s.sla.ttftS);

	const e = s.efficiency;
	share('efficiency.mfu', e.mfu);
	share('efficiency.eta', e.eta);
	share('efficiency.memUtil', e.memUtil);
	for (const f of ['mfu', 'eta'] as const) {
		if (num(e[f]) && e[f] > 0 && e[f] < MIN_EFFICIENCY_SHARE) bad(`efficiency.${f}`, `must be at least ${MIN_EFFICIENCY_SHARE} (0.1% of peak); got ${e[f]}.`);
	}
	if (!(num(e.stepOverheadS) && e.stepOverheadS >= 0 && e.stepOverheadS <= MAX_STEP_OVERHEAD_S)) {
		bad('efficiency.stepOverheadS', `must be from 0 to ${MAX_STEP_OVERHEAD_S} seconds; got ${shown(e.stepOverheadS)}.`);
	}

	oneOf('perf.kind', s.perf.kind, ['roofline', 'per-op', 'fitted']);
	const perOp = s.perf.kind === 'per-op' ? perOpParamsProblem(s.perf.profile?.params) : null;
	if (perOp) bad(`perf.profile.params.${perOp.field}`, perOp.message);
	if (s.perf.kind === 'fitted') {
		// Upper bounds keep simulated times finite (a step of 1e308 s overflows the clock to Infinity).
		if (!(num(s.perf.alphaS) && s.perf.alphaS >= 0 && s.perf.alphaS <= 3600)) bad('perf.alphaS', `must be from 0 to 3600 seconds; got ${shown(s.perf.alphaS)}.`);
		if (!(num(s.perf.betaS) && s.perf.betaS > 0 && s.perf.betaS <= 1)) bad('perf.betaS', `must be a positive number of seconds per context token, at most 1; got ${shown(s.perf.betaS)}.`);
		if (!(num(s.perf.gamma) && s.perf.gamma > -1 && s.perf.gamma <= 1e6)) bad('perf.gamma', `must be a number above −1 and at most 1,000,000; got ${shown(s.perf.gamma)}.`);
	}
	oneOf('predictor.kind', s.predictor.kind, ['oracle', 'noisy', 'prompt']);
	if (s.predictor.kind === 'noisy' && !(num(s.predictor.sigma) && s.predictor.sigma >= 0 && s.predictor.sigma <= 10)) {
		bad('predictor.sigma', `must be from 0 to 10 (lognormal noise); got ${shown(s.predictor.sigma)}.`);
	}
	if (!(num(s.costPerGpuHour) && s.costPerGpuHour >= 0)) bad('costPerGpuHour', `must be ≥ 0 dollars per GPU-hour; got ${shown(s.costPerGpuHour)}.`);
	if (!num(s.seed)) bad('seed', `must be a number; got ${shown(s.seed)}.`);

	const c = s.continuous;
	intIn('continuous.maxBatch', c.maxBatch, 1, 65536);
	intIn('continuous.tokenBudget', c.tokenBudget, 1, 1 << 20);
	intIn('continuous.blockSize', c.blockSize, 1, 4096);
	if (c.admission !== 'fcfs' && c.admission !== 'bins') bad('continuous.admission', `must be fcfs or bins; got ${shown(c.admission)}.`);
	if (typeof c.slaCap !== 'boolean') bad('continuous.slaCap', `must be true or false; got ${shown(c.slaCap)}.`);

	const m = s.model;
	for (const f of ['layers', 'hiddenSize', 'heads', 'kvHeads', 'headDim', 'intermediateSize', 'vocabSize', 'maxContext', 'dtypeBytes'] as const) {
		if (!(num(m[f]) && m[f] > 0)) bad(`model.${f}`, `must be a positive number; got ${shown(m[f])}.`);
	}
	if (typeof m.tiedEmbeddings !== 'boolean') bad('model.tiedEmbeddings', `must be true or false; got ${shown(m.tiedEmbeddings)}.`);
	if (typeof m.name !== 'string' || typeof m.id !== 'string') bad('model', 'must have a text id and name; pick a model from the list or enter a custom one.');
	const g = s.gpu;
	// Lower bounds: a GPU with 1e-300 GB/s gives latencies of 1e300 s, whose sums overflow to Infinity.
	const gpuRange = { memoryGB: [0.1, 1e5], memoryBandwidthGBs: [1, 1e6], bf16DenseTflops: [0.01, 1e6] } as const;
	for (const f of ['memoryGB', 'memoryBandwidthGBs', 'bf16DenseTflops'] as const) {
		const [lo, hi] = gpuRange[f];
		if (!(num(g[f]) && g[f] > 0)) bad(`gpu.${f}`, `must be a positive number; got ${shown(g[f])}.`);
		else if (g[f] < lo || g[f] > hi) bad(`gpu.${f}`, `must be from ${lo} to ${hi.toLocaleString('en-US')}; got ${g[f]}.`);
	}
	if (typeof g.name !== 'string' || typeof g.id !== 'string') bad('gpu', 'must have a text id and name; pick a GPU from the list or enter a custom one.');

	// The method's own checks (its regime, sizing...) once the generic shape holds.
	if (errors.length === 0 && isMethodName(s.method)) for (const p of methodDef(s.method).validate(s)) bad(p.field, p.message);

	// Only meaningful once the numbers it uses are sane: the model must fit at the chosen (or some) TP.
	if (errors.length === 0) {
		const dep = resolveScenarioDeployment(s);
		if (!dep.ok) errors.push({ code: dep.error.code, field: dep.error.field, message: dep.error.message });
	}
	return errors;
}
