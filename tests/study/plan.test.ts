import { describe, expect, it } from 'vitest';
import { planStep1, planStep2, runKey } from '../../src/lib/study/plan';
import { studyConfig, validateStudyConfig } from '../../src/lib/study/config';
import { defaultScenario, methodScenario } from '../../src/lib/sim/presets';

describe('plan', () => {
	it('the default grid is 192 runs, largest first, keys unique', () => {
		const specs = planStep1(studyConfig());
		expect(specs).toHaveLength(4 * 8 * 6);
		expect(new Set(specs.map((s) => s.key)).size).toBe(specs.length);
		expect(specs[0].size).toBe(1_000_000);
		expect(specs.at(-1)?.size).toBe(1000);
		for (let i = 1; i < specs.length; i++) expect(specs[i - 1].requests).toBeGreaterThanOrEqual(specs[i].requests);
		expect(specs.every((s) => s.scenario.bins === s.bins && s.scenario.gpus === s.gpus && s.scenario.sizing.kind === 'dynamic')).toBe(true);
	});

	it('order and keys do not depend on the order of the lists', () => {
		const a = planStep1(studyConfig({ sizes: [10, 20], gpuCounts: [4, 1, 2], binCounts: [2, 1] }));
		const b = planStep1(studyConfig({ sizes: [20, 10, 20], gpuCounts: [1, 2, 4], binCounts: [1, 2] }));
		expect(a.map((s) => s.key)).toEqual(b.map((s) => s.key));
	});

	it('step 2 reuses step 1 content keys: dynamic = multibin K=1, optimized = its pick', () => {
		const c = studyConfig({ sizes: [100], gpuCounts: [1, 2], binCounts: [1, 4] });
		const s1 = new Set(planStep1(c).map((s) => s.key));
		const s2 = planStep2(c, [{ size: 100, objective: 'latency', slaLimit: 0.05, pick: { key: 'x', gpus: 2, bins: 4, value: 1 }, eligible: 1, note: '' }]);
		expect(s2.map((s) => s.method)).toEqual(['static', 'dynamic', 'multibin', 'continuous', 'optimized']);
		const byMethod = Object.fromEntries(s2.map((s) => [s.method, s.key]));
		expect(s1.has(byMethod.dynamic)).toBe(true);
		expect(s1.has(byMethod.multibin)).toBe(true);
		expect(s1.has(byMethod.optimized)).toBe(true);
		expect(byMethod.optimized).toBe('n=100|multibin|g=2|k=4');
		expect(s1.has(byMethod.static)).toBe(false);
		expect(byMethod.static).toBe('n=100|static-b8|g=1|k=1');
		expect(byMethod.continuous).toBe('n=100|continuous|g=1|k=1');
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
		const errs = validateStudyConfig(studyConfig({ sizes: [], gpuCounts: [0], binCounts: [1.5], rpsScale: 0, slaLimit: 2 }));
		expect(errs.join(' ')).toMatch(/Workload sizes is empty/);
		expect(errs.join(' ')).toMatch(/GPU counts holds 0/);
		expect(errs.join(' ')).toMatch(/Bin counts holds 1.5/);
		expect(errs.join(' ')).toMatch(/RPS scale/);
		expect(errs.join(' ')).toMatch(/SLA violation limit/);
	});
});
