/** validateScenario (table), the latency fit, and the closed-form decode stretch vs a loop. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findGpu, findModel } from '../../src/lib/catalog/index';
import { fitLatencyModel, parseLatencyGrid } from '../../src/lib/sim/fit';
import { defaultScenario, simulate } from '../../src/lib/sim/index';
import { createPerfModel, sumMaxLinear } from '../../src/lib/sim/perf/index';
import { DEFAULT_EFFICIENCY } from '../../src/lib/sim/presets';
import type { GpuSpec, ModelSpec, Scenario } from '../../src/lib/sim/types';
import { validateScenario } from '../../src/lib/sim/validate';
import { workloadOf } from './helpers';

describe('validateScenario', () => {
	const base = defaultScenario();
	const cases: [string, Partial<Scenario>, string | null][] = [
		['defaults', {}, null],
		['gpus 0', { gpus: 0 }, 'gpus'],
		['gpus 1.5', { gpus: 1.5 }, 'gpus'],
		['gpus 4097', { gpus: 4097 }, 'gpus'],
		['gpus 4096', { gpus: 4096 }, null],
		['bins 0', { bins: 0 }, 'bins'],
		['bins 65', { bins: 65 }, 'bins'],
		['batch 0', { sizing: { kind: 'fixed', batch: 0 } }, 'sizing.batch'],
		['maxBatch 0', { sizing: { kind: 'dynamic', maxBatch: 0, epsMem: 0.01, tolerance: 0.1 } }, 'sizing.maxBatch'],
		['epsMem 1', { sizing: { kind: 'dynamic', maxBatch: 8, epsMem: 1, tolerance: 0.1 } }, 'sizing.epsMem'],
		['tolerance -1', { sizing: { kind: 'dynamic', maxBatch: 8, epsMem: 0.1, tolerance: -1 } }, 'sizing.tolerance'],
		['tbt 0', { sla: { tbtS: 0 } }, 'sla.tbtS'],
		['e2e -1', { sla: { tbtS: 0.05, e2eS: -1 } }, 'sla.e2eS'],
		['ttft NaN', { sla: { tbtS: 0.05, ttftS: NaN } }, 'sla.ttftS'],
		['mfu 0', { efficiency: { ...DEFAULT_EFFICIENCY, mfu: 0 } }, 'efficiency.mfu'],
		['eta 1.2', { efficiency: { ...DEFAULT_EFFICIENCY, eta: 1.2 } }, 'efficiency.eta'],
		['memUtil 0', { efficiency: { ...DEFAULT_EFFICIENCY, memUtil: 0 } }, 'efficiency.memUtil'],
		['overhead -1', { efficiency: { ...DEFAULT_EFFICIENCY, stepOverheadS: -1 } }, 'efficiency.stepOverheadS'],
		['fitted beta 0', { perf: { kind: 'fitted', alphaS: 0.01, betaS: 0, gamma: 0.5 } }, 'perf.betaS'],
		['sigma -1', { predictor: { kind: 'noisy', sigma: -1 } }, 'predictor.sigma'],
		['cost -1', { costPerGpuHour: -1 }, 'costPerGpuHour'],
		['block 0', { continuous: { ...base.continuous, blockSize: 0 } }, 'continuous.blockSize'],
		['budget 0', { continuous: { ...base.continuous, tokenBudget: 0 } }, 'continuous.tokenBudget'],
		['maxBatch cont 0', { continuous: { ...base.continuous, maxBatch: 0 } }, 'continuous.maxBatch'],
		['model does not fit', { model: findModel('qwen3-32b') as ModelSpec }, 'model']
	];
	it.each(cases)('%s', (_name, over, field) => {
		const errors = validateScenario({ ...base, ...over });
		if (field === null) expect(errors).toEqual([]);
		else {
			expect(errors.map((e) => e.field)).toContain(field);
			for (const e of errors) expect(e.message.length).toBeGreaterThan(20);
		}
	});

	it('simulate throws the joined messages', () => {
		expect(() => simulate(workloadOf([0], [1], [1]), { ...base, gpus: 0, bins: 0 })).toThrow(/gpus:[\s\S]*bins:/);
	});

	it('the does-not-fit message names the model, the GPU and both sizes', () => {
		const [e] = validateScenario({ ...base, model: findModel('qwen3-32b') as ModelSpec });
		expect(e.code).toBe('model-does-not-fit');
		expect(e.message).toMatch(/Qwen3-32B.*GiB.*GiB/);
	});
});

describe('latency model fit', () => {
	const truth = { alphaS: 0.02, betaS: 2e-5, gamma: 0.6 };
	const T = (b: number, L: number) => truth.alphaS + truth.betaS * L * (1 + (truth.gamma * (b - 1)) / b);
	const grid = [1, 2, 4, 8, 16].flatMap((b) => [128, 512, 1024, 2048].map((L) => ({ batchSize: b, maxSeqLen: L, meanLatencyS: T(b, L) })));

	it('recovers known parameters exactly from a noiseless grid', () => {
		const r = fitLatencyModel(grid);
		if (!r.ok) throw new Error(r.error.message);
		expect(r.fit.alphaS).toBeCloseTo(truth.alphaS, 10);
		expect(r.fit.betaS).toBeCloseTo(truth.betaS, 12);
		expect(r.fit.gamma).toBeCloseTo(truth.gamma, 8);
		expect(r.fit.r2).toBeCloseTo(1, 10);
	});

	it('stays close with 1% noise and reports R² below 1', () => {
		const noisy = grid.map((g, i) => ({ ...g, meanLatencyS: g.meanLatencyS * (1 + 0.01 * Math.sin(i * 12.9898)) }));
		const r = fitLatencyModel(noisy);
		if (!r.ok) throw new Error(r.error.message);
		expect(Math.abs(r.fit.gamma - truth.gamma)).toBeLessThan(0.1);
		expect(r.fit.r2).toBeLessThan(1);
		expect(r.fit.r2).toBeGreaterThan(0.99);
	});

	it('refuses a grid with one batch size', () => {
		const r = fitLatencyModel(grid.filter((g) => g.batchSize === 4));
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.error.message).toMatch(/two different batch sizes/);
	});

	it('parses the grid CSV and reports bad lines with their number', () => {
		const ok = parseLatencyGrid('batch_size,max_seq_len,mean_latency_sec\n1,128,0.02\n\n8,1024,0.05\n');
		expect(ok).toEqual({ ok: true, rows: [{ batchSize: 1, maxSeqLen: 128, meanLatencyS: 0.02 }, { batchSize: 8, maxSeqLen: 1024, meanLatencyS: 0.05 }] });
		const swapped = parseLatencyGrid('mean_latency_sec,batch_size,max_seq_len\n0.02,1,128\n');
		expect(swapped.ok && swapped.rows[0]).toEqual({ batchSize: 1, maxSeqLen: 128, meanLatencyS: 0.02 });
		const missing = parseLatencyGrid('batch,max_seq_len,mean_latency_sec\n1,2,3\n');
		expect(!missing.ok && missing.error).toMatchObject({ code: 'missing-columns', line: 1, field: 'batch_size' });
		const bad = parseLatencyGrid('batch_size,max_seq_len,mean_latency_sec\n1,128,0.02\n2,abc,0.03\n');
		expect(!bad.ok && bad.error).toMatchObject({ code: 'bad-value', line: 3, field: 'max_seq_len' });
		expect(parseLatencyGrid('  \n').ok).toBe(false);
	});

	it('a fitted scenario runs: prefill = alpha, decode step = beta(1 + gamma(b−1)/b)', () => {
		const s = defaultScenario({ perf: { kind: 'fitted', alphaS: 0.05, betaS: 0.01, gamma: 0.5 } });
		const r = simulate(workloadOf([0, 0], [100, 100], [11, 11]), s);
		expect(r.summary.ttftP50S).toBeCloseTo(0.05, 12);
		expect(r.summary.e2eP50S).toBeCloseTo(0.05 + 10 * 0.01 * (1 + 0.5 * 0.5), 12);
	});
});

describe('closed-form decode stretches', () => {
	it('sumMaxLinear equals the loop', () => {
		fc.assert(
			fc.property(
				fc.double({ min: -10, max: 10, noNaN: true }),
				fc.double({ min: -1, max: 1, noNaN: true }),
				fc.double({ min: -10, max: 10, noNaN: true }),
				fc.double({ min: -1, max: 1, noNaN: true }),
				fc.integer({ min: 0, max: 300 }),
				(a1, b1, a2, b2, n) => {
					let loop = 0;
					for (let k = 1; k <= n; k++) loop += Math.max(a1 + b1 * k, a2 + b2 * k);
					expect(sumMaxLinear(a1, b1, a2, b2, n)).toBeCloseTo(loop, 6);
				}
			),
			{ numRuns: 300, seed: 1 }
		);
	});

	it('decodeStretchS equals stepping the roofline token by token (compute- and memory-bound)', () => {
		const model = findModel('qwen3-1.7b') as ModelSpec;
		for (const gpu of [findGpu('h100-sxm') as GpuSpec, findGpu('rtx-4080-12gb') as GpuSpec]) {
			const perf = createPerfModel({ model, gpu, efficiency: DEFAULT_EFFICIENCY, perf: { kind: 'roofline' } });
			for (const [b, ctx0, steps] of [
				[1, 100, 50],
				[64, 64 * 3000, 400],
				[512, 512 * 20, 30]
			]) {
				let loop = 0;
				for (let k = 1; k <= steps; k++) {
					const c = ctx0 + b * (k - 1);
					loop += perf.stepTimeS({ prefillTokens: 0, prefillSeqs: 0, prefillAttnPairs: 0, decodeSeqs: b, decodeAttnCtx: c + b, emitters: b, kvReadTokens: c, kvWriteTokens: b });
				}
				expect(perf.decodeStretchS(b, ctx0, steps)).toBeCloseTo(loop, 9);
			}
		}
	});
});
