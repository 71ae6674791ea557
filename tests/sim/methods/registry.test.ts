/** The method registry is the single source: every name has a record, scenarios agree with it. */
import { describe, expect, it } from 'vitest';
import { METHOD_LIST, METHOD_NAMES, METHODS, isMethodName, methodsHelp } from '../../../src/lib/sim/methods/registry';
import { REALISTIC_PREDICTOR, describePredictor } from '../../../src/lib/sim/methods/predictors';
import { defaultScenario, methodScenario } from '../../../src/lib/sim/presets';
import { validateScenario } from '../../../src/lib/sim/validate';
import { studyConfig } from '../../../src/lib/study/config';
import { STUDY_DEFAULTS } from '../../../src/lib/study/types';
import { defaultParams } from '../../../src/lib/state/params';

describe('method registry', () => {
	it('one record per name, in chart order, each with label, sentence, help and a distinct colour', () => {
		expect(Object.keys(METHODS).sort()).toEqual([...METHOD_NAMES].sort());
		expect(METHOD_LIST.map((m) => m.name)).toEqual([...METHOD_NAMES]);
		expect(new Set(METHOD_LIST.map((m) => m.colour)).size).toBe(METHOD_LIST.length);
		for (const m of METHOD_LIST) {
			expect(m.label.length).toBeGreaterThan(2);
			expect(m.description).toMatch(/\.$/);
			expect(methodsHelp()).toContain(m.cliHelp);
		}
		expect(isMethodName('dynamic-cap')).toBe(true);
		expect(isMethodName('fastest')).toBe(false);
	});

	it('each method builds a valid scenario of its own regime; dynamic-cap is continuous with the SLA cap', () => {
		const base = defaultScenario();
		for (const m of METHOD_LIST) {
			const s = methodScenario(m.name, base, { gpus: 2 });
			expect(s.method).toBe(m.name);
			expect(s.regime).toBe(m.regime);
			expect(s.bins).toBe(m.defaults.bins);
			expect(validateScenario(s)).toEqual([]);
		}
		expect(methodScenario('dynamic-cap', base).continuous.slaCap).toBe(true);
		expect(methodScenario('continuous', base).continuous.slaCap).toBe(false);
		expect(methodScenario('static', base).sizing).toEqual({ kind: 'fixed', batch: 8 });
	});

	it('validation names a method whose settings contradict it', () => {
		const bad = { ...methodScenario('static', defaultScenario()), regime: 'iteration' as const };
		expect(validateScenario(bad).map((e) => e.field)).toContain('regime');
		const cap = { ...methodScenario('dynamic-cap', defaultScenario()) };
		cap.continuous = { ...cap.continuous, slaCap: false };
		expect(validateScenario(cap).map((e) => e.message).join(' ')).toMatch(/dynamic-cap needs the SLA cap on/);
	});

	it('the study runs every registered method in Step 2 by default', () => {
		expect(STUDY_DEFAULTS.methods).toEqual([...METHOD_NAMES, 'optimized']);
	});
});

describe('predictor defaults', () => {
	it('study, page and CLI default to the realistic noisy predictor, σ = 0.7; the oracle stays the upper bound', () => {
		expect(REALISTIC_PREDICTOR).toEqual({ kind: 'noisy', sigma: 0.7 });
		expect(studyConfig().base.predictor).toEqual(REALISTIC_PREDICTOR);
		expect(defaultParams().predictor).toBe('noisy');
		expect(defaultParams().sigma).toBe(0.7);
		expect(describePredictor({ kind: 'oracle' })).toMatch(/oracle/);
	});
	it('σ = 0.7 gives a mean absolute relative error near the published 140 / 215 ≈ 0.65', () => {
		// E|e^Z − 1| for Z ~ N(0, σ²), by quadrature on a fine grid.
		const sigma = REALISTIC_PREDICTOR.kind === 'noisy' ? REALISTIC_PREDICTOR.sigma : 0;
		let sum = 0;
		const dz = 0.001;
		for (let z = -8; z <= 8; z += dz) sum += Math.abs(Math.exp(sigma * z) - 1) * (Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI)) * dz;
		expect(sum).toBeGreaterThan(0.6);
		expect(sum).toBeLessThan(0.7);
	});
});
