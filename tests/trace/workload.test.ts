/** Workload shaping: selection, failed rows, timing; table tests plus properties. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { synthesizeBurstGpt } from '../../src/lib/trace/synth';
import type { Trace, WorkloadShape } from '../../src/lib/trace/types';
import { DEFAULT_SHAPE, shapeWorkload } from '../../src/lib/trace/workload';

function trace(arrivals: number[], outputs?: number[]): Trace {
	const n = arrivals.length;
	return {
		name: 't.csv',
		format: 'burstgpt-v1',
		synthetic: false,
		arrivalS: Float64Array.from(arrivals),
		promptTokens: Uint32Array.from(arrivals, (_, i) => 100 + i),
		outputTokens: Uint32Array.from(outputs ?? arrivals.map(() => 10)),
		modelCode: new Uint8Array(n),
		modelNames: ['m'],
		logTypeCode: new Uint8Array(n),
		logTypeNames: ['l']
	};
}

const T = trace([0, 10, 20, 30, 40, 50], [5, 0, 5, 5, 0, 5]);
const shape = (s: Partial<WorkloadShape>): WorkloadShape => ({ ...DEFAULT_SHAPE, ...s });

describe('shapeWorkload', () => {
	it.each<[string, Partial<WorkloadShape>, number[] | string, number[]?]>([
		// name, shape, expected arrivals (or error code), expected prompt tokens
		['first 3, scale 10', { size: 3, timing: { kind: 'scale', rpsScale: 10 } }, [0, 1, 2], [100, 101, 102]],
		['first 3, failed dropped', { size: 3, keepFailed: false, timing: { kind: 'scale', rpsScale: 1 } }, [0, 20, 30], [100, 102, 103]],
		['window 15..45', { size: 3, selection: { kind: 'window', startS: 15, endS: 45 }, timing: { kind: 'scale', rpsScale: 1 } }, [0, 10, 20], [102, 103, 104]],
		['rate 2 req/s', { size: 5, timing: { kind: 'rate', requestsPerS: 2 } }, [0, 0.5, 1, 1.5, 2]],
		['default scale 200', { size: 2 }, [0, 0.05]],
		['too many', { size: 7 }, 'too-few-rows'],
		['too many without failed', { size: 5, keepFailed: false }, 'too-few-rows'],
		['window too small', { size: 4, selection: { kind: 'window', startS: 15, endS: 45 } }, 'too-few-rows'],
		['size 0', { size: 0 }, 'bad-size'],
		['size 1.5', { size: 1.5 }, 'bad-size'],
		['scale 0', { size: 2, timing: { kind: 'scale', rpsScale: 0 } }, 'bad-rps-scale'],
		['rate NaN', { size: 2, timing: { kind: 'rate', requestsPerS: NaN } }, 'bad-rate'],
		['window backwards', { size: 1, selection: { kind: 'window', startS: 5, endS: 1 } }, 'bad-window']
	])('%s', (_, s, expected, prompts) => {
		const r = shapeWorkload(T, shape(s));
		if (typeof expected === 'string') {
			expect(r.ok).toBe(false);
			if (!r.ok) {
				expect(r.error.code).toBe(expected);
				expect(r.error.message.length).toBeGreaterThan(20);
			}
			return;
		}
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(Array.from(r.workload.arrivalS)).toEqual(expected);
		if (prompts) expect(Array.from(r.workload.promptTokens)).toEqual(prompts);
		expect(r.workload.label).toContain('t.csv');
	});

	it('re-timing an all-equal trace spreads requests evenly', () => {
		const r = shapeWorkload(trace([5, 5, 5]), shape({ size: 3, timing: { kind: 'rate', requestsPerS: 4 } }));
		expect(r.ok && Array.from(r.workload.arrivalS)).toEqual([0, 0.25, 0.5]);
	});

	it('the label says synthetic and how it was shaped', () => {
		const r = shapeWorkload(synthesizeBurstGpt(100, 1), shape({ size: 10, keepFailed: false }));
		expect(r.ok).toBe(true);
		if (r.ok) {
			expect(r.workload.synthetic).toBe(true);
			expect(r.workload.label).toMatch(/first 10 of synthetic.*failed rows dropped, RPS ×200/);
		}
	});

	it('a seeded sample is deterministic, in time order, without repeats, and respects keepFailed (property)', () => {
		// Prompt tokens set to the row index, so the sampled rows can be identified.
		const big = { ...synthesizeBurstGpt(3000, 5) };
		big.promptTokens = Uint32Array.from(big.promptTokens, (_, i) => i);
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 0, max: 1e6 }), fc.boolean(), (size, seed, keepFailed) => {
				const s = shape({ size, selection: { kind: 'sample', seed }, keepFailed, timing: { kind: 'scale', rpsScale: 1 } });
				const a = shapeWorkload(big, s);
				const b = shapeWorkload(big, s);
				expect(a).toEqual(b);
				if (!a.ok) return;
				const w = a.workload;
				expect(w.arrivalS.length).toBe(size);
				expect(w.arrivalS[0]).toBe(0);
				for (let i = 1; i < size; i++) {
					expect(w.arrivalS[i]).toBeGreaterThanOrEqual(w.arrivalS[i - 1]);
					expect(w.promptTokens[i]).toBeGreaterThan(w.promptTokens[i - 1]);
				}
				if (!keepFailed) expect(w.outputTokens.every((v) => v > 0)).toBe(true);
			}),
			{ numRuns: 40 }
		);
	});

	it('a sample of N from N is the whole trace', () => {
		const r = shapeWorkload(T, shape({ size: 6, selection: { kind: 'sample', seed: 9 }, timing: { kind: 'scale', rpsScale: 1 } }));
		expect(r.ok && Array.from(r.workload.arrivalS)).toEqual([0, 10, 20, 30, 40, 50]);
	});
});
