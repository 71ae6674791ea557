/**
 * Deployments wired into the engine: simulate() runs a scenario's TP, weight and KV precision end to
 * end (KV capacity from the TP layout, the step-time model wrapped for the replica), reports the
 * deployment it used, counts replicas × TP GPUs in cost and utilization, and refuses a model that fits
 * at no TP (or not at the chosen one) with a message naming the smallest TP that fits.
 */
import { describe, expect, it } from 'vitest';
import { findGpu, findModel } from '../../src/lib/catalog/index';
import { defaultScenario, simulate, validateScenario } from '../../src/lib/sim/index';
import { memoryBudget } from '../../src/lib/sim/memory';
import type { PerfModelSpec, Scenario } from '../../src/lib/sim/types';
import { workloadOf } from '../sim/helpers';

const llama8 = findModel('llama-3.1-8b')!;
const llama70 = findModel('llama-3.1-70b')!;
const h100 = findGpu('h100-sxm')!;

/** Light load: four requests 100 s apart, each alone on its replica (512 prompt, 200 output tokens). */
const light = workloadOf([0, 100, 200, 300], [512, 512, 512, 512], [200, 200, 200, 200]);

const on8b = (over: Partial<Scenario> = {}): Scenario => defaultScenario({ model: llama8, gpu: h100, ...over });
const tpot = (s: Scenario): number => simulate(light, s).summary.tbtP50Ms as number;

describe('light-load TPOT on Llama-3.1-8B, H100 (engine level)', () => {
	const perfs: [string, Partial<Scenario>][] = [
		['per-operator model (the default)', {}],
		['datasheet roofline', { perf: { kind: 'roofline' } as PerfModelSpec }]
	];
	it.each(perfs)('TP 2 takes between 0.5 and 0.85 of the TP 1 P50 TPOT (%s)', (_n, perf) => {
		const r = tpot(on8b({ ...perf, tp: 2 })) / tpot(on8b({ ...perf, tp: 1 }));
		expect(r).toBeGreaterThan(0.5);
		expect(r).toBeLessThan(0.85);
	});
	it.each(perfs)('FP8 weights take between 0.5 and 0.85 of the BF16 P50 TPOT (%s)', (_n, perf) => {
		const r = tpot(on8b({ ...perf, tp: 1, weights: 'fp8' })) / tpot(on8b({ ...perf, tp: 1, weights: 'bf16' }));
		expect(r).toBeGreaterThan(0.5);
		expect(r).toBeLessThan(0.85);
	});
	it('the roofline TP 2 ratio is the step-level 0.612 of docs/design/deployments.md (1 ms overhead, LM head, all-reduce)', () => {
		const r = tpot(on8b({ perf: { kind: 'roofline' }, tp: 2 })) / tpot(on8b({ perf: { kind: 'roofline' }, tp: 1 }));
		expect(r).toBeCloseTo(0.612, 2);
	});
	it('INT4 weights are faster still at batch 1 (a quarter of the weight bytes), and TP 8 faster than TP 2', () => {
		expect(tpot(on8b({ tp: 1, weights: 'int4' }))).toBeLessThan(tpot(on8b({ tp: 1, weights: 'fp8' })));
		expect(tpot(on8b({ tp: 8 }))).toBeLessThan(tpot(on8b({ tp: 2 })));
	});
});

describe('the deployment a run reports', () => {
	it('TP 1 BF16 set explicitly gives the same bits as the defaults left unset', () => {
		const a = simulate(light, defaultScenario());
		const b = simulate(light, defaultScenario({ tp: 1, weights: 'bf16', kvDtype: 'bf16' }));
		expect(b.summary).toEqual(a.summary);
		expect(a.deployment).toMatchObject({ tp: 1, tpDefaulted: true, replicas: 1, gpus: 1, weights: 'bf16', kvDtype: 'bf16', routing: 'least-outstanding' });
		expect(b.deployment?.tpDefaulted).toBe(false);
		const mem = memoryBudget(defaultScenario().model, defaultScenario().gpu, defaultScenario().efficiency);
		expect(mem.ok && a.deployment?.kvCapacityTokens).toBe(mem.ok ? mem.budget.kvCapacityTokens : -1);
	});

	it('Llama-3.1-70B on 8 × H100 at TP 8 runs: one replica of 8 GPUs, 1,456,819 KV tokens', () => {
		const r = simulate(light, defaultScenario({ model: llama70, gpu: h100, gpus: 1, tp: 8 }));
		expect(r.summary.completed).toBe(4);
		expect(r.deployment).toMatchObject({ tp: 8, tpDefaulted: false, replicas: 1, gpus: 8, kvCapacityTokens: 1456819 });
		// 8 KV heads over 8 GPUs: one head each, no replication warning.
		expect(r.warnings.some((w) => /replicated|stored on/.test(w))).toBe(false);
	});

	it('Llama-3.1-70B on H100 without a TP runs at the default TP 2 and says so', () => {
		const r = simulate(light, defaultScenario({ model: llama70, gpu: h100, gpus: 3 }));
		expect(r.deployment).toMatchObject({ tp: 2, tpDefaulted: true, replicas: 3, gpus: 6, kvCapacityTokens: 41241 });
		expect(r.warnings[0]).toMatch(/runs at TP 2 by default.*3 replica\(s\) = 6 GPUs/);
	});

	it('an FP8 KV cache holds twice the tokens (the weights unchanged)', () => {
		const bf = simulate(light, on8b({ tp: 2 })).deployment!.kvCapacityTokens;
		const f8 = simulate(light, on8b({ tp: 2, kvDtype: 'fp8' })).deployment!.kvCapacityTokens;
		expect(f8 - 2 * bf).toBeGreaterThanOrEqual(0);
		expect(f8 - 2 * bf).toBeLessThanOrEqual(1);
	});

	it('KV-head replication (TP beyond the KV heads) joins the warnings', () => {
		// Qwen3-1.7B has 8 KV heads: TP 8 holds one each, so no note; a model with 4 KV heads at TP 8 replicates.
		const fourKv = { ...llama8, id: 'four-kv', name: 'Four-KV', kvHeads: 4 };
		const r = simulate(light, defaultScenario({ model: fourKv, gpu: h100, tp: 8 }));
		expect(r.warnings.join(' ')).toMatch(/each head is stored on 2 GPUs/);
	});

	it('FP8 weights on a GPU without FP8 tensor cores run, with one warning saying the products stay at BF16', () => {
		const a100 = findGpu('a100-80gb-sxm')!;
		const r = simulate(light, defaultScenario({ model: llama8, gpu: a100, tp: 1, weights: 'fp8' }));
		expect(r.warnings.filter((w) => /no FP8 tensor cores/.test(w))).toHaveLength(1);
	});
});

describe('a fitted latency model on a deployment', () => {
	it('says that it only gains the all-reduce time, and runs', () => {
		const fitted = { kind: 'fitted', alphaS: 0.05, betaS: 5e-6, gamma: 0.3 } as const;
		const r1 = simulate(light, on8b({ perf: fitted, tp: 1 }));
		const r2 = simulate(light, on8b({ perf: fitted, tp: 2 }));
		expect(r2.warnings.join(' ')).toMatch(/fitted latency model prices whole steps.*only adds the all-reduce time/);
		expect(r1.warnings.join(' ')).not.toMatch(/fitted latency model/);
		expect(r2.summary.tbtP50Ms as number).toBeGreaterThan(r1.summary.tbtP50Ms as number);
	});
});

describe('GPUs = replicas × TP in cost and utilization', () => {
	it('cost per million tokens, tokens per GPU and utilization count 2 replicas × TP 2 = 4 GPUs', () => {
		const one = workloadOf([0], [512], [200]);
		const r = simulate(one, on8b({ gpus: 2, tp: 2, costPerGpuHour: 3 }));
		const m = r.summary;
		expect(r.deployment?.gpus).toBe(4);
		expect(m.costPerMTokUsd).toBeCloseTo((3 * 4 * m.makespanS) / 3600 / (m.outputTokens / 1e6), 12);
		expect(m.tokPerSPerGpu).toBeCloseTo((m.outputTokPerS as number) / 4, 12);
		// One request keeps one replica (2 of the 4 GPUs) busy for the whole makespan: utilization 1/2.
		expect(m.gpuUtilization).toBeCloseTo(0.5, 9);
		// The timeline's busy GPUs: one busy replica is 2 busy GPUs.
		expect(Math.max(...r.series.timeline.busyGpus)).toBe(2);
	});
});

describe('refusals a person can meet', () => {
	it('Llama-3.1-70B at TP 1 on H100 is refused with the smallest TP that fits named', () => {
		const s = defaultScenario({ model: llama70, gpu: h100, tp: 1 });
		const errors = validateScenario(s);
		expect(errors).toHaveLength(1);
		expect(errors[0]).toMatchObject({ code: 'model-does-not-fit', field: 'tp' });
		expect(() => simulate(light, s)).toThrow(/does not fit on one NVIDIA H100.*smallest tensor-parallel size that fits is TP 2 \(--tp 2\)/);
	});

	it('a model that fits at no TP of the node names the largest TP tried and what to change', () => {
		const huge = { ...llama70, id: 'huge', name: 'Huge', layers: 800 };
		expect(() => simulate(light, defaultScenario({ model: huge, gpu: h100 }))).toThrow(/fits on no .* replica of up to 8 GPUs.*--weights fp8 or int4/);
	});

	it.each([
		['tp 3', { tp: 3 }, 'tp', /one of 1, 2, 4, 8/],
		['tp 16 (over the node)', { tp: 16 }, 'tp', /one of 1, 2, 4, 8/],
		['weights fp4', { weights: 'fp4' }, 'weights', /bf16, fp8, int8, int4/],
		['kvDtype int8', { kvDtype: 'int8' }, 'kvDtype', /bf16, fp8/]
	] as const)('validation refuses %s with the valid values', (_n, over, field, re) => {
		const errors = validateScenario({ ...on8b(), ...(over as Partial<Scenario>) });
		expect(errors.map((e) => e.field)).toEqual([field]);
		expect(errors[0].message).toMatch(re);
	});

	it('a TP the model heads cannot take is refused with the sizes that work', () => {
		const sixHeads = { ...llama8, id: 'six', name: 'Six', heads: 12, kvHeads: 6 };
		const [e] = validateScenario(defaultScenario({ model: sixHeads, gpu: h100, tp: 8 }));
		expect(e.field).toBe('tp');
		expect(e.message).toMatch(/Pick one of 1, 2/);
	});
});
