/**
 * What the runs of one workload have in common, computed once: the arrival-order check, the drop codes
 * for a KV capacity and context, the predictions of a predictor and seed, their sorted copy, the
 * equal-mass bin edges and each request's bin. A study runs the same workload under dozens of GPU
 * counts, bin counts and methods; without this every run re-derives them (the sort of a million
 * predictions alone costs about as much as a short run).
 *
 * A memo belongs to one workload (whoever creates it promises not to change the workload's arrays) and
 * every value in it is shared read-only by the runs: the engine never writes ctx.predicted, ctx.bin or
 * ctx.binEdges, and copies ctx.dropCode before its first change (engine/kv-manager.ts). Each value is
 * computed by the very code that computes it without a memo, so results are the same bits.
 */
import type { Workload } from '../trace/types';

export interface PrepareMemo {
	readonly workload: Workload;
	readonly values: Map<string, unknown>;
}

/** An empty memo for `workload`. */
export function createPrepareMemo(workload: Workload): PrepareMemo {
	return { workload, values: new Map() };
}

/**
 * The memo's value under `key`, computed (and kept) on first use; without a memo, just computed. A
 * memo made for another workload is ignored rather than trusted.
 */
export function memoized<T>(memo: PrepareMemo | undefined, workload: Workload, key: string, compute: () => T): T {
	if (!memo || memo.workload !== workload) return compute();
	if (memo.values.has(key)) return memo.values.get(key) as T;
	const v = compute();
	memo.values.set(key, v);
	return v;
}
