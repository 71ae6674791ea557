/**
 * The model and GPU catalog. Numbers come from shared/catalog (models.json, gpus.json), each entry
 * with its source and verification note; SOURCES.md there explains what was verified and how.
 */
import type { GpuSpec, ModelSpec } from '../core/types';
import modelsJson from './models.json' with { type: 'json' };
import gpusJson from './gpus.json' with { type: 'json' };

/** Every catalog model (ids such as `qwen3-1.7b`). */
export const MODELS: readonly ModelSpec[] = modelsJson as ModelSpec[];
/** Every catalog GPU (ids such as `h100-sxm`, `rtx-4080-12gb`). */
export const GPUS: readonly GpuSpec[] = gpusJson as GpuSpec[];

/** servescope's default model: Qwen3 1.7B. */
export const DEFAULT_MODEL_ID = 'qwen3-1.7b';
/** The study's GPU: the "RTX 4080 12GB", which shipped as the RTX 4070 Ti (see its note). */
export const DEFAULT_GPU_ID = 'rtx-4080-12gb';

/** The catalog model with this id, or undefined. */
export function findModel(id: string): ModelSpec | undefined {
	return MODELS.find((m) => m.id === id);
}

/** The catalog GPU with this id, or undefined. */
export function findGpu(id: string): GpuSpec | undefined {
	return GPUS.find((g) => g.id === id);
}
