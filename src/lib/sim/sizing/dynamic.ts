/**
 * Memory-aware, SLA-constrained dynamic batch sizing (Pang et al. 2025): b = min(b_mem, b_SLA)
 * within [1, maxBatch].
 *
 * - b_mem: the largest b with P(Σ_b (l_in + l_out) > C) ≤ eps_M, where C is the KV capacity in tokens
 *   and the sum of b requests is approximated as Normal(b·μ, b·σ²) from the running mean μ and std σ
 *   of l_in + l_out over finished requests (Welford). Solving b·μ + z·σ·√b ≤ C, z = Φ⁻¹(1 − eps_M),
 *   is a quadratic in √b. Before two requests have finished there is no estimate: b_mem = maxBatch
 *   (the engine still refuses any batch that would overflow KV for real).
 * - b_SLA: a feedback interval [b_low, b_high] searched like a bisection that never stops: a decode
 *   step slower than target·(1 + tol) caps b_high below the batch that caused it; one faster than
 *   target·(1 − tol) lifts b_low to that batch and re-opens b_high by δ so the interval can follow a
 *   workload that gets lighter; inside the band nothing moves. b_SLA is the interval's midpoint
 *   (rounded up), so under steady load it settles near the largest batch that meets the target.
 */
import { normalQuantile } from '../normal-quantile';
import type { SizingSpec } from '../types';
import type { BatchSizer } from './types';

export type { BatchSizer } from './types';

/** The memory bound alone, for tests and the UI: largest b with b·μ + z·σ·√b ≤ capacity. */
export function memoryBoundBatch(meanTokens: number, stdTokens: number, kvCapacityTokens: number, epsMem: number, maxBatch: number): number {
	return boundFromZ(meanTokens, stdTokens, kvCapacityTokens, zForEps(epsMem), maxBatch);
}

/** z = Φ⁻¹(1 − eps), eps kept inside (0, 1). */
function zForEps(epsMem: number): number {
	return normalQuantile(1 - Math.min(Math.max(epsMem, 1e-12), 1 - 1e-12));
}

function boundFromZ(meanTokens: number, stdTokens: number, kvCapacityTokens: number, z: number, maxBatch: number): number {
	if (!(meanTokens > 0)) return maxBatch;
	const zs = z * Math.max(0, stdTokens);
	// μ·s² + zσ·s − C ≤ 0 for s = √b ≥ 0.
	const s = (-zs + Math.sqrt(zs * zs + 4 * meanTokens * kvCapacityTokens)) / (2 * meanTokens);
	const b = Math.floor(s * s + 1e-9);
	return Math.max(1, Math.min(maxBatch, b));
}

/** A dynamic sizer with its own state (one per bin). */
export function createDynamicSizer(spec: Extract<SizingSpec, { kind: 'dynamic' }>, tbtTargetS: number, kvCapacityTokens: number): BatchSizer {
	const maxBatch = Math.max(1, Math.floor(spec.maxBatch));
	const slow = tbtTargetS * (1 + spec.tolerance);
	const fast = tbtTargetS * (1 - spec.tolerance);
	// How far b_high re-opens after a fast step: a few percent of the range, at least one request.
	const delta = Math.max(1, Math.round(maxBatch / 32));
	const z = zForEps(spec.epsMem);
	let count = 0;
	let mean = 0;
	let m2 = 0;
	let bMem = maxBatch;
	let bLow = 1;
	let bHigh = maxBatch;

	return {
		next() {
			const bSla = Math.ceil((bLow + bHigh) / 2);
			return Math.max(1, Math.min(bMem, bSla, maxBatch));
		},
		observeRequest(promptTokens, outputTokens) {
			const x = promptTokens + outputTokens;
			count++;
			const d = x - mean;
			mean += d / count;
			m2 += d * (x - mean);
			if (count >= 2) bMem = boundFromZ(mean, Math.sqrt(m2 / (count - 1)), kvCapacityTokens, z, maxBatch);
		},
		observeDecodeStep(stepS, batch) {
			if (!(stepS >= 0) || !(batch >= 1)) return;
			if (stepS > slow) {
				bHigh = Math.max(1, Math.min(bHigh, batch - 1));
				if (bLow > bHigh) bLow = bHigh;
			} else if (stepS < fast) {
				bLow = Math.min(maxBatch, Math.max(bLow, batch));
				bHigh = Math.min(maxBatch, Math.max(bHigh, bLow) + delta);
			}
		}
	};
}
