/** An output-length predictor: one predicted length per request, deterministic for a seed. */
import type { Workload } from '../../trace/types';
import type { PredictorSpec } from '../types';

export type PredictorInput = Pick<Workload, 'promptTokens' | 'outputTokens'>;

/** Predicted output tokens for every request of `w`. */
export type Predictor<S extends PredictorSpec = PredictorSpec> = (w: PredictorInput, spec: S, seed: number) => Uint32Array;

/** Clamps a prediction into a Uint32 (negative, NaN and infinite predictions become 0 or the max). */
export function clampU32(x: number): number {
	return x < 0 || !Number.isFinite(x) ? 0 : Math.min(x, 0xffffffff);
}
