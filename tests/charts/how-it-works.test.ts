import { describe, expect, test } from 'vitest';
import { decodeCrossoverBatch, decodeLoad, decodeRoofline, decodeStepChart, logSpacedInts, prefillChart, prefillCurve } from '../../src/lib/charts/how-it-works';
import { findGpu, findModel } from '../../src/lib/catalog';
import { createPerfModel } from '../../src/lib/sim/perf-model';
import { DEFAULT_EFFICIENCY } from '../../src/lib/sim/presets';
import { badNumbers, lineSvg } from './helpers';

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
		const chart = decodeStepChart(decodeRoofline(inp, 1024), 1024);
		expect(chart.markers.map((m) => m.label)).toEqual([expect.stringMatching(/^KV cache full at b = /)]);
	});

	test('prefill turns compute-bound at one prompt length: the first where FLOPs time ≥ bytes time', () => {
		const c = prefillCurve(inp, 8192);
		expect(c.crossoverTokens).toBeGreaterThan(1);
		expect(c.crossoverTokens).toBeLessThan(8192);
		for (let i = 1; i < c.prefillMs.length; i++) expect(c.prefillMs[i]).toBeGreaterThanOrEqual(c.prefillMs[i - 1]);
	});

	test('charts render with their markers and without NaN', async () => {
		const ctx = 64;
		const step = lineSvg(decodeStepChart(decodeRoofline(inp, ctx), ctx));
		expect(step).toContain('compute-bound from b ≈');
		expect(badNumbers(step)).toEqual([]);
		await expect(step).toMatchFileSnapshot('__snapshots__/hiw-decode-step.svg');
		const pre = lineSvg(prefillChart(prefillCurve(inp)));
		expect(pre).toContain('compute-bound from');
		expect(badNumbers(pre)).toEqual([]);
	});
});
