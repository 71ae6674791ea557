import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import {
	DECODE_BATCHES,
	PREFILL_PROMPTS,
	decodeComputeBoundFrom,
	decodeCrossoverBatch,
	decodeLoad,
	decodeRoofline,
	logSpacedInts,
	prefillCurve,
	rooflineArms
} from '../../src/lib/charts/how-it-works';
import { GPUS, MODELS, findGpu, findModel } from '../../src/lib/catalog';
import { createPerfModel } from '../../src/lib/sim/perf/index';
import { DEFAULT_EFFICIENCY } from '../../src/lib/sim/presets';

const model = findModel('qwen3-1.7b');
const gpu = findGpu('h100-sxm');
if (!model || !gpu) throw new Error('catalog entries missing');
const inp = { model, gpu, efficiency: DEFAULT_EFFICIENCY };

describe('How it works series', () => {
	test.each([
		[1, [1]],
		[10, [1, 2, 3, 4, 5, 6, 7, 8, 10]],
		[16, [1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 16]]
	])('logSpacedInts(%s)', (max, want) => expect(logSpacedInts(max)).toEqual(want));

	test('step times come from the engine perf model', () => {
		const r = decodeRoofline(inp, 256, 64);
		const perf = createPerfModel({ ...inp, perf: { kind: 'roofline' } });
		r.batches.forEach((b, i) => expect(r.stepMs[i]).toBeCloseTo(perf.stepTimeS(decodeLoad(b, 256)) * 1e3, 9));
		// roofline: step = max(arms) + overhead
		r.batches.forEach((_, i) => expect(r.stepMs[i]).toBeCloseTo(Math.max(r.computeMs[i], r.memoryMs[i]) + DEFAULT_EFFICIENCY.stepOverheadS * 1e3, 9));
		// throughput grows with batch size
		for (let i = 1; i < r.tokPerS.length; i++) expect(r.tokPerS[i]).toBeGreaterThan(r.tokPerS[i - 1]);
	});

	test('at the crossover batch both roofline arms are equal; below it memory-bound, above compute-bound', () => {
		const ctx = 64;
		const b = decodeCrossoverBatch(inp, ctx);
		expect(b).not.toBeNull();
		const r = decodeRoofline(inp, ctx, 4096);
		const i = r.batches.findIndex((x) => x > (b as number));
		expect(r.memoryMs[0]).toBeGreaterThan(r.computeMs[0]);
		expect(r.computeMs[i]).toBeGreaterThan(r.memoryMs[i]);
	});

	test('long contexts can stay memory-bound at every batch (KV reads grow as fast as FLOPs)', () => {
		expect(decodeCrossoverBatch(inp, 1024)).toBeNull();
		expect(decodeRoofline(inp, 1024).crossoverBatch).toBeNull();
	});

	test('prefill turns compute-bound at one prompt length: the first where FLOPs time ≥ bytes time', () => {
		const c = prefillCurve(inp, 8192);
		expect(c.crossoverTokens).toBeGreaterThan(1);
		expect(c.crossoverTokens).toBeLessThan(8192);
		for (let i = 1; i < c.prefillMs.length; i++) expect(c.prefillMs[i]).toBeGreaterThanOrEqual(c.prefillMs[i - 1]);
	});
});

// The page's own views (HowItWorks.svelte): its batch sizes, its whole-batch crossover, its prompt lengths.
describe('roofline view', () => {
	const perf = createPerfModel({ ...inp, perf: { kind: 'roofline' } });
	test('the step time is the max of compute and memory plus overhead', () => {
		const p = rooflineArms(inp, decodeLoad(16, 0));
		const stepS = perf.stepTimeS(decodeLoad(16, 0));
		expect(stepS).toBeCloseTo(Math.max(p.computeS, p.memoryS) + DEFAULT_EFFICIENCY.stepOverheadS, 12);
		// and the page's row at b = 16 is exactly these numbers
		const r = decodeRoofline(inp, 0, DECODE_BATCHES);
		const i = r.batches.indexOf(16);
		expect(r.batches).toEqual(DECODE_BATCHES);
		expect([r.stepMs[i], r.computeMs[i], r.memoryMs[i], r.tokPerS[i]]).toEqual([stepS * 1e3, p.computeS * 1e3, p.memoryS * 1e3, 16 / stepS]);
	});
	test('the crossover is where compute time reaches memory time', () => {
		const b = decodeComputeBoundFrom(inp, 0)!;
		expect(b).toBeGreaterThan(1);
		const below = rooflineArms(inp, decodeLoad(b - 1, 0));
		const at = rooflineArms(inp, decodeLoad(b, 0));
		expect(below.computeS).toBeLessThan(below.memoryS);
		expect(at.computeS).toBeGreaterThanOrEqual(at.memoryS);
		expect(decodeRoofline(inp, 0, DECODE_BATCHES).computeBoundFrom).toBe(b);
		expect(b).toBe(Math.ceil(decodeCrossoverBatch(inp, 0)!));
	});
	test('property: the whole-batch crossover is the first compute-bound batch, or null when there is none up to the cap', () => {
		fc.assert(
			fc.property(fc.constantFrom(...MODELS), fc.constantFrom(...GPUS), fc.integer({ min: 0, max: 8192 }), fc.integer({ min: 1, max: 1 << 16 }), (m, g, ctx, cap) => {
				const x = { model: m, gpu: g, efficiency: DEFAULT_EFFICIENCY };
				const bound = (b: number) => {
					const a = rooflineArms(x, decodeLoad(b, ctx));
					return a.computeS >= a.memoryS;
				};
				const b = decodeComputeBoundFrom(x, ctx, cap);
				if (b === null) expect(bound(cap)).toBe(false);
				else {
					expect(b).toBeGreaterThanOrEqual(1);
					expect(b).toBeLessThanOrEqual(cap);
					expect(bound(b)).toBe(true);
					if (b > 1) expect(bound(b - 1)).toBe(false);
				}
			}),
			{ numRuns: 300 }
		);
	});
	test('long contexts: no crossover on the page either', () => {
		expect(decodeComputeBoundFrom(inp, 1024)).toBeNull();
		expect(decodeRoofline(inp, 1024, DECODE_BATCHES).computeBoundFrom).toBeNull();
	});
	test('prefill at the page prompt lengths is the engine prefill of one request', () => {
		const c = prefillCurve(inp, PREFILL_PROMPTS);
		expect(c.promptTokens).toEqual(PREFILL_PROMPTS);
		c.promptTokens.forEach((p, i) => expect(c.prefillMs[i]).toBe(perf.prefillS(p, p * p, 1) * 1e3));
		expect(c.promptTokens).toContain(1024); // quoted in the page's formula
	});
});
