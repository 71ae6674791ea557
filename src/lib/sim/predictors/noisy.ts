/** A length model with lognormal error: round(true × exp(N(0, sigma))), seeded. */
import { createNormal } from '../rng';
import type { PredictorSpec } from '../types';
import { clampU32, type Predictor } from './types';

export const noisyPredictor: Predictor<Extract<PredictorSpec, { kind: 'noisy' }>> = (w, spec, seed) => {
	const n = w.outputTokens.length;
	const out = new Uint32Array(n);
	const normal = createNormal(seed, 0, spec.sigma);
	// One draw per request whatever its length, so request i's noise does not depend on others.
	for (let i = 0; i < n; i++) out[i] = clampU32(Math.round(w.outputTokens[i] * Math.exp(normal())));
	return out;
};
