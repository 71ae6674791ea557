/**
 * Waiting queues per bin, as plain arrays: shift, unshift, push. Slow and obvious on purpose; the
 * engine's index ranges and stacks must agree with it.
 */
import type { BinPolicy } from '../sim/types';

export interface BinQueues {
	/** queues[k] = ids waiting in bin k, head first. */
	queues: number[][];
	/** Bin served by the last decision (−1 before the first). */
	lastBin: number;
}

export function createQueues(bins: number): BinQueues {
	return { queues: Array.from({ length: Math.max(1, bins) }, () => []), lastBin: -1 };
}

export function waitingTotal(q: BinQueues): number {
	return q.queues.reduce((a, x) => a + x.length, 0);
}

/**
 * The bin to serve, among bins whose head passes `eligible`; −1 when none.
 * oldest: the head that arrived first; round-robin: the first after the last bin served, wrapping;
 * longest: the most waiting requests. Ties go to the lowest bin.
 */
export function pickBin(q: BinQueues, policy: BinPolicy, arrivalS: ArrayLike<number>, eligible: (id: number) => boolean): number {
	const K = q.queues.length;
	const ok = (k: number) => q.queues[k].length > 0 && eligible(q.queues[k][0]);
	if (policy === 'round-robin') {
		for (let step = 1; step <= K; step++) {
			const k = (((q.lastBin + step) % K) + K) % K;
			if (ok(k)) return k;
		}
		return -1;
	}
	let best = -1;
	for (let k = 0; k < K; k++) {
		if (!ok(k)) continue;
		if (best < 0) best = k;
		else if (policy === 'oldest' && arrivalS[q.queues[k][0]] < arrivalS[q.queues[best][0]]) best = k;
		else if (policy === 'longest' && q.queues[k].length > q.queues[best].length) best = k;
	}
	return best;
}
