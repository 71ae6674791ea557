/**
 * Scenario checks before a run: every problem a person can cause from a form or a flag, each as a
 * UserError naming the field, what was wrong and what to do. Unknown catalog ids are the caller's job
 * (the scenario already holds the specs).
 */
import type { UserError } from '../trace/types';
import { memoryBudget } from './memory';
import type { Scenario } from './types';

/** Most GPUs a scenario may ask for. */
export const MAX_GPUS = 4096;
/** Most bins (bins are stored in a Uint8Array; 64 is far past any useful split). */
export const MAX_BINS = 64;
/** Largest request-level batch size accepted. */
export const MAX_BATCH = 4096;

/** All problems with a scenario (empty = runnable). */
export function validateScenario(s: Scenario): UserError[] {
	const errors: UserError[] = [];
	const bad = (field: string, message: string) => errors.push({ code: 'invalid-scenario', field, message: `${field}: ${message}` });
	const intIn = (field: string, v: number, lo: number, hi: number) => {
		if (!Number.isInteger(v) || v < lo || v > hi) bad(field, `must be a whole number from ${lo} to ${hi}; got ${v}.`);
	};
	const positive = (field: string, v: number, what = 'seconds') => {
		if (!(Number.isFinite(v) && v > 0)) bad(field, `must be a positive number of ${what}; got ${v}.`);
	};
	const share = (field: string, v: number) => {
		if (!(Number.isFinite(v) && v > 0 && v <= 1)) bad(field, `must be a share in (0, 1]; got ${v}.`);
	};

	intIn('gpus', s.gpus, 1, MAX_GPUS);
	intIn('bins', s.bins, 1, MAX_BINS);
	if (s.regime !== 'request' && s.regime !== 'iteration') bad('regime', `must be "request" or "iteration"; got "${String(s.regime)}".`);
	if (!['oldest', 'round-robin', 'longest'].includes(s.binPolicy)) bad('binPolicy', `must be oldest, round-robin or longest; got "${String(s.binPolicy)}".`);

	if (s.sizing.kind === 'fixed') intIn('sizing.batch', s.sizing.batch, 1, MAX_BATCH);
	else if (s.sizing.kind === 'dynamic') {
		intIn('sizing.maxBatch', s.sizing.maxBatch, 1, MAX_BATCH);
		if (!(s.sizing.epsMem > 0 && s.sizing.epsMem < 1)) bad('sizing.epsMem', `must be a probability in (0, 1), e.g. 0.01; got ${s.sizing.epsMem}.`);
		if (!(s.sizing.tolerance >= 0 && s.sizing.tolerance < 1)) bad('sizing.tolerance', `must be a share in [0, 1), e.g. 0.1; got ${s.sizing.tolerance}.`);
	} else bad('sizing', 'must be fixed or dynamic.');

	positive('sla.tbtS', s.sla.tbtS);
	if (s.sla.e2eS !== undefined) positive('sla.e2eS', s.sla.e2eS);
	if (s.sla.ttftS !== undefined) positive('sla.ttftS', s.sla.ttftS);

	const e = s.efficiency;
	share('efficiency.mfu', e.mfu);
	share('efficiency.eta', e.eta);
	share('efficiency.memUtil', e.memUtil);
	if (!(Number.isFinite(e.stepOverheadS) && e.stepOverheadS >= 0)) bad('efficiency.stepOverheadS', `must be ≥ 0 seconds; got ${e.stepOverheadS}.`);

	if (s.perf.kind === 'fitted') {
		if (!(Number.isFinite(s.perf.alphaS) && s.perf.alphaS >= 0)) bad('perf.alphaS', `must be ≥ 0 seconds; got ${s.perf.alphaS}.`);
		positive('perf.betaS', s.perf.betaS);
		if (!(Number.isFinite(s.perf.gamma) && s.perf.gamma > -1)) bad('perf.gamma', `must be a number above −1; got ${s.perf.gamma}.`);
	}
	if (s.predictor.kind === 'noisy' && !(Number.isFinite(s.predictor.sigma) && s.predictor.sigma >= 0)) {
		bad('predictor.sigma', `must be ≥ 0 (lognormal noise); got ${s.predictor.sigma}.`);
	}
	if (!(Number.isFinite(s.costPerGpuHour) && s.costPerGpuHour >= 0)) bad('costPerGpuHour', `must be ≥ 0 dollars per GPU-hour; got ${s.costPerGpuHour}.`);
	if (!Number.isFinite(s.seed)) bad('seed', `must be a number; got ${s.seed}.`);

	const c = s.continuous;
	intIn('continuous.maxBatch', c.maxBatch, 1, 65536);
	intIn('continuous.tokenBudget', c.tokenBudget, 1, 1 << 20);
	intIn('continuous.blockSize', c.blockSize, 1, 4096);
	if (c.admission !== 'fcfs' && c.admission !== 'bins') bad('continuous.admission', `must be fcfs or bins; got "${String(c.admission)}".`);

	const m = s.model;
	for (const f of ['layers', 'hiddenSize', 'heads', 'kvHeads', 'headDim', 'intermediateSize', 'vocabSize', 'maxContext', 'dtypeBytes'] as const) {
		if (!(Number.isFinite(m[f]) && m[f] > 0)) bad(`model.${f}`, `must be a positive number; got ${m[f]}.`);
	}
	const g = s.gpu;
	for (const f of ['memoryGB', 'memoryBandwidthGBs', 'bf16DenseTflops'] as const) {
		if (!(Number.isFinite(g[f]) && g[f] > 0)) bad(`gpu.${f}`, `must be a positive number; got ${g[f]}.`);
	}

	// Only meaningful once the numbers it uses are sane.
	if (errors.length === 0) {
		const mem = memoryBudget(m, g, e);
		if (!mem.ok) errors.push(mem.error);
	}
	return errors;
}
