/**
 * Inter-token latency (RunRecords.itl): the closed-form histogram updates equal binning every gap one
 * by one, and both regimes record exactly one gap per pair of consecutive output tokens.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runIterationLevel } from '../../src/lib/sim/batching/iteration-level';
import { runRequestLevel } from '../../src/lib/sim/batching/request-level';
import { addGaps, addStretchGaps, binRunEnd, createGapHistogram, gapBin, gapBinLowS, type GapHistogram } from '../../src/lib/sim/gap-histogram';
import { prepareContext } from '../../src/lib/sim/index';
import { createStretchCoefficients, stepS } from '../../src/lib/sim/perf/index';
import { defaultScenario, methodScenario } from '../../src/lib/sim/presets';
import type { Scenario } from '../../src/lib/sim/types';
import { expectSameHistogram, randomWorkload, workloadOf } from './helpers';

/** Bins every step of a stretch one by one (the brute force). */
function bruteStretch(h: GapHistogram, c: ReturnType<typeof createStretchCoefficients>, k1: number, k2: number, weight: number): void {
	for (let k = k1; k <= k2; k++) addGaps(h, stepS(c, k), weight);
}

const coefArb = fc.record({
	constS: fc.double({ min: 0, max: 2e-3, noNaN: true }),
	computeS0: fc.double({ min: 0, max: 2e-2, noNaN: true }),
	computeSlopeS: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e-4, noNaN: true })),
	memoryS0: fc.double({ min: 0, max: 2e-2, noNaN: true }),
	memorySlopeS: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e-4, noNaN: true }))
});

describe('gap histogram: a decode stretch at once equals its steps one by one', () => {
	it('addStretchGaps matches brute force (random coefficients, ranges and weights)', () => {
		fc.assert(
			fc.property(coefArb, fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 1, max: 300 }), (c, k1, len, w) => {
				const fast = createGapHistogram();
				const slow = createGapHistogram();
				addStretchGaps(fast, c, k1, k1 + len, w);
				bruteStretch(slow, c, k1, k1 + len, w);
				expectSameHistogram(fast, slow);
			}),
			{ numRuns: 300 }
		);
	});

	it('binRunEnd ends each run exactly where the step times leave the bin, at bin edges too', () => {
		// Steps that land exactly on bin edges: s(k) = edge of bin 3000 + k·(width/4).
		const e = gapBinLowS(1500);
		const width = gapBinLowS(1501) - e;
		const c = { constS: 0, computeS0: e, computeSlopeS: width / 4, memoryS0: 0, memorySlopeS: 0 };
		for (let k = 0; k < 40; ) {
			const b = gapBin(stepS(c, k));
			const hi = binRunEnd(c, k, 39, b);
			for (let j = k; j <= hi; j++) expect(gapBin(stepS(c, j))).toBe(b);
			if (hi < 39) expect(gapBin(stepS(c, hi + 1))).not.toBe(b);
			k = hi + 1;
		}
	});
});

const scenario = (method: 'static' | 'dynamic' | 'continuous', over: Partial<Scenario> = {}): Scenario => ({ ...methodScenario(method, defaultScenario()), ...over });

/** Σ over served requests of (output tokens − 1): the gaps a run must record. */
function expectedGaps(out: Uint32Array, dropCode: Uint8Array): number {
	let n = 0;
	for (let i = 0; i < out.length; i++) if (dropCode[i] === 0 && out[i] >= 2) n += out[i] - 1;
	return n;
}

describe('request-level runs record every inter-token gap', () => {
	it('a burst served in batches of B equals binning each decode step times its unfinished members', () => {
		const outs = [1, 7, 300, 45, 2, 900, 900, 13, 0, 250, 600, 5];
		const w = workloadOf(
			outs.map(() => 0),
			outs.map((_, i) => 100 + 37 * i),
			outs
		);
		const s = scenario('static', { sizing: { kind: 'fixed', batch: 4 } });
		const { ctx } = prepareContext(w, s);
		const r = runRequestLevel(w, s, ctx);
		// One GPU, arrivals at 0: batches are consecutive groups of 4 (KV is ample).
		const slow = createGapHistogram();
		const c = createStretchCoefficients();
		for (let b = 0; b < outs.length; b += 4) {
			const group = outs.slice(b, b + 4);
			const pSum = group.reduce((a, _, j) => a + w.promptTokens[b + j], 0);
			ctx.perf.stretchCoefficients(group.length, pSum, c);
			for (let k = 1; k < Math.max(...group); k++) addGaps(slow, stepS(c, k), group.filter((o) => o - 1 >= k).length);
		}
		expectSameHistogram(r.itl!, slow);
		expect(r.itl!.total).toBe(expectedGaps(w.outputTokens, r.dropCode));
	});

	it.each(['static', 'dynamic'] as const)('%s: one gap per consecutive token pair on random workloads', (method) => {
		for (const seed of [1, 2, 3]) {
			const w = randomWorkload(400, seed, { rps: 40, failedShare: 0.05 });
			const s = scenario(method, { gpus: 2 });
			const { ctx } = prepareContext(w, s);
			const r = runRequestLevel(w, s, ctx);
			expect(r.itl!.total).toBe(expectedGaps(w.outputTokens, r.dropCode));
		}
	});
});

describe('continuous runs record every inter-token gap', () => {
	it('a lone request: every gap is one decode step of a batch of one', () => {
		const w = workloadOf([0], [500], [120]);
		const s = scenario('continuous');
		const { ctx } = prepareContext(w, s);
		const r = runIterationLevel(w, s, ctx);
		const slow = createGapHistogram();
		const c = createStretchCoefficients();
		ctx.perf.stretchCoefficients(1, 500, c);
		bruteStretch(slow, c, 1, 119, 1);
		expectSameHistogram(r.itl!, slow);
	});

	it('one gap per consecutive token pair on random workloads (mixed steps and stretches)', () => {
		for (const seed of [4, 5, 6]) {
			const w = randomWorkload(400, seed, { rps: 60, failedShare: 0.05 });
			const s = scenario('continuous', { gpus: 2 });
			const { ctx } = prepareContext(w, s);
			const r = runIterationLevel(w, s, ctx);
			expect(r.preemptions).toBe(0);
			expect(r.itl!.total).toBe(expectedGaps(w.outputTokens, r.dropCode));
			// No gap is shorter than the fastest possible step or longer than the whole run.
			expect(r.itl!.minS).toBeGreaterThan(0);
			expect(r.itl!.maxS).toBeLessThanOrEqual(Math.max(...r.lastTokenS.filter((x) => x === x)));
		}
	});

	it('a preempted request keeps its tokens: one gap per token pair, the recompute gap spanning the preemption', () => {
		let preempted = 0;
		for (const seed of [7, 8, 9]) {
			const w = randomWorkload(300, seed, { rps: 200, maxPrompt: 600, maxOutput: 600 });
			const s = scenario('continuous', { gpus: 1 });
			const { ctx } = prepareContext(w, s);
			const r = runIterationLevel(w, s, { ...ctx, kvCapacityTokens: 6000 });
			preempted += r.preemptions;
			expect(r.itl!.total).toBe(expectedGaps(w.outputTokens, r.dropCode));
		}
		expect(preempted).toBeGreaterThan(0);
	});
});
