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
	return new DynamicSizer(spec, tbtTargetS, kvCapacityTokens);
}

/**
 * The sizer's state lives in fields, not in closure variables: V8 keeps a class's double fields
 * unboxed, where each update of a captured `let` allocated a new heap number (two per finished
 * request). The memory bound is recomputed when a batch asks for it, not after every finished
 * request: it is a function of the running statistics alone, so the answer is the same.
 */
class DynamicSizer implements BatchSizer {
	private readonly maxBatch: number;
	private readonly slow: number;
	private readonly fast: number;
	private readonly delta: number;
	private readonly z: number;
	private count = 0;
	private mean = 0;
	private m2 = 0;
	private bMem: number;
	/** The statistics changed since bMem was computed. */
	private stale = false;
	private bLow = 1;
	private bHigh: number;

	constructor(
		spec: Extract<SizingSpec, { kind: 'dynamic' }>,
		tbtTargetS: number,
		private readonly kvCapacityTokens: number
	) {
		this.maxBatch = Math.max(1, Math.floor(spec.maxBatch));
		this.slow = tbtTargetS * (1 + spec.tolerance);
		this.fast = tbtTargetS * (1 - spec.tolerance);
		// How far b_high re-opens after a fast step: a few percent of the range, at least one request.
		this.delta = Math.max(1, Math.round(this.maxBatch / 32));
		this.z = zForEps(spec.epsMem);
		this.bMem = this.maxBatch;
		this.bHigh = this.maxBatch;
	}

	next(): number {
		if (this.stale) {
			this.stale = false;
			this.bMem = boundFromZ(this.mean, Math.sqrt(this.m2 / (this.count - 1)), this.kvCapacityTokens, this.z, this.maxBatch);
		}
		const bSla = Math.ceil((this.bLow + this.bHigh) / 2);
		return Math.max(1, Math.min(this.bMem, bSla, this.maxBatch));
	}

	observeRequest(promptTokens: number, outputTokens: number): void {
		const x = promptTokens + outputTokens;
		this.count++;
		const d = x - this.mean;
		this.mean += d / this.count;
		this.m2 += d * (x - this.mean);
		if (this.count >= 2) this.stale = true;
	}

	observeDecodeStep(stepS: number, batch: number): void {
		if (!(stepS >= 0) || !(batch >= 1)) return;
		if (stepS > this.slow) {
			this.bHigh = Math.max(1, Math.min(this.bHigh, batch - 1));
			if (this.bLow > this.bHigh) this.bLow = this.bHigh;
		} else if (stepS < this.fast) {
			this.bLow = Math.min(this.maxBatch, Math.max(this.bLow, batch));
			this.bHigh = Math.min(this.maxBatch, Math.max(this.bHigh, this.bLow) + this.delta);
		}
	}
}
