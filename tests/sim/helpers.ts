/** Small workloads for engine tests (the real generator lives in src/lib/trace/synth.ts). */
import { randomLcg } from 'd3-random';
import { expect } from 'vitest';
import type { GapHistogram } from '../../src/lib/sim/gap-histogram';
import type { Workload } from '../../src/lib/trace/types';

/** A workload from plain arrays (arrivals must be non-decreasing). */
export function workloadOf(arrivalS: number[], promptTokens: number[], outputTokens: number[]): Workload {
	return {
		arrivalS: Float64Array.from(arrivalS),
		promptTokens: Uint32Array.from(promptTokens),
		outputTokens: Uint32Array.from(outputTokens),
		label: 'test',
		synthetic: true
	};
}

/**
 * BurstGPT-ish random workload: Poisson arrivals at `rps`, lognormal-ish prompts and outputs,
 * a few failed rows (0 output tokens) when failedShare > 0. Seeded.
 */
export function randomWorkload(n: number, seed: number, opts: { rps?: number; failedShare?: number; maxPrompt?: number; maxOutput?: number } = {}): Workload {
	const rnd = randomLcg(((seed * 2654435761) >>> 0) / 2 ** 32);
	const rps = opts.rps ?? 20;
	const maxPrompt = opts.maxPrompt ?? 2000;
	const maxOutput = opts.maxOutput ?? 800;
	const arrivalS = new Float64Array(n);
	const promptTokens = new Uint32Array(n);
	const outputTokens = new Uint32Array(n);
	let t = 0;
	for (let i = 0; i < n; i++) {
		t += -Math.log(1 - rnd()) / rps;
		arrivalS[i] = t;
		promptTokens[i] = 1 + Math.floor(Math.exp(rnd() * Math.log(maxPrompt)));
		outputTokens[i] = rnd() < (opts.failedShare ?? 0) ? 0 : 1 + Math.floor(Math.exp(rnd() * Math.log(maxOutput)));
	}
	return { arrivalS, promptTokens, outputTokens, label: `random ${n} seed ${seed}`, synthetic: true };
}

/** Every number anywhere in the result is finite (null is the only "n/a"). */
export function assertAllFinite(value: unknown, path = 'result'): void {
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) throw new Error(`${path} is ${value}`);
	} else if (Array.isArray(value)) value.forEach((v, i) => assertAllFinite(v, `${path}[${i}]`));
	else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) assertAllFinite(v, `${path}.${k}`);
}

/** Two gap histograms hold the same gaps: totals, extremes and every bin count (differences listed by bin). */
export function expectSameHistogram(a: GapHistogram, b: GapHistogram): void {
	expect(a.total).toBe(b.total);
	expect(a.minS).toBe(b.minS);
	expect(a.maxS).toBe(b.maxS);
	const diff: string[] = [];
	for (let i = 0; i < a.counts.length; i++) if (a.counts[i] !== b.counts[i]) diff.push(`bin ${i}: ${a.counts[i]} != ${b.counts[i]}`);
	expect(diff).toEqual([]);
}
