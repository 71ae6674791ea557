/**
 * Which output-length predictor a study's multi-bin runs use by default, and why.
 *
 * Multi-bin batching only helps as much as its length predictions are right. With the oracle (the true
 * length) Guldogan et al. 2024 (arXiv 2412.04504) report throughput gains of up to about 70%; with the
 * BERT-based predictor they actually trained, 4 bins gave about 8%. Learned predictors stay far from the
 * oracle: the BERT proxy model of Qiu et al. 2024 (arXiv 2404.08509, speculative shortest-job-first) has
 * a mean absolute error of about 140 tokens on LMSYS-Chat (as measured in the ForeLen benchmark, Xie et
 * al. 2026, arXiv 2602.11812), where LMSYS-Chat-1M responses average about 215 tokens (Zheng et al. 2023).
 *
 * We model such a predictor as the true length times exp(N(0, σ)). Its mean absolute error relative to
 * the true length is E|e^Z − 1|, about 0.66 at σ = 0.7, the 140/215 ≈ 0.65 above, so the
 * default is σ = 0.7. This is an assumption fitted to one published figure, not a measurement of any
 * particular predictor; the oracle stays available as the upper bound, and the bin-effect table shows both.
 */
import type { PredictorSpec } from '../types';

/** Lognormal error of the default realistic predictor (see above). */
export const REALISTIC_SIGMA = 0.7;

/** The study's and CLI's default predictor: noisy, σ = 0.7. */
export const REALISTIC_PREDICTOR: PredictorSpec = { kind: 'noisy', sigma: REALISTIC_SIGMA };

/** The upper bound: predictions equal the true output lengths. */
export const ORACLE_PREDICTOR: PredictorSpec = { kind: 'oracle' };

/** "noisy predictor (σ = 0.7)", "oracle predictor", "prompt-length predictor". */
export function describePredictor(p: PredictorSpec): string {
	switch (p.kind) {
		case 'oracle':
			return 'oracle predictor (true lengths)';
		case 'noisy':
			return `noisy predictor (σ = ${p.sigma})`;
		case 'prompt':
			return 'prompt-length predictor';
	}
}
