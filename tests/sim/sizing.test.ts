/** Fixed and dynamic batch sizing; the analytic bound from the performance model is the oracle. */
import { describe, expect, it } from 'vitest';
import { findGpu, findModel } from '../../src/lib/catalog/index';
import { defaultScenario, simulate } from '../../src/lib/sim/index';
import { memoryBudget } from '../../src/lib/sim/memory';
import { normalQuantile } from '../../src/lib/sim/normal-quantile';
import { createPerfModel } from '../../src/lib/sim/perf/index';
import { DEFAULT_EFFICIENCY } from '../../src/lib/sim/presets';
import { createDynamicSizer, createFixedSizer, createSizer, memoryBoundBatch } from '../../src/lib/sim/sizing/index';
import type { GpuSpec, ModelSpec } from '../../src/lib/sim/types';
import { workloadOf } from './helpers';

const model = findModel('qwen3-1.7b') as ModelSpec;
const gpu = findGpu('h100-sxm') as GpuSpec;
const perf = createPerfModel({ model, gpu, efficiency: DEFAULT_EFFICIENCY, perf: { kind: 'roofline' } });
const P = 2000;
const N = 200;
/** Mean decode step of a batch of b equal requests (what the engine reports to the sizer). */
const stepOf = (b: number) => perf.decodeStretchS(b, b * P, N - 1) / (N - 1);
/** The analytic SLA bound: the largest batch whose decode step meets the target. */
function slaBound(targetS: number, maxBatch: number): number {
	let best = 1;
	for (let b = 1; b <= maxBatch; b++) if (stepOf(b) <= targetS) best = b;
	return best;
}

describe('normalQuantile', () => {
	it.each([
		[0.5, 0],
		[0.975, 1.959963984540054],
		[0.99, 2.3263478740408408],
		[0.01, -2.3263478740408408],
		[0.999999, 4.753424308822899]
	])('Φ⁻¹(%f) = %f', (p, z) => expect(normalQuantile(p)).toBeCloseTo(z, 7));
});

describe('fixed sizer', () => {
	it('always answers B', () => {
		const s = createFixedSizer(8);
		s.observeDecodeStep(10, 8);
		s.observeRequest(1e6, 1e6);
		expect(s.next()).toBe(8);
		expect(createFixedSizer(0).next()).toBe(1);
	});
});

describe('memory bound (normal approximation)', () => {
	it.each([
		// mean, std, capacity, eps, maxBatch, expected
		[1000, 0, 10_000, 0.01, 128, 10],
		[1000, 0, 10_000, 0.01, 4, 4],
		[1000, 0, 999, 0.01, 128, 1],
		[0, 0, 10_000, 0.01, 128, 128]
	])('mean %d std %d cap %d eps %f max %d -> %d', (m, s, c, e, mx, want) => expect(memoryBoundBatch(m, s, c, e, mx)).toBe(want));

	it('is the largest b with P(overflow) ≤ eps', () => {
		const [m, s, c, eps] = [1500, 900, 60_000, 0.01];
		const b = memoryBoundBatch(m, s, c, eps, 1000);
		const z = normalQuantile(1 - eps);
		const over = (k: number) => k * m + z * s * Math.sqrt(k) > c;
		expect(over(b)).toBe(false);
		expect(over(b + 1)).toBe(true);
	});
});

describe('dynamic sizer converges to the analytic bound', () => {
	it('SLA-bound case: settles near the largest batch whose decode step meets the TBT target', () => {
		const target = 0.01;
		const spec = { kind: 'dynamic' as const, maxBatch: 128, epsMem: 0.01, tolerance: 0.05 };
		const bound = slaBound(target, 128);
		expect(bound).toBeGreaterThan(10);
		expect(bound).toBeLessThan(128);
		const sizer = createDynamicSizer(spec, target, 10_000_000);
		const seen: number[] = [];
		for (let t = 0; t < 300; t++) {
			const b = sizer.next();
			for (let i = 0; i < b; i++) sizer.observeRequest(P, N);
			sizer.observeDecodeStep(stepOf(b), b);
			seen.push(b);
		}
		const tail = seen.slice(-50);
		for (const b of tail) expect(Math.abs(b - bound)).toBeLessThanOrEqual(Math.max(4, 0.1 * bound));
	});

	it('memory-bound case: the KV bound wins when it is smaller', () => {
		const spec = { kind: 'dynamic' as const, maxBatch: 128, epsMem: 0.01, tolerance: 0.05 };
		const cap = 20_000; // room for floor(20000 / 2200) = 9 equal requests
		const sizer = createDynamicSizer(spec, 1, cap); // 1 s TBT: never SLA-bound
		for (let t = 0; t < 50; t++) {
			const b = sizer.next();
			for (let i = 0; i < b; i++) sizer.observeRequest(P, N);
			sizer.observeDecodeStep(stepOf(b), b);
		}
		expect(sizer.next()).toBe(9);
	});

	it('a target no batch can meet pins the size at 1', () => {
		const sizer = createDynamicSizer({ kind: 'dynamic', maxBatch: 64, epsMem: 0.01, tolerance: 0.1 }, 1e-6, 1e6);
		for (let t = 0; t < 20; t++) sizer.observeDecodeStep(stepOf(sizer.next()), sizer.next());
		expect(sizer.next()).toBe(1);
	});

	it('each bin keeps its own state (createSizer returns fresh sizers)', () => {
		const s = defaultScenario();
		const a = createSizer(s, 1e6);
		const b = createSizer(s, 1e6);
		a.observeDecodeStep(10, 1);
		expect(a.next()).toBe(1);
		expect(b.next()).toBeGreaterThan(1);
	});

	it('in the engine, a saturated GPU runs batches whose TBT sits near the target', () => {
		const target = 0.01;
		const n = 4000;
		const w = workloadOf(
			Array.from({ length: n }, () => 0),
			Array.from({ length: n }, () => P),
			Array.from({ length: n }, () => N)
		);
		const s = defaultScenario({ gpu, sla: { tbtS: target }, sizing: { kind: 'dynamic', maxBatch: 128, epsMem: 0.01, tolerance: 0.05 } });
		expect(memoryBudget(model, gpu, s.efficiency).ok).toBe(true);
		const r = simulate(w, s);
		const bound = slaBound(target, 128);
		expect(r.summary.meanBatchSize as number).toBeGreaterThan(0.85 * bound);
		expect(r.summary.meanBatchSize as number).toBeLessThan(1.1 * bound);
		expect(r.summary.tbtP50Ms as number).toBeLessThan(target * 1000 * 1.06);
		expect(r.summary.tbtP50Ms as number).toBeGreaterThan(target * 1000 * 0.85);
	});
});
