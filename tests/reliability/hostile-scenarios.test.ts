/**
 * Scenario values from a cached record or a URL are untrusted JSON: every hostile value must come back
 * from validateScenario as a field-named error (never a throw), and simulate() must refuse it with
 * that message. Values validation lets through must still give finite numbers or null.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/lib/sim/index';
import { defaultScenario, methodScenario } from '../../src/lib/sim/presets';
import type { Scenario } from '../../src/lib/sim/types';
import { validateScenario } from '../../src/lib/sim/validate';
import { testWorkloads } from '../study/workload';

const base = defaultScenario();
const workload = testWorkloads([200])[0].workload;

/** Sets a dotted path on a deep copy of the default scenario (the way a tampered record would hold it). */
function withValue(path: string, value: unknown, from: Scenario = base): Scenario {
	const s = structuredClone(from) as unknown as Record<string, unknown>;
	const keys = path.split('.');
	let o = s;
	for (const k of keys.slice(0, -1)) o = o[k] as Record<string, unknown>;
	o[keys[keys.length - 1]] = value;
	return s as unknown as Scenario;
}

const fixed = methodScenario('static', base);
const fitted: Scenario = { ...base, perf: { kind: 'fitted', alphaS: 0.01, betaS: 1e-5, gamma: 0.5 } };
const noisy: Scenario = { ...base, predictor: { kind: 'noisy', sigma: 0.5 } };

/** [path, hostile value, field the error must name, scenario to start from]. */
const CASES: [string, unknown, string, Scenario?][] = [
	['gpus', Number.NaN, 'gpus'],
	['gpus', -1, 'gpus'],
	['gpus', 0, 'gpus'],
	['gpus', 1e308, 'gpus'],
	['gpus', Number.POSITIVE_INFINITY, 'gpus'],
	['gpus', '4', 'gpus'],
	['gpus', null, 'gpus'],
	['gpus', 2.5, 'gpus'],
	['bins', 65, 'bins'],
	['bins', 0, 'bins'],
	['bins', '2', 'bins'],
	['bins', Number.NaN, 'bins'],
	['sizing.maxBatch', 1e9, 'sizing.maxBatch'],
	['sizing.maxBatch', '128', 'sizing.maxBatch'],
	['sizing.epsMem', '0.01', 'sizing.epsMem'],
	['sizing.epsMem', Number.NaN, 'sizing.epsMem'],
	['sizing.tolerance', '0.1', 'sizing.tolerance'],
	['sizing.kind', 'greedy', 'sizing'],
	['sizing.batch', 1e308, 'sizing.batch', fixed],
	['sizing.batch', -8, 'sizing.batch', fixed],
	['sizing.batch', 'eight', 'sizing.batch', fixed],
	['sizing', null, 'sizing'],
	['sizing', 'dynamic', 'sizing'],
	['sla', undefined, 'sla'],
	['sla.tbtS', Number.NaN, 'sla.tbtS'],
	['sla.tbtS', -0.05, 'sla.tbtS'],
	['sla.tbtS', '0.05', 'sla.tbtS'],
	['sla.e2eS', Number.NEGATIVE_INFINITY, 'sla.e2eS'],
	['efficiency.mfu', 1.5, 'efficiency.mfu'],
	['efficiency.mfu', '0.5', 'efficiency.mfu'],
	['efficiency.mfu', 1e-300, 'efficiency.mfu'],
	['efficiency.eta', Number.NaN, 'efficiency.eta'],
	['efficiency.memUtil', -0.9, 'efficiency.memUtil'],
	['efficiency.stepOverheadS', 1e308, 'efficiency.stepOverheadS'],
	['efficiency.stepOverheadS', -1, 'efficiency.stepOverheadS'],
	['efficiency', [], 'efficiency'],
	['perf.kind', 'magic', 'perf.kind'],
	['perf.alphaS', 1e308, 'perf.alphaS', fitted],
	['perf.betaS', 1e308, 'perf.betaS', fitted],
	['perf.gamma', 1e308, 'perf.gamma', fitted],
	['perf.gamma', -1, 'perf.gamma', fitted],
	['predictor.kind', 'crystal-ball', 'predictor.kind'],
	['predictor.sigma', 1e308, 'predictor.sigma', noisy],
	['predictor.sigma', Number.NaN, 'predictor.sigma', noisy],
	['predictor', 42, 'predictor'],
	['continuous.maxBatch', 1e9, 'continuous.maxBatch'],
	['continuous.tokenBudget', 0, 'continuous.tokenBudget'],
	['continuous.blockSize', Number.NaN, 'continuous.blockSize'],
	['continuous.admission', 'lifo', 'continuous.admission'],
	['continuous.slaCap', 'yes', 'continuous.slaCap'],
	['continuous', null, 'continuous'],
	['regime', 'quantum', 'regime'],
	['binPolicy', '<script>alert(1)</script>', 'binPolicy'],
	['method', 'evil', 'method'],
	['costPerGpuHour', -2, 'costPerGpuHour'],
	['costPerGpuHour', '2', 'costPerGpuHour'],
	['seed', Number.NaN, 'seed'],
	['seed', 'abc', 'seed'],
	['model', undefined, 'model'],
	['model', 'qwen3-1.7b', 'model'],
	['model.layers', 1e308, 'model'],
	['model.layers', -28, 'model.layers'],
	['model.hiddenSize', '2048', 'model.hiddenSize'],
	['model.tiedEmbeddings', 'false', 'model.tiedEmbeddings'],
	['model.name', 12, 'model'],
	['gpu', null, 'gpu'],
	['gpu.memoryGB', 0, 'gpu.memoryGB'],
	['gpu.memoryGB', 1e308, 'gpu.memoryGB'],
	['gpu.memoryBandwidthGBs', 1e-300, 'gpu.memoryBandwidthGBs'],
	['gpu.bf16DenseTflops', Number.POSITIVE_INFINITY, 'gpu.bf16DenseTflops'],
	['gpu.id', { $ne: 1 }, 'gpu']
];

describe('validateScenario on hostile values', () => {
	it.each(CASES.map(([p, v, f, from]) => [`${p} = ${typeof v === 'string' ? JSON.stringify(v) : Array.isArray(v) ? '[]' : String(v)}`, p, v, f, from] as const))(
		'%s -> an error on its field',
		(_label, path, value, field, from) => {
			const s = withValue(path, value, from ?? base);
			let errs: ReturnType<typeof validateScenario> = [];
			expect(() => (errs = validateScenario(s))).not.toThrow();
			expect(errs.map((e) => e.field)).toContain(field);
			for (const e of errs) {
				expect(e.code).toMatch(/^(invalid-scenario|model-does-not-fit)$/);
				expect(e.message.length).toBeGreaterThan(10);
				expect(e.message).not.toMatch(/\[object Object\]|undefined undefined/);
			}
			// The engine refuses it with the same words, as a plain Error (no TypeError from inside).
			expect(() => simulate(workload, s)).toThrow(errs[0].message.slice(0, 30));
		}
	);

	it.each([['null', null], ['undefined', undefined], ['a number', 42], ['a string', 'scenario'], ['a list', []], ['an empty object', {}]])('a whole scenario of %s is one error, not a throw', (_name, v) => {
		const errs = validateScenario(v as unknown as Scenario);
		expect(errs.length).toBeGreaterThan(0);
		expect(errs[0].field).toMatch(/^(scenario|model)$/);
	});

	it('the defaults and every catalog-backed preset pass', () => {
		expect(validateScenario(base)).toEqual([]);
		for (const m of ['static', 'dynamic', 'multibin', 'continuous'] as const) expect(validateScenario(methodScenario(m, base, { gpus: 4096, bins: 64 }))).toEqual([]);
		expect(validateScenario(fitted)).toEqual([]);
		expect(validateScenario(noisy)).toEqual([]);
	});
});

describe('property: random JSON in any scenario field never throws out of validation or the engine', () => {
	const paths = [...new Set(CASES.map(([p]) => p))];
	const hostile = fc.oneof(
		fc.double(),
		fc.integer(),
		fc.constantFrom(0, -0, 1e308, -1e308, 5e-324, Number.NaN, Number.POSITIVE_INFINITY, 4096, 4097, 64, 65),
		fc.string({ maxLength: 12 }),
		fc.boolean(),
		fc.constant(null),
		fc.constant(undefined),
		fc.array(fc.integer(), { maxLength: 2 }),
		fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 })
	);

	it('errors name a field; accepted scenarios simulate to finite numbers or null', () => {
		fc.assert(
			fc.property(fc.array(fc.tuple(fc.constantFrom(...paths), hostile), { minLength: 1, maxLength: 3 }), (edits) => {
				let s: Scenario = structuredClone(base);
				for (const [p, v] of edits) {
					// A path under a part an earlier edit replaced with a non-object cannot be set: skip it.
					try {
						s = withValue(p, v, s);
					} catch {
						continue;
					}
				}
				const errs = validateScenario(s);
				for (const e of errs) expect(typeof e.field).toBe('string');
				if (errs.length > 0) {
					expect(() => simulate(workload, s)).toThrow();
					return;
				}
				const r = simulate(workload, s);
				for (const [k, v] of Object.entries(r.summary)) if (typeof v === 'number') expect(Number.isFinite(v), k).toBe(true);
			}),
			{ numRuns: 300, seed: 20250101 }
		);
	});
});

