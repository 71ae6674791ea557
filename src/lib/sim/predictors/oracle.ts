/** The oracle: the true output length (an upper bound on what any length predictor can do). */
import type { Predictor } from './types';

export const oraclePredictor: Predictor = (w) => Uint32Array.from(w.outputTokens);
