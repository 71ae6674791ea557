import { describe, expect, test } from 'vitest';
import { defaultParams } from '../../src/lib/state/params';
import { baseScenario, checkParams, hardwareFacts, plannedRuns, studyConfigFromParams } from '../../src/lib/state/scenario-build';
import { estimateSecondsLeft } from '../../src/lib/state/study.svelte';
import { fmtBytes, fmtInt, fmtPct, fmtSeconds, fmtSig } from '../../src/lib/state/format';
import { sizeLabel } from '../../src/lib/state/result-views';

describe('scenario from params', () => {
	test('defaults equal the study defaults (issue 5)', () => {
		const c = studyConfigFromParams(defaultParams());
		expect(c.sizes).toEqual([1000, 10000, 100000, 1000000]);
		expect(c.gpuCounts).toEqual([1, 2, 4, 8, 16, 32, 64, 100]);
		expect(c.binCounts).toEqual([1, 2, 4, 8, 16, 32]);
		expect(c.base.model.id).toBe('qwen3-1.7b');
		expect(c.base.gpu.id).toBe('rtx-4080-12gb');
		expect(c.rpsScale).toBe(200);
		expect(c.base.sla.tbtS).toBe(0.05);
		expect(c.attainment).toBe(0.95);
		expect(c.base.sla.ttftS).toBe(2);
		expect(c.base.predictor).toEqual({ kind: 'noisy', sigma: 0.7 });
		expect(c.kneeThreshold).toBe(0.1);
		// Per size: 8 × (6 bins + continuous) grid points and 6 oracle runs; Step 2 at 1 GPU adds static and
		// dynamic-cap (the rest are grid points) and, at most, the same two at the largest count.
		expect(plannedRuns(defaultParams())).toBe(4 * (8 * 7 + 6) + 4 * 2 * 2);
		// Without 1 GPU in the grid every method at 1 GPU is an extra run; at 4 GPUs static, multibin with
		// 4 bins (not in the grid) and dynamic-cap are.
		expect(plannedRuns({ ...defaultParams(), sizes: [1000], gpus: [2, 4], bins: [1, 2] })).toBe(2 * 3 + 2 + 5 + 3);
	});
	test('units: tbt ms -> s, overhead ms -> s, percentages -> shares, optional targets', () => {
		const s = baseScenario({ ...defaultParams(), tbt: 40, overhead: 2, e2e: 30, predictor: 'noisy', sigma: 0.3 });
		expect(s.sla).toEqual({ tbtS: 0.04, e2eS: 30, ttftS: 2 });
		expect(baseScenario({ ...defaultParams(), ttft: null }).sla).toEqual({ tbtS: 0.05 });
		expect(s.efficiency.stepOverheadS).toBe(0.002);
		expect(s.predictor).toEqual({ kind: 'noisy', sigma: 0.3 });
	});
	test('custom model and GPU are built from their numbers', () => {
		const s = baseScenario({ ...defaultParams(), model: 'custom', gpu: 'custom' });
		expect(s.model.id).toBe('custom');
		expect(s.model.layers).toBe(28);
		expect(s.gpu.memoryGB).toBe(24);
	});
	test('Qwen3-1.7B key numbers come from the engine (KV 114,688 B/token)', () => {
		const f = hardwareFacts(defaultParams());
		expect(f?.kvBytesPerToken).toBe(114688);
		expect(f?.budget?.kvCapacityTokens).toBeGreaterThan(2048);
	});
});

describe('checkParams', () => {
	test('defaults are valid', () => expect(checkParams(defaultParams())).toEqual({}));
	test.each([
		[{ rps: 0 }, 'rps'],
		[{ tbt: NaN }, 'tbt'],
		[{ mfu: 1.5 }, 'mfu'],
		[{ seed: 1.5 }, 'seed'],
		[{ gpus: [] }, 'gpus'],
		[{ bins: [1, 64], sizes: [10] }, 'bins'],
		[{ model: 'llama-3.1-70b' }, 'model'],
		[{ model: 'custom', customModel: { ...defaultParams().customModel, layers: 0 } }, 'model'],
		[{ gpu: 'custom', customGpu: { memoryGB: -1, memoryBandwidthGBs: 1, bf16DenseTflops: 1 } }, 'gpu']
	] as const)('%j is refused on field %s', (patch, field) => {
		const errs = checkParams({ ...defaultParams(), ...patch } as ReturnType<typeof defaultParams>);
		expect(Object.keys(errs)).toContain(field);
		expect(errs[field].length).toBeGreaterThan(10);
	});
	test('a model too big for the GPU names both and the sizes', () => {
		// No TP up to the RTX 4080's 4-GPU node holds it (deploy/tensor-parallel.ts's message).
		const e = checkParams({ ...defaultParams(), model: 'llama-3.1-70b' }).model;
		expect(e).toMatch(/fits on no .*RTX 4080 12GB.* replica of up to 4 GPUs/);
		expect(e).toMatch(/GiB/);
	});
});

describe('formatting never shows NaN or Infinity', () => {
	test.each([
		[fmtInt(1234567), '1,234,567'],
		[fmtInt(null), 'n/a'],
		[fmtSig(NaN), 'n/a'],
		[fmtSig(0.012345), '0.0123'],
		[fmtPct(0.042), '4.2%'],
		[fmtPct(Infinity), 'n/a'],
		[fmtSeconds(0.25), '250 ms'],
		[fmtSeconds(12.34), '12.3 s'],
		[fmtSeconds(600), '10 min'],
		[fmtBytes(3.2 * 2 ** 30), '3.20 GiB'],
		[sizeLabel(1000), '1K'],
		[sizeLabel(1000000), '1M'],
		[sizeLabel(200), '200']
	])('%s = %s', (got, want) => expect(got).toBe(want));
});

describe('estimateSecondsLeft', () => {
	const p = (done: number, total: number) => ({ phase: 'step1' as const, runsDone: 0, runsTotal: 1, requestsDone: done, requestsTotal: total });
	test.each([
		[null, 10, null],
		[p(0, 100), 10, null],
		[p(50, 100), 10, 10],
		[p(25, 100), 10, 30],
		[p(100, 100), 10, 0]
	])('%j after %ss -> %s', (prog, el, want) => expect(estimateSecondsLeft(prog, el)).toBe(want));
});

describe('progressRuns', () => {
	test('counts what the progress bar counts: Step 1 specs plus Step 2 at most', async () => {
		const { progressRuns } = await import('../../src/lib/state/scenario-build');
		const { planStep1, step2MaxRuns } = await import('../../src/lib/study/plan');
		const p = { ...defaultParams(), sizes: [1000], gpus: [2, 4], bins: [1, 2] };
		const config = studyConfigFromParams(p);
		expect(progressRuns(p)).toBe(planStep1(config).length + step2MaxRuns(config));
		expect(progressRuns(p)).toBeGreaterThanOrEqual(plannedRuns(p));
	});
	test('Step 1 without continuous batching plans one run fewer per size and GPU count, and says so in its config', async () => {
		const { progressRuns } = await import('../../src/lib/state/scenario-build');
		const p = { ...defaultParams(), sizes: [1000, 5000], gpus: [1, 2, 4], bins: [1, 2] };
		expect(studyConfigFromParams(p).step1Continuous).toBe(true);
		const off = { ...p, step1Continuous: false };
		expect(studyConfigFromParams(off).step1Continuous).toBe(false);
		expect(progressRuns(p) - progressRuns(off)).toBe(2 * 3);
	});
});
