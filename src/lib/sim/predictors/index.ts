/** Output-length predictors by PredictorSpec kind: add a file, add a line. */
import type { PredictorSpec } from '../types';
import { noisyPredictor } from './noisy';
import { oraclePredictor } from './oracle';
import { promptPredictor } from './prompt';
import type { Predictor, PredictorInput } from './types';

export { DEFAULT_OUTPUT_PER_PROMPT, fitOutputPerPrompt } from './prompt';
export type { Predictor, PredictorInput } from './types';

export const PREDICTORS: { [K in PredictorSpec['kind']]: Predictor<Extract<PredictorSpec, { kind: K }>> } = {
	oracle: oraclePredictor,
	noisy: noisyPredictor,
	prompt: promptPredictor
};

/** Predicted output tokens per request, by the scenario's predictor (seeded where it draws noise). */
export function predictOutputs(w: PredictorInput, predictor: PredictorSpec, seed: number): Uint32Array {
	const p = PREDICTORS[predictor.kind] as Predictor;
	if (!p) throw new Error(`Unknown output-length predictor "${predictor.kind}"; known: ${Object.keys(PREDICTORS).join(', ')}.`);
	return p(w, predictor, seed);
}
