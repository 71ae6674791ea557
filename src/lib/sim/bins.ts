/**
 * Output-length prediction and equal-mass bins (multi-bin batching, Guldogan et al. 2024).
 * A bin k holds requests whose predicted output is in (edges[k−1], edges[k]] tokens; the last edge is
 * +Infinity so every prediction has a bin. Edges are quantiles of the predictions, so every bin gets
 * about the same number of requests (ties in the data can leave a bin smaller or empty).
 */
import { quantileSortedTyped } from './quantile';
import type { Workload } from '../trace/types';
import { createNormal } from './rng';
import type { PredictorSpec } from './types';

/**
 * Ratio of output to prompt tokens the prompt-based predictor uses when the workload itself has no
 * usable rows (no successful request or no prompt tokens). 0.25 is roughly BurstGPT's conversation
 * log mean response/request ratio; any constant here is a guess and only a fallback.
 */
export const DEFAULT_OUTPUT_PER_PROMPT = 0.25;

/**
 * The prompt-based predictor's ratio fitted on the workload: Σ output / Σ prompt over rows that
 * produced output (a least-squares fit through the origin weighted by prompt length).
 */
export function fitOutputPerPrompt(w: Pick<Workload, 'promptTokens' | 'outputTokens'>): number {
	let sumOut = 0;
	let sumPrompt = 0;
	for (let i = 0; i < w.outputTokens.length; i++) {
		if (w.outputTokens[i] === 0) continue;
		sumOut += w.outputTokens[i];
		sumPrompt += w.promptTokens[i];
	}
	return sumPrompt > 0 && sumOut > 0 ? sumOut / sumPrompt : DEFAULT_OUTPUT_PER_PROMPT;
}

/**
 * Predicted output tokens per request.
 * - oracle: the true length;
 * - noisy: round(true × exp(N(0, sigma))), seeded (a length model with lognormal error);
 * - prompt: round(prompt × ratio), the ratio fitted on the workload (fitOutputPerPrompt).
 */
export function predictOutputs(w: Pick<Workload, 'promptTokens' | 'outputTokens'>, predictor: PredictorSpec, seed: number): Uint32Array {
	const n = w.outputTokens.length;
	switch (predictor.kind) {
		case 'oracle':
			return Uint32Array.from(w.outputTokens);
		case 'noisy': {
			const out = new Uint32Array(n);
			const normal = createNormal(seed, 0, predictor.sigma);
			// One draw per request whatever its length, so request i's noise does not depend on others.
			for (let i = 0; i < n; i++) {
				const z = normal();
				out[i] = clampU32(Math.round(w.outputTokens[i] * Math.exp(z)));
			}
			return out;
		}
		case 'prompt': {
			const ratio = fitOutputPerPrompt(w);
			const out = new Uint32Array(n);
			for (let i = 0; i < n; i++) out[i] = clampU32(Math.round(w.promptTokens[i] * ratio));
			return out;
		}
	}
}

function clampU32(x: number): number {
	return x < 0 || !Number.isFinite(x) ? 0 : Math.min(x, 0xffffffff);
}

/**
 * Equal-mass bin upper edges for K bins: the k/K quantiles (k = 1..K−1) of the predictions, floored
 * to whole tokens (predictions are integers, so ≤ 10.4 means ≤ 10), then +Infinity.
 * Only `include`d requests (e.g. not dropped) count when a mask is given.
 */
export function equalMassEdges(predicted: Uint32Array, bins: number, include?: Uint8Array): number[] {
	if (bins <= 1) return [Infinity];
	let values: Uint32Array;
	if (include) {
		let m = 0;
		for (let i = 0; i < predicted.length; i++) if (include[i]) m++;
		values = new Uint32Array(m);
		for (let i = 0, j = 0; i < predicted.length; i++) if (include[i]) values[j++] = predicted[i];
	} else {
		values = Uint32Array.from(predicted);
	}
	values.sort();
	const edges: number[] = [];
	for (let k = 1; k < bins; k++) edges.push(values.length ? Math.floor(quantileSortedTyped(values, k / bins)) : 0);
	edges.push(Infinity);
	return edges;
}

/** The bin of one prediction: the first k with predicted ≤ edges[k] (binary search; edges ascending). */
export function binOf(predicted: number, edges: number[]): number {
	let lo = 0;
	let hi = edges.length - 1;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (predicted <= edges[mid]) hi = mid;
		else lo = mid + 1;
	}
	return lo;
}

/** The bin of every request. */
export function assignBins(predicted: Uint32Array, edges: number[]): Uint8Array {
	const out = new Uint8Array(predicted.length);
	if (edges.length <= 1) return out;
	for (let i = 0; i < predicted.length; i++) out[i] = binOf(predicted[i], edges);
	return out;
}
