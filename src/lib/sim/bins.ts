/**
 * Output-length prediction and equal-mass bins (multi-bin batching, Guldogan et al. 2024).
 * A bin k holds requests whose predicted output is in (edges[k−1], edges[k]] tokens; the last edge is
 * +Infinity so every prediction has a bin. Edges are quantiles of the predictions, so every bin gets
 * about the same number of requests (ties in the data can leave a bin smaller or empty). The
 * predictors themselves are a registry in predictors/.
 */
import { quantileSortedTyped } from './quantile';

export { DEFAULT_OUTPUT_PER_PROMPT, fitOutputPerPrompt, predictOutputs } from './predictors/index';

/**
 * Equal-mass bin upper edges for K bins: the k/K quantiles (k = 1..K−1) of the predictions, floored
 * to whole tokens (predictions are integers, so ≤ 10.4 means ≤ 10), then +Infinity.
 * Only `include`d requests (e.g. not dropped) count when a mask is given.
 */
export function equalMassEdges(predicted: Uint32Array, bins: number, include?: Uint8Array): number[] {
	if (bins <= 1) return [Infinity];
	return edgesFromSorted(sortedPredictions(predicted, include), bins);
}

/** The `include`d predictions (all without a mask), ascending: what every bin count's edges read. */
export function sortedPredictions(predicted: Uint32Array, include?: Uint8Array): Uint32Array {
	let values: Uint32Array;
	if (include) {
		let m = 0;
		for (let i = 0; i < predicted.length; i++) if (include[i]) m++;
		values = new Uint32Array(m);
		for (let i = 0, j = 0; i < predicted.length; i++) if (include[i]) values[j++] = predicted[i];
	} else {
		values = Uint32Array.from(predicted);
	}
	return sortTokenCounts(values);
}

/** Up to this value a counting sort's table (4 bytes a value) is cheaper than sorting. */
const COUNTING_SORT_MAX = 1 << 20;

/**
 * Sorts token counts ascending in place. Predictions are whole token counts, almost all far below a
 * million, so a counting sort (one pass to count, one to write runs) gives the very array a sort gives
 * in a fraction of the time (a million predictions: about 75 ms sorting). Larger values fall back to
 * the sort.
 */
function sortTokenCounts(values: Uint32Array): Uint32Array {
	let max = 0;
	for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
	if (values.length < 4096 || max >= COUNTING_SORT_MAX || max > 4 * values.length) return values.sort();
	const counts = new Int32Array(max + 1);
	for (let i = 0; i < values.length; i++) counts[values[i]]++;
	let j = 0;
	for (let v = 0; v <= max; v++) {
		const c = counts[v];
		if (c === 0) continue;
		values.fill(v, j, j + c);
		j += c;
	}
	return values;
}

/** equalMassEdges from predictions already sorted by sortedPredictions (K bins). */
export function edgesFromSorted(values: Uint32Array, bins: number): number[] {
	if (bins <= 1) return [Infinity];
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
