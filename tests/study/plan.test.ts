import { describe, expect, it } from 'vitest';
import { planStep1, planStep2, runKey } from '../../src/lib/study/plan';
import { studyConfig, validateStudyConfig } from '../../src/lib/study/config';
import { defaultScenario, methodScenario } from '../../src/lib/sim/presets';

describe('plan', () => {
	it('the default grid: multibin over GPUs × bins, continuous over GPUs, oracle bins at the smallest count; largest first, keys unique', () => {
		const specs = planStep1(studyConfig());
		// 4 sizes × (8 GPU counts × (6 bin counts + continuous) + 6 oracle bin counts at 1 GPU).
		expect(specs).toHaveLength(4 * (8 * 7 + 6));
		expect(specs.filter((s) => s.method === 'continuous')).toHaveLength(4 * 8);
		const oracle = specs.filter((s) => s.oracle);
		expect(oracle).toHaveLength(4 * 6);
		expect(oracle.every((s) => s.gpus === 1 && s.scenario.predictor.kind === 'oracle' && s.key.endsWith('|oracle'))).toBe(true);
		expect(specs.filter((s) => !s.oracle).every((s) => s.scenario.predictor.kind === 'noisy')).toBe(true);
		expect(new Set(specs.map((s) => s.key)).size).toBe(specs.length);
		expect(specs[0].size).toBe(1_000_000);
		expect(specs.at(-1)?.size).toBe(1000);
		for (let i = 1; i < specs.length; i++) expect(specs[i - 1].requests).toBeGreaterThanOrEqual(specs[i].requests);
		expect(specs.every((s) => s.scenario.bins === s.bins && s.scenario.gpus === s.gpus && s.scenario.sizing.kind === 'dynamic')).toBe(true);
	});

	it('an oracle study needs no extra oracle runs; step1Continuous false drops the continuous rows', () => {
		const c = studyConfig({ sizes: [10], gpuCounts: [1, 2], binCounts: [1, 2], step1Continuous: false }, defaultScenario());
		expect(planStep1(c).map((s) => s.key).sort()).toEqual(['n=10|multibin|g=1|k=1', 'n=10|multibin|g=1|k=2', 'n=10|multibin|g=2|k=1', 'n=10|multibin|g=2|k=2']);
	});

	it('order and keys do not depend on the order of the lists', () => {
		const a = planStep1(studyConfig({ sizes: [10, 20], gpuCounts: [4, 1, 2], binCounts: [2, 1] }));
		const b = planStep1(studyConfig({ sizes: [20, 10, 20], gpuCounts: [1, 2, 4], binCounts: [1, 2] }));
		expect(a.map((s) => s.key)).toEqual(b.map((s) => s.key));
	});

	it('step 2 compares every method at 1 GPU and at the optimized GPU count, reusing step 1 content keys', () => {
		const c = studyConfig({ sizes: [100], gpuCounts: [1, 2], binCounts: [1, 4] });
		const s1 = new Set(planStep1(c).map((s) => s.key));
		const s2 = planStep2(c, [{ size: 100, objective: 'latency', attainment: 0.95, pick: { key: 'x', method: 'multibin', gpus: 2, bins: 4, value: 1 }, eligible: 1, note: '' }]);
		const named = ['static', 'dynamic', 'multibin', 'continuous', 'dynamic-cap'];
		expect(s2.map((s) => `${s.method}@${s.gpus}`)).toEqual([...named.map((m) => `${m}@1`), ...named.map((m) => `${m}@2`), 'optimized@2']);
		expect(s2.find((s) => s.method === 'dynamic-cap')?.key).toBe('n=100|continuous-slacap|g=1|k=1');
		expect(s2.find((s) => s.method === 'dynamic-cap')?.scenario.continuous.slaCap).toBe(true);
		const byMethod = Object.fromEntries(s2.filter((s) => s.gpus === 1 || s.method === 'optimized').map((s) => [s.method, s.key]));
		expect(s1.has(byMethod.dynamic)).toBe(true);
		expect(s1.has(byMethod.multibin)).toBe(true);
		expect(s1.has(byMethod.optimized)).toBe(true);
		expect(byMethod.optimized).toBe('n=100|multibin|g=2|k=4');
		expect(s1.has(byMethod.static)).toBe(false);
		expect(byMethod.static).toBe('n=100|static-b8|g=1|k=1');
		expect(byMethod.continuous).toBe('n=100|continuous|g=1|k=1');
		expect(s1.has(byMethod.continuous)).toBe(true);
	});

	it('no optimized pick: no optimized run', () => {
		const c = studyConfig({ sizes: [100], methods: ['static', 'optimized'] });
		expect(planStep2(c, []).map((s) => s.method)).toEqual(['static']);
	});

	it('runKey ignores the method label (same simulation, same key)', () => {
		const base = defaultScenario();
		expect(runKey(5, methodScenario('dynamic', base, { gpus: 3 }))).toBe(runKey(5, methodScenario('multibin', base, { gpus: 3, bins: 1 })));
	});

	it('validation: each problem named', () => {
		expect(validateStudyConfig(studyConfig())).toEqual([]);
		const errs = validateStudyConfig(studyConfig({ sizes: [], gpuCounts: [0], binCounts: [1.5], rpsScale: 0, attainment: 2 }));
		expect(errs.join(' ')).toMatch(/Workload sizes is empty/);
		expect(errs.join(' ')).toMatch(/GPU counts holds 0/);
		expect(errs.join(' ')).toMatch(/Bin counts holds 1.5/);
		expect(errs.join(' ')).toMatch(/RPS scale/);
		expect(errs.join(' ')).toMatch(/SLO attainment target must be a share in \(0, 1\]/);
	});
});
