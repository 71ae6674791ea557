/**
 * Differential tests at TP 2 and TP 8: the engine (src/lib/sim) and the reference simulator
 * (src/lib/sim-reference, one token at a time) must give every request the same start, first-token and
 * last-token times (1e-9 relative) and the same drops on tensor-parallel replicas with quantized
 * weights and KV, in both batching regimes. Both take the replica from deploy/scenario-deployment.ts;
 * what is checked here is that the engine's closed-form decode stretches of the wrapped model equal the
 * reference's step-by-step sums, and that the replica's KV capacity drives admission and drops the same.
 */
import { describe, expect, it } from 'vitest';
import { findGpu, findModel } from '../../src/lib/catalog/index';
import { methodScenario, defaultScenario } from '../../src/lib/sim/presets';
import { referenceSimulate } from '../../src/lib/sim-reference/index';
import { tpLayout } from '../../src/lib/sim/deploy/tensor-parallel';
import type { MethodName, Scenario } from '../../src/lib/sim/types';
import type { Workload } from '../../src/lib/trace/types';
import { engineRecords } from '../reference/engine-records';
import { randomWorkload } from '../sim/helpers';

const REL = 1e-9;
const h100 = findGpu('h100-sxm')!;

function firstDifference(w: Workload, s: Scenario): string | null {
	const ref = referenceSimulate(w, s);
	if (ref.nearTies > 0) return 'near-tie';
	const eng = engineRecords(w, s);
	for (let i = 0; i < w.arrivalS.length; i++) {
		if (eng.dropCode[i] !== ref.dropCode[i]) return `request ${i}: drop code engine ${eng.dropCode[i]}, reference ${ref.dropCode[i]}`;
		if (eng.dropCode[i] !== 0) continue;
		for (const f of ['startS', 'firstTokenS', 'lastTokenS'] as const) {
			const a = eng[f][i];
			const b = ref[f][i];
			if (!(Math.abs(a - b) <= REL * Math.max(Math.abs(a), Math.abs(b)))) return `request ${i}: ${f} engine ${a}, reference ${b}`;
		}
	}
	return eng.preemptions === ref.preemptions ? null : `preemptions: engine ${eng.preemptions}, reference ${ref.preemptions}`;
}

interface Case {
	name: string;
	model: string;
	tp: number;
	weights: Scenario['weights'];
	kvDtype: Scenario['kvDtype'];
	perf?: Scenario['perf'];
	memUtil?: number;
}

/** memUtil leaving about `tokens` of KV per replica for Llama-3.1-70B at TP 2, BF16, on H100. */
function memUtilFor(tokens: number): number {
	const l = tpLayout(findModel('llama-3.1-70b')!, h100, { ...defaultScenario().efficiency, memUtil: 1 }, 2, 'bf16', 'bf16');
	return (l.weightBytesPerGpu + (tokens + 0.5) * l.kvBytesPerTokenPerGpu) / l.usableBytesPerGpu;
}

const CASES: Case[] = [
	{ name: 'Llama-3.1-8B TP 2 BF16 (per-operator)', model: 'llama-3.1-8b', tp: 2, weights: 'bf16', kvDtype: 'bf16' },
	{ name: 'Llama-3.1-8B TP 2 FP8 weights, FP8 KV (roofline)', model: 'llama-3.1-8b', tp: 2, weights: 'fp8', kvDtype: 'fp8', perf: { kind: 'roofline' } },
	{ name: 'Llama-3.1-70B TP 8 BF16 (per-operator)', model: 'llama-3.1-70b', tp: 8, weights: 'bf16', kvDtype: 'bf16' },
	{ name: 'Llama-3.1-70B TP 8 INT4 weights (roofline)', model: 'llama-3.1-70b', tp: 8, weights: 'int4', kvDtype: 'bf16', perf: { kind: 'roofline' } },
	// A small KV cache per replica (about 2,100 tokens at TP 2) so requests queue for KV room,
	// are dropped as too long, and continuous batching preempts.
	{ name: 'Llama-3.1-70B TP 2 under KV pressure (roofline)', model: 'llama-3.1-70b', tp: 2, weights: 'bf16', kvDtype: 'bf16', perf: { kind: 'roofline' }, memUtil: memUtilFor(2100) }
];

const METHODS: [MethodName, number][] = [
	['dynamic', 1],
	['static', 2],
	['multibin', 2],
	['continuous', 2]
];

describe('engine = reference simulator on tensor-parallel, quantized replicas', () => {
	for (const c of CASES) {
		for (const [method, gpus] of METHODS) {
			it(`${c.name}, ${method}, ${gpus} replica(s)`, () => {
				const base = defaultScenario({
					model: findModel(c.model)!,
					gpu: h100,
					tp: c.tp,
					weights: c.weights,
					kvDtype: c.kvDtype,
					seed: 3,
					...(c.perf ? { perf: c.perf } : {}),
					...(c.memUtil ? { efficiency: { ...defaultScenario().efficiency, memUtil: c.memUtil } } : {})
				});
				const s = methodScenario(method, base, { gpus, bins: method === 'multibin' ? 3 : 1, batch: 4 });
				let checked = 0;
				for (const seed of [1, 2, 3]) {
					const w = randomWorkload(80, seed, { rps: 6, maxPrompt: 4000, maxOutput: 600 });
					const d = firstDifference(w, s);
					if (d === 'near-tie') continue;
					expect(d).toBeNull();
					checked++;
				}
				expect(checked).toBeGreaterThan(0);
			});
		}
	}

	it('the cases are not vacuous: TP 2 times differ from TP 1, and the pressure case drops and preempts', () => {
		const w = randomWorkload(80, 1, { rps: 6, maxPrompt: 4000, maxOutput: 600 });
		const s1 = methodScenario('continuous', defaultScenario({ model: findModel('llama-3.1-8b')!, gpu: h100, tp: 1 }), { gpus: 1 });
		const a = engineRecords(w, s1);
		const b = engineRecords(w, { ...s1, tp: 2 });
		expect(a.lastTokenS[0]).not.toBe(b.lastTokenS[0]);
		const p = CASES[4];
		const sp = methodScenario(
			'continuous',
			defaultScenario({ model: findModel(p.model)!, gpu: h100, tp: 2, perf: { kind: 'roofline' }, efficiency: { ...defaultScenario().efficiency, memUtil: p.memUtil! } }),
			{ gpus: 2 }
		);
		const r = engineRecords(w, sp);
		expect(Array.from(r.dropCode).filter((x) => x === 1).length).toBeGreaterThan(0);
		expect(r.preemptions).toBeGreaterThan(0);
	});
});
