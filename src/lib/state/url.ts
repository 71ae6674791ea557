/**
 * The scenario <-> URL query string. Pure: no DOM, no Svelte, unit-tested in tests/state/url.test.ts.
 * Readable names (documented in the README): sizes=1000,10000 gpus=1,2,4 bins=1,2 model=qwen3-1.7b
 * gpu=h100-sxm rps=200 tbt=50 (ms) seed=1, and one per other setting (see FIELDS).
 * A shared URL carries only the scenario, never trace contents. Invalid values fall back to the
 * default and are listed in notices, so the recipient knows what was ignored.
 */
import { DEPLOY_URL_NAMES, deployFromQuery, deployToQuery } from './deploy-params';
import { PERF_URL_NAMES, perfChoiceFromQuery, perfChoiceToQuery } from './profile-choice';
import { PREFIX_URL_NAMES, prefixCacheFromQuery, prefixCacheToQuery } from './prefix-param';
import { ROUTING_URL_NAMES, routingFromQuery, routingToQuery } from './routing-param';
import { TRACE_URL_NAMES } from './trace-link';
import { findGpu, findModel } from '../catalog/index';
import { checkRpsScale } from '../trace/workload-limits';
import {
	BIN_POLICIES,
	OBJECTIVES,
	PREDICTORS,
	defaultParams,
	type CustomGpu,
	type CustomModel,
	type FittedPerf,
	type StudyParams
} from './params';

/** Limits that both the URL parser and the form checks use. */
export const LIMITS = {
	sizes: { min: 1, max: 10_000_000, maxCount: 12 },
	gpus: { min: 1, max: 4096, maxCount: 16 },
	bins: { min: 1, max: 64, maxCount: 12 }
} as const;

type ListKey = 'sizes' | 'gpus' | 'bins';

/**
 * Parses a comma-separated list of positive integers ("1,2,4", "1k,10k,1M" allowed for sizes).
 * Returns the sorted unique values, or an error sentence naming the bad entry.
 */
export function parseIntList(text: string, key: ListKey): { ok: true; value: number[] } | { ok: false; message: string } {
	const lim = LIMITS[key];
	const parts = text
		.split(/[,\s;]+/)
		.map((p) => p.trim())
		.filter((p) => p.length > 0);
	if (parts.length === 0) return { ok: false, message: `${key}: give at least one number, e.g. ${key === 'sizes' ? '1000,10000' : '1,2,4'}.` };
	const values: number[] = [];
	for (const p of parts) {
		const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(p);
		const mult = m ? (m[2] === '' ? 1 : m[2].toLowerCase() === 'k' ? 1e3 : 1e6) : NaN;
		const v = m ? Math.round(Number(m[1]) * mult) : NaN;
		if (!m || !Number.isInteger(v) || (m[2] === '' && m[1].includes('.'))) {
			return { ok: false, message: `${key}: "${p}" is not a whole number.` };
		}
		if (v < lim.min || v > lim.max) {
			return { ok: false, message: `${key}: ${p} is out of range (${lim.min} to ${lim.max.toLocaleString('en-US')}).` };
		}
		values.push(v);
	}
	const unique = [...new Set(values)].sort((a, b) => a - b);
	if (unique.length > lim.maxCount) return { ok: false, message: `${key}: at most ${lim.maxCount} values (got ${unique.length}).` };
	return { ok: true, value: unique };
}

/** A number field: its URL name, range, and whether it must be a whole number. */
interface NumberField {
	key: keyof StudyParams;
	name: string;
	min: number;
	max: number;
	/** min is exclusive (the value must be > min). */
	minExclusive?: boolean;
	integer?: boolean;
	/** May be empty (null). */
	optional?: boolean;
}

/** Every plain number setting with its URL name and allowed range. */
export const NUMBER_FIELDS: readonly NumberField[] = [
	{ key: 'rps', name: 'rps', min: 0, max: 1e6, minExclusive: true },
	{ key: 'rate', name: 'rate', min: 0, max: 1e6, minExclusive: true, optional: true },
	{ key: 'tbt', name: 'tbt', min: 0, max: 1e5, minExclusive: true },
	{ key: 'e2e', name: 'e2e', min: 0, max: 1e6, minExclusive: true, optional: true },
	{ key: 'ttft', name: 'ttft', min: 0, max: 1e6, minExclusive: true, optional: true },
	{ key: 'sigma', name: 'sigma', min: 0, max: 5 },
	{ key: 'attainment', name: 'attain', min: 0, max: 100, minExclusive: true },
	{ key: 'scalingBins', name: 'k', min: 1, max: 64, integer: true },
	{ key: 'knee', name: 'knee', min: 0, max: 100 },
	{ key: 'cost', name: 'cost', min: 0, max: 10_000 },
	{ key: 'seed', name: 'seed', min: 0, max: 2 ** 31 - 1, integer: true },
	{ key: 'mfu', name: 'mfu', min: 0, max: 1, minExclusive: true },
	{ key: 'eta', name: 'eta', min: 0, max: 1, minExclusive: true },
	{ key: 'overhead', name: 'overhead', min: 0, max: 1000 },
	{ key: 'memUtil', name: 'memutil', min: 0, max: 1, minExclusive: true }
];

/** Checks one number against its field's range; returns an error sentence or null. */
export function checkNumber(f: NumberField, v: number | null): string | null {
	if (v === null) return f.optional ? null : `${f.name}: a value is required.`;
	if (!Number.isFinite(v)) return `${f.name}: "${v}" is not a number.`;
	const rpsError = f.key === 'rps' ? checkRpsScale(v) : null; // what float64 times can represent (trace/workload-limits)
	if (rpsError) return `${f.name}: ${rpsError}`;
	if (f.integer && !Number.isInteger(v)) return `${f.name}: must be a whole number.`;
	const low = f.minExclusive ? v <= f.min : v < f.min;
	if (low || v > f.max) {
		const range = f.minExclusive ? `above ${f.min} and at most ${f.max}` : `from ${f.min} to ${f.max}`;
		return `${f.name}: ${v} is out of range (must be ${range}).`;
	}
	return null;
}

const CUSTOM_MODEL_KEYS: (keyof CustomModel)[] = ['layers', 'hiddenSize', 'heads', 'kvHeads', 'headDim', 'intermediateSize', 'vocabSize'];
const CUSTOM_GPU_KEYS: (keyof CustomGpu)[] = ['memoryGB', 'memoryBandwidthGBs', 'bf16DenseTflops'];

function parsePositiveTuple(text: string, n: number, integer: boolean): number[] | null {
	const parts = text.split(',');
	if (parts.length !== n) return null;
	const vals = parts.map((p) => (p.trim() === '' ? NaN : Number(p)));
	if (vals.some((v) => !Number.isFinite(v) || v <= 0 || v > 1e9 || (integer && !Number.isInteger(v)))) return null;
	return vals;
}

/** Bytes per parameter a custom model may use (4-bit to FP64). */
export const DTYPE_BYTES_RANGE = { min: 0.5, max: 8 } as const;

/** Checks a custom model's dtype bytes; an error sentence or null. */
export function checkDtypeBytes(v: number): string | null {
	return Number.isFinite(v) && v >= DTYPE_BYTES_RANGE.min && v <= DTYPE_BYTES_RANGE.max && Number.isInteger(v * 2)
		? null
		: `dtype bytes: ${v} is not one of 0.5, 1, 1.5, 2, … ${DTYPE_BYTES_RANGE.max} (bytes per parameter: 2 = BF16, 1 = FP8, 0.5 = 4-bit).`;
}

/**
 * Checks fitted latency parameters with the engine's own limits (sim/validate.ts): alpha 0 to 3600 s,
 * beta above 0 and at most 1 s per token, gamma above −1 (a decode step must stay positive).
 */
export function checkFit(alphaS: number, betaS: number, gamma: number): string | null {
	if (!(Number.isFinite(alphaS) && alphaS >= 0 && alphaS <= 3600)) return `alpha must be from 0 to 3600 seconds (got ${alphaS}).`;
	if (!(Number.isFinite(betaS) && betaS > 0 && betaS <= 1)) return `beta must be above 0 and at most 1 second per token (got ${betaS}).`;
	if (!(Number.isFinite(gamma) && gamma > -1 && gamma <= 1e6)) return `gamma must be above −1 and at most 1,000,000 (got ${gamma}).`;
	return null;
}

/** "alpha,beta,gamma" from a fit: full precision, so a shared link reproduces the same scenario. */
export function fitToParam(f: FittedPerf): string {
	return `${f.alphaS},${f.betaS},${f.gamma}`;
}

/** Reads "alpha,beta,gamma" (seconds, seconds per token, dimensionless); an error sentence when invalid. */
export function fitFromParam(text: string): { ok: true; fit: FittedPerf } | { ok: false; message: string } {
	const parts = text.split(',').map((x) => (x.trim() === '' ? NaN : Number(x)));
	if (parts.length !== 3) return { ok: false, message: 'expected three numbers: alpha (s), beta (s per token), gamma' };
	const [alphaS, betaS, gamma] = parts;
	const err = checkFit(alphaS, betaS, gamma);
	return err ? { ok: false, message: err } : { ok: true, fit: { alphaS, betaS, gamma, r2: null } };
}

/** The scenario a query string describes, plus one notice per ignored (invalid or unknown) value. */
export interface ParsedParams {
	params: StudyParams;
	notices: string[];
}

/** All URL names this module reads; anything else in the query is reported as unknown. */
export const URL_NAMES = [
	'sizes', 'gpus', 'bins', 'model', 'gpu', 'cm', 'cs', 'cg', 'fit', 'predictor', 'binpolicy', 'objective', 'failed', 'step1cont',
	...NUMBER_FIELDS.map((f) => f.name),
	...PERF_URL_NAMES,
	...DEPLOY_URL_NAMES,
	...ROUTING_URL_NAMES,
	...PREFIX_URL_NAMES,
	...TRACE_URL_NAMES
];

/**
 * Reads a scenario from a query string ("?sizes=1000&gpus=1,2" or URLSearchParams). Never throws:
 * every bad value falls back to its default and gets a notice saying what was wrong.
 */
export function paramsFromQuery(query: string | URLSearchParams): ParsedParams {
	const q = typeof query === 'string' ? new URLSearchParams(query.startsWith('?') ? query.slice(1) : query) : query;
	const p = defaultParams();
	const notices: string[] = [];
	const bad = (name: string, value: string, why: string) =>
		notices.push(`"${name}=${value.length > 40 ? value.slice(0, 40) + '…' : value}" was ignored (${why}); using the default.`);

	for (const key of ['sizes', 'gpus', 'bins'] as const) {
		const raw = q.get(key);
		if (raw === null) continue;
		const r = parseIntList(raw, key);
		if (r.ok) p[key] = r.value;
		else bad(key, raw, r.message);
	}

	const model = q.get('model');
	if (model !== null) {
		if (model === 'custom' || findModel(model)) p.model = model;
		else bad('model', model, 'not a catalog model id');
	}
	const gpu = q.get('gpu');
	if (gpu !== null) {
		if (gpu === 'custom' || findGpu(gpu)) p.gpu = gpu;
		else bad('gpu', gpu, 'not a catalog GPU id');
	}
	const cm = q.get('cm');
	if (cm !== null) {
		const v = parsePositiveTuple(cm, CUSTOM_MODEL_KEYS.length, true);
		if (v) CUSTOM_MODEL_KEYS.forEach((k, i) => (p.customModel[k] = v[i]));
		else bad('cm', cm, 'expected 7 positive whole numbers: layers,hidden,heads,kvHeads,headDim,ffn,vocab');
	}
	const cs = q.get('cs');
	if (cs !== null) {
		const [d, t, ...rest] = cs.split(',');
		const dtype = Number(d);
		if (rest.length === 0 && (t === '0' || t === '1') && d !== undefined && d.trim() !== '' && !checkDtypeBytes(dtype)) {
			p.customStorage = { dtypeBytes: dtype, tiedEmbeddings: t === '1' };
		} else bad('cs', cs, 'expected dtype bytes and tied embeddings (0 or 1), e.g. cs=2,1');
	}
	const fit = q.get('fit');
	if (fit !== null) {
		const r = fitFromParam(fit);
		if (r.ok) p.fit = r.fit;
		else bad('fit', fit, r.message);
	}
	p.perfChoice = perfChoiceFromQuery(q, bad);
	deployFromQuery(q, p, bad);
	p.routing = routingFromQuery(q, bad);
	p.prefixCache = prefixCacheFromQuery(q, bad);
	const cg = q.get('cg');
	if (cg !== null) {
		const v = parsePositiveTuple(cg, CUSTOM_GPU_KEYS.length, false);
		if (v) CUSTOM_GPU_KEYS.forEach((k, i) => (p.customGpu[k] = v[i]));
		else bad('cg', cg, 'expected 3 positive numbers: memory GB, bandwidth GB/s, BF16 TFLOP/s');
	}

	const pred = q.get('predictor');
	if (pred !== null) {
		const v = PREDICTORS.find((x) => x === pred);
		if (v) p.predictor = v;
		else bad('predictor', pred, `expected one of ${PREDICTORS.join(', ')}`);
	}
	const pol = q.get('binpolicy');
	if (pol !== null) {
		const v = BIN_POLICIES.find((x) => x === pol);
		if (v) p.binPolicy = v;
		else bad('binpolicy', pol, `expected one of ${BIN_POLICIES.join(', ')}`);
	}
	const obj = q.get('objective');
	if (obj !== null) {
		const v = OBJECTIVES.find((x) => x === obj);
		if (v) p.objective = v;
		else bad('objective', obj, `expected one of ${OBJECTIVES.join(', ')}`);
	}
	const failed = q.get('failed');
	if (failed !== null) {
		if (failed === '0' || failed === '1') p.keepFailed = failed === '1';
		else bad('failed', failed, 'expected 0 or 1');
	}
	const cont = q.get('step1cont');
	if (cont !== null) {
		if (cont === '0' || cont === '1') p.step1Continuous = cont === '1';
		else bad('step1cont', cont, 'expected 0 or 1');
	}

	for (const f of NUMBER_FIELDS) {
		const raw = q.get(f.name);
		if (raw === null) continue;
		if (raw.trim() === '' && f.optional) {
			(p[f.key] as number | null) = null;
			continue;
		}
		const v = raw.trim() === '' ? NaN : Number(raw);
		const err = checkNumber(f, v);
		if (err) bad(f.name, raw, err);
		else (p[f.key] as number | null) = v;
	}

	for (const name of q.keys()) {
		if (!URL_NAMES.includes(name)) notices.push(`"${name}" is not a servescope setting and was ignored.`);
	}
	return { params: p, notices: [...new Set(notices)] };
}

const sameList = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * The query string for a scenario (without "?"): only values that differ from the defaults, in a
 * fixed order, so a link stays short and readable. paramsFromQuery(queryFromParams(p)) equals p.
 */
export function queryFromParams(p: StudyParams): string {
	const d = defaultParams();
	const out: [string, string][] = [];
	for (const key of ['sizes', 'gpus', 'bins'] as const) if (!sameList(p[key], d[key])) out.push([key, p[key].join(',')]);
	if (p.model !== d.model) out.push(['model', p.model]);
	if (p.gpu !== d.gpu) out.push(['gpu', p.gpu]);
	if (p.model === 'custom') out.push(['cm', CUSTOM_MODEL_KEYS.map((k) => p.customModel[k]).join(',')]);
	if (p.model === 'custom') out.push(['cs', `${p.customStorage.dtypeBytes},${p.customStorage.tiedEmbeddings ? 1 : 0}`]);
	if (p.gpu === 'custom') out.push(['cg', CUSTOM_GPU_KEYS.map((k) => p.customGpu[k]).join(',')]);
	if (p.fit) out.push(['fit', fitToParam(p.fit)]);
	out.push(...perfChoiceToQuery(p.perfChoice));
	out.push(...deployToQuery(p));
	out.push(...routingToQuery(p.routing));
	out.push(...prefixCacheToQuery(p.prefixCache));
	if (p.predictor !== d.predictor) out.push(['predictor', p.predictor]);
	if (p.binPolicy !== d.binPolicy) out.push(['binpolicy', p.binPolicy]);
	if (p.objective !== d.objective) out.push(['objective', p.objective]);
	if (p.keepFailed !== d.keepFailed) out.push(['failed', p.keepFailed ? '1' : '0']);
	if (p.step1Continuous !== d.step1Continuous) out.push(['step1cont', p.step1Continuous ? '1' : '0']);
	for (const f of NUMBER_FIELDS) {
		const v = p[f.key] as number | null;
		if (v !== (d[f.key] as number | null)) out.push([f.name, v === null ? '' : String(v)]);
	}
	// Commas stay readable: URLSearchParams would escape them as %2C.
	return out.map(([k, v]) => `${k}=${encodeURIComponent(v).replace(/%2C/g, ',')}`).join('&');
}
