/**
 * A step load with nothing in it, for callers that fill one in place: the engine, the performance
 * models and calibration reuse one object per hot loop instead of allocating a load per step.
 */
import type { StepLoad } from './types';

/** A fresh all-zero StepLoad. */
export function emptyStepLoad(): StepLoad {
	return { prefillTokens: 0, prefillSeqs: 0, prefillAttnPairs: 0, decodeSeqs: 0, decodeAttnCtx: 0, emitters: 0, kvReadTokens: 0, kvWriteTokens: 0 };
}
