import { describe, expect, it } from 'vitest';
import { communicationCoefficients, ringAllReduceS, stepCommunicationS } from '../../src/lib/sim/deploy/allreduce';
import {
	DEQUANT_OVERHEAD,
	KV_PRECISIONS,
	KV_PRECISION_IDS,
	WEIGHT_PRECISIONS,
	WEIGHT_PRECISION_IDS,
	isKvPrecision,
	isWeightPrecision,
	linearArmRatios,
	linearTflops
} from '../../src/lib/sim/deploy/precision';
import { gpu, model } from './fixtures';

describe('precisions', () => {
	it('bytes per weight and per KV element', () => {
		expect(WEIGHT_PRECISION_IDS.map((p) => WEIGHT_PRECISIONS[p].bytesPerWeight)).toEqual([2, 1, 1, 0.5]);
		expect(KV_PRECISION_IDS.map((p) => KV_PRECISIONS[p].bytesPerElement)).toEqual([2, 1]);
		expect(isWeightPrecision('int4') && isKvPrecision('fp8')).toBe(true);
		expect(isWeightPrecision('fp4') || isKvPrecision('int8') || isWeightPrecision('constructor')).toBe(false);
	});
	it('FP8 runs at the GPU’s FP8 rate where it has one, else at BF16 with a warning', () => {
		expect(linearTflops(gpu('h100-sxm'), 'fp8')).toEqual({ tflops: 1978.9, warning: null });
		const a100 = linearTflops(gpu('a100-80gb-sxm'), 'fp8');
		expect(a100.tflops).toBe(312);
		expect(a100.warning).toMatch(/A100 80GB SXM4 has no FP8 tensor cores/);
		expect(linearTflops(gpu('h100-sxm'), 'int4').tflops).toBe(989.4);
	});
	it('arm ratios: FP8 halves both arms on H100; INT4 quarters the bytes and adds the dequantization cost', () => {
		const h = gpu('h100-sxm');
		expect(linearArmRatios(h, 'fp8').memory).toBe(0.5);
		expect(linearArmRatios(h, 'fp8').compute).toBeCloseTo(989.4 / 1978.9, 15);
		expect(linearArmRatios(h, 'int4')).toEqual({ compute: 1 + DEQUANT_OVERHEAD, memory: 0.25 });
		expect(linearArmRatios(h, 'int8')).toEqual({ compute: 1.2, memory: 0.5 });
		expect(linearArmRatios(h, 'bf16')).toEqual({ compute: 1, memory: 1 });
	});
});

describe('ring all-reduce', () => {
	const nvlink = { busBandwidthGBs: 450, hopLatencyUs: 1.9 };
	it('is 2(t−1)/t · S / B + 2(t−1) · λ, and free on one GPU', () => {
		expect(ringAllReduceS(1e6, 1, nvlink)).toBe(0);
		expect(ringAllReduceS(1e6, 2, nvlink)).toBeCloseTo(1e6 / 450e9 + 2 * 1.9e-6, 18);
		expect(ringAllReduceS(1e6, 8, nvlink)).toBeCloseTo((14 / 8) * (1e6 / 450e9) + 14 * 1.9e-6, 18);
	});
	it('a step all-reduces n·d·2 bytes twice per layer; the closed form matches', () => {
		const m = model('llama-3.1-70b');
		const s = stepCommunicationS(m, 64, 4, nvlink);
		expect(s).toBeCloseTo(2 * 80 * ((6 / 4) * ((64 * 8192 * 2) / 450e9) + 6 * 1.9e-6), 15);
		const c = communicationCoefficients(m, 4, nvlink);
		expect(c.fixedS + c.perTokenS * 64).toBeCloseTo(s, 15);
		expect(stepCommunicationS(m, 0, 4, nvlink)).toBe(0);
	});
});
