/**
 * Prediction from the prompt length alone, as a router without a length model would do:
 * round(prompt × ratio), the ratio fitted on the workload itself.
 */
import { clampU32, type Predictor, type PredictorInput } from './types';

/**
 * Ratio of output to prompt tokens used when the workload itself has no usable rows (no successful
 * request or no prompt tokens). 0.25 is roughly BurstGPT's conversation log mean response/request
 * ratio; any constant here is a guess and only a fallback.
 */
export const DEFAULT_OUTPUT_PER_PROMPT = 0.25;

/**
 * The ratio fitted on the workload: Σ output / Σ prompt over rows that produced output (a
 * least-squares fit through the origin weighted by prompt length).
 */
export function fitOutputPerPrompt(w: PredictorInput): number {
	let sumOut = 0;
	let sumPrompt = 0;
	for (let i = 0; i < w.outputTokens.length; i++) {
		if (w.outputTokens[i] === 0) continue;
		sumOut += w.outputTokens[i];
		sumPrompt += w.promptTokens[i];
	}
	return sumPrompt > 0 && sumOut > 0 ? sumOut / sumPrompt : DEFAULT_OUTPUT_PER_PROMPT;
}

export const promptPredictor: Predictor = (w) => {
	const ratio = fitOutputPerPrompt(w);
	const out = new Uint32Array(w.outputTokens.length);
	for (let i = 0; i < out.length; i++) out[i] = clampU32(Math.round(w.promptTokens[i] * ratio));
	return out;
};
