/**
 * Defaults and the study's named methods. A method is a preset of regime + sizing + bins; what each
 * one is lives in methods/ (one file per method, registry.ts lists them). Everything stays editable.
 */
import { defaultPerfSpec } from './perf/per-op-defaults';
import { DEFAULT_GPU_ID, DEFAULT_MODEL_ID, findGpu, findModel } from '../catalog/index';
import { DEFAULT_CONTINUOUS } from './methods/continuous';
import { DEFAULT_DYNAMIC_SIZING } from './methods/dynamic';
import type { MethodOptions } from './methods/method';
import { scenarioFor } from './methods/registry';
import { STATIC_BATCH } from './methods/static';
import type { Efficiency, MethodName, Scenario } from './types';

/** Documented efficiency defaults; the UI shows them and a person can change them. */
export const DEFAULT_EFFICIENCY: Efficiency = { mfu: 0.5, eta: 0.8, stepOverheadS: 0.001, memUtil: 0.9 };

export { DEFAULT_CONTINUOUS, DEFAULT_DYNAMIC_SIZING, STATIC_BATCH };
/** Dynamic sizing's upper bound in the study. */
export const DYNAMIC_MAX_BATCH = DEFAULT_DYNAMIC_SIZING.maxBatch;

/**
 * A complete scenario with servescope's engine defaults (Qwen3 1.7B on the study's RTX 4080 12GB,
 * dynamic, 1 GPU, TPOT target 50 ms, the per-operator performance model). The page, CLI and study add the TTFT target of DEFAULT_SLO
 * (metrics/slo.ts sloTargets); a library caller sets `sla` itself.
 */
export function defaultScenario(overrides: Partial<Scenario> = {}): Scenario {
	const model = findModel(DEFAULT_MODEL_ID);
	const gpu = findGpu(DEFAULT_GPU_ID);
	if (!model || !gpu) throw new Error('catalog is missing its default model or GPU');
	return {
		method: 'dynamic',
		model,
		gpu,
		efficiency: { ...DEFAULT_EFFICIENCY },
		// The per-operator model with the GPU's default profile (calibrated on the H200, its learned
		// fractions elsewhere); the datasheet roofline stays selectable as { kind: 'roofline' }.
		perf: defaultPerfSpec(overrides.gpu ?? gpu),
		gpus: 1,
		regime: 'request',
		sizing: { ...DEFAULT_DYNAMIC_SIZING },
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
 * The scenario for one of the named methods, built on `base` (model, GPU, SLO, seed...). See
 * methods/registry.ts for what each method sets.
 */
export function methodScenario(method: MethodName, base: Scenario, opts: MethodOptions = {}): Scenario {
	return scenarioFor(method, base, opts);
}
