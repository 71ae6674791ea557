/**
 * Defaults and the study's named methods. A method is a preset of regime + sizing + bins
 * (DESIGN.md, "Batching regimes and methods"); everything stays editable afterwards.
 */
import { DEFAULT_GPU_ID, DEFAULT_MODEL_ID, findGpu, findModel } from '../catalog/index';
import type { ContinuousSpec, Efficiency, MethodName, Scenario } from './types';

/** Documented efficiency defaults; the UI shows them and a person can change them. */
export const DEFAULT_EFFICIENCY: Efficiency = { mfu: 0.5, eta: 0.8, stepOverheadS: 0.001, memUtil: 0.9 };

/** vLLM-like continuous batching defaults. */
export const DEFAULT_CONTINUOUS: ContinuousSpec = {
	maxBatch: 256,
	tokenBudget: 2048,
	blockSize: 16,
	admission: 'fcfs',
	slaCap: false
};

/** Static batching's fixed batch size in the study. */
export const STATIC_BATCH = 8;
/** Dynamic sizing's upper bound in the study. */
export const DYNAMIC_MAX_BATCH = 128;

/** A complete scenario with servescope's defaults (Qwen3 1.7B on the study's RTX 4080 12GB, dynamic, 1 GPU). */
export function defaultScenario(overrides: Partial<Scenario> = {}): Scenario {
	const model = findModel(DEFAULT_MODEL_ID);
	const gpu = findGpu(DEFAULT_GPU_ID);
	if (!model || !gpu) throw new Error('catalog is missing its default model or GPU');
	return {
		method: 'dynamic',
		model,
		gpu,
		efficiency: { ...DEFAULT_EFFICIENCY },
		perf: { kind: 'roofline' },
		gpus: 1,
		regime: 'request',
		sizing: { kind: 'dynamic', maxBatch: DYNAMIC_MAX_BATCH, epsMem: 0.01, tolerance: 0.1 },
		bins: 1,
		binPolicy: 'oldest',
		predictor: { kind: 'oracle' },
		continuous: { ...DEFAULT_CONTINUOUS },
		sla: { tbtS: 0.05 },
		costPerGpuHour: 0,
		seed: 1,
		...overrides
	};
}

/**
 * The scenario for one of the study's named methods, built on `base` (model, GPU, SLA, seed...).
 * static: request-level, fixed B; dynamic: request-level, dynamic sizing, 1 bin;
 * multibin: dynamic sizing per bin, K bins; continuous: iteration-level.
 */
export function methodScenario(
	method: MethodName,
	base: Scenario,
	opts: { gpus?: number; bins?: number; batch?: number } = {}
): Scenario {
	const gpus = opts.gpus ?? base.gpus;
	const dynamic = base.sizing.kind === 'dynamic' ? base.sizing : { kind: 'dynamic' as const, maxBatch: DYNAMIC_MAX_BATCH, epsMem: 0.01, tolerance: 0.1 };
	switch (method) {
		case 'static':
			return { ...base, method, gpus, regime: 'request', sizing: { kind: 'fixed', batch: opts.batch ?? STATIC_BATCH }, bins: 1 };
		case 'dynamic':
			return { ...base, method, gpus, regime: 'request', sizing: dynamic, bins: 1 };
		case 'multibin':
			return { ...base, method, gpus, regime: 'request', sizing: dynamic, bins: opts.bins ?? 4 };
		case 'continuous':
			return {
				...base,
				method,
				gpus,
				regime: 'iteration',
				sizing: dynamic,
				bins: opts.bins ?? 1,
				continuous: { ...base.continuous, admission: (opts.bins ?? 1) > 1 ? 'bins' : base.continuous.admission }
			};
	}
}
