/**
 * Random scenarios and small workloads for the differential tests (fast-check). They cover both
 * regimes and everything that changes a schedule: GPU counts, batch caps, token budgets, block sizes,
 * bins and bin policies, predictors, the SLA cap, failed rows (0 output tokens), bursts of equal
 * arrival times, requests over the KV capacity or the model's context, and KV capacities small enough
 * to force preemptions.
 */
import fc from 'fast-check';
import { findGpu, findModel } from '../../src/lib/catalog/index';
import { GIB } from '../../src/lib/sim/memory';
import { modelCosts } from '../../src/lib/sim/perf/index';
import { defaultScenario } from '../../src/lib/sim/presets';
import { ROUTING_POLICY_IDS } from '../../src/lib/sim/deploy/routing/registry';
import type { BinPolicy, PerfModelSpec, PredictorSpec, RoutingPolicyId, Scenario, SizingSpec } from '../../src/lib/sim/types';
import type { Workload } from '../../src/lib/trace/types';

const model = findModel('qwen3-0.6b')!;
const gpu = findGpu('l4')!;

/** memUtil that leaves about `tokens` of KV capacity for the model on the GPU. */
export function memUtilFor(tokens: number): number {
	const c = modelCosts(model);
	return (c.weightBytes + (tokens + 0.5) * c.kvBytesPerToken) / (gpu.memoryGB * GIB);
}

const workloadArb = fc
	.array(
		fc.record({
			gapS: fc.oneof(
				{ arbitrary: fc.constant(0), weight: 1 },
				{ arbitrary: fc.double({ min: 1e-3, max: 0.2, noNaN: true }), weight: 3 },
				{ arbitrary: fc.double({ min: 0.2, max: 1.5, noNaN: true }), weight: 1 }
			),
			prompt: fc.oneof(
				{ arbitrary: fc.integer({ min: 1, max: 1200 }), weight: 8 },
				{ arbitrary: fc.integer({ min: 0, max: 3 }), weight: 1 },
				{ arbitrary: fc.integer({ min: 1800, max: 3200 }), weight: 1 }
			),
			output: fc.oneof(
				{ arbitrary: fc.integer({ min: 1, max: 250 }), weight: 6 },
				{ arbitrary: fc.integer({ min: 250, max: 700 }), weight: 2 },
				{ arbitrary: fc.constantFrom(0, 1, 2), weight: 2 }
			),
			// A few sessions (0 = none), so session routing both keeps and chooses replicas.
			session: fc.constantFrom(0, 0, 1, 2, 3)
		}),
		{ minLength: 1, maxLength: 22 }
	)
	.map((rows): Workload => {
		let t = 0;
		const arrivalS = rows.map((r) => (t += r.gapS));
		return {
			arrivalS: Float64Array.from(arrivalS),
			promptTokens: Uint32Array.from(rows.map((r) => r.prompt)),
			outputTokens: Uint32Array.from(rows.map((r) => r.output)),
			sessionKey: Uint32Array.from(rows.map((r) => r.session)),
			label: 'differential',
			synthetic: true
		};
	});

const perfArb: fc.Arbitrary<PerfModelSpec> = fc.oneof(
	{ arbitrary: fc.constant({ kind: 'roofline' as const }), weight: 3 },
	{
		arbitrary: fc.record({
			kind: fc.constant('fitted' as const),
			alphaS: fc.double({ min: 0.005, max: 0.08, noNaN: true }),
			betaS: fc.double({ min: 0.002, max: 0.03, noNaN: true }),
			gamma: fc.double({ min: 0, max: 1.5, noNaN: true })
		}),
		weight: 1
	}
);

const predictorArb: fc.Arbitrary<PredictorSpec> = fc.oneof(
	fc.constant({ kind: 'oracle' as const }),
	fc.double({ min: 0.1, max: 1.5, noNaN: true }).map((sigma) => ({ kind: 'noisy' as const, sigma })),
	fc.constant({ kind: 'prompt' as const })
);

const sizingArb: fc.Arbitrary<SizingSpec> = fc.oneof(
	fc.integer({ min: 1, max: 8 }).map((batch) => ({ kind: 'fixed' as const, batch })),
	fc.record({
		kind: fc.constant('dynamic' as const),
		maxBatch: fc.integer({ min: 1, max: 24 }),
		epsMem: fc.double({ min: 0.001, max: 0.3, noNaN: true }),
		tolerance: fc.double({ min: 0, max: 0.4, noNaN: true })
	})
);

const commonArb = fc.record({
	gpus: fc.integer({ min: 1, max: 4 }),
	kvTokens: fc.oneof({ arbitrary: fc.integer({ min: 2050, max: 3500 }), weight: 2 }, { arbitrary: fc.integer({ min: 3500, max: 12000 }), weight: 1 }),
	maxContext: fc.oneof(fc.constant(40960), fc.integer({ min: 300, max: 3000 })),
	perf: perfArb,
	mfu: fc.double({ min: 0.2, max: 0.8, noNaN: true }),
	eta: fc.double({ min: 0.4, max: 0.95, noNaN: true }),
	overheadS: fc.double({ min: 0, max: 0.004, noNaN: true }),
	bins: fc.integer({ min: 1, max: 4 }),
	binPolicy: fc.constantFrom<BinPolicy>('oldest', 'round-robin', 'longest'),
	predictor: predictorArb,
	sizing: sizingArb,
	tbtS: fc.double({ min: 0.004, max: 0.08, noNaN: true }),
	seed: fc.integer({ min: 1, max: 1000 }),
	routing: fc.constantFrom<RoutingPolicyId>(...ROUTING_POLICY_IDS)
});

type Common = typeof commonArb extends fc.Arbitrary<infer T> ? T : never;

function baseScenario(c: Common): Scenario {
	return defaultScenario({
		model: { ...model, maxContext: c.maxContext },
		gpu,
		efficiency: { mfu: c.mfu, eta: c.eta, stepOverheadS: c.overheadS, memUtil: memUtilFor(c.kvTokens) },
		// One GPU per replica: memUtilFor sizes the cache for TP 1 (the default TP would grow small caches).
		tp: 1,
		perf: c.perf,
		gpus: c.gpus,
		bins: c.bins,
		binPolicy: c.binPolicy,
		predictor: c.predictor,
		sizing: c.sizing,
		sla: { tbtS: c.tbtS },
		seed: c.seed,
		routing: c.routing
	});
}

/** A continuous-batching scenario on one GPU with about 2,100 KV tokens (roofline at mfu 0.2, eta 0.4). */
export function iterationExample(): Scenario {
	const s = defaultScenario({ model, gpu, tp: 1, efficiency: { mfu: 0.2, eta: 0.4, stepOverheadS: 0, memUtil: memUtilFor(2100) }, sla: { tbtS: 0.004 } });
	return { ...s, method: 'continuous', regime: 'iteration' };
}

/** Request-level scenarios: static (fixed B), dynamic and multi-bin sizing. */
export const requestCaseArb = fc.tuple(workloadArb, commonArb).map(([workload, c]) => ({
	workload,
	scenario: { ...baseScenario(c), method: c.sizing.kind === 'fixed' ? ('static' as const) : c.bins > 1 ? ('multibin' as const) : ('dynamic' as const), regime: 'request' as const }
}));

/**
 * Iteration-level scenarios. With the shared queue ('global') the SLA cap is drawn only with one GPU:
 * with several, the engine splits a decode stretch where it woke a GPU for a request that another GPU
 * took first, so its controller sees two mean step times where the reference sees one, and the cap
 * (and then the schedule) can differ. Behind a router only the GPU a request was sent to is woken
 * for it, and it always admits it, so the SLA cap is drawn with any GPU count.
 */
export const iterationCaseArb = iterationCases(false);

/** Iteration-level scenarios under KV pressure: the least KV room, wide batches, long outputs. */
export const pressureCaseArb = iterationCases(true);

function iterationCases(pressure: boolean) {
	return fc
		.tuple(
			workloadArb,
			pressure ? commonArb.map((c) => ({ ...c, kvTokens: 2050 + (c.kvTokens % 600) })) : commonArb,
			fc.record({
				maxBatch: pressure ? fc.integer({ min: 6, max: 24 }) : fc.integer({ min: 1, max: 24 }),
				tokenBudget: pressure ? fc.integer({ min: 256, max: 2048 }) : fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 64, max: 2048 })),
				blockSize: fc.constantFrom(1, 2, 3, 8, 16, 32),
				admission: fc.constantFrom<'fcfs' | 'bins'>('fcfs', 'bins'),
				slaCap: fc.boolean()
			})
		)
		.map(([workload, c, continuous]) => {
			const slaCap = continuous.slaCap && (c.gpus === 1 || c.routing !== 'global');
			return {
				workload,
				scenario: { ...baseScenario(c), method: 'continuous' as const, regime: 'iteration' as const, continuous: { ...continuous, slaCap } }
			};
		});
}
