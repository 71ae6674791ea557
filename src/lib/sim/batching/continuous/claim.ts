/**
 * Which replica admits the queue's head first. An idle replica can admit now (the lowest index wins);
 * otherwise the decode stretch whose next boundary at or after `now` comes first among those that could
 * admit a head there is woken at that boundary. Replicas in the middle of a prefill step decide at its
 * end anyway. O(G) when no replica is idle.
 */
import { schedule } from '../../engine/clock';
import { blocksOverSteps, needingPhase } from '../../engine/kv-blocks';
import { anyFitting } from '../../engine/queues';
import { firstStepReaching, stretchTimeS } from '../../perf/stretch';
import { capOf } from './decide';
import { evictableOf } from './prefix-ops';
import { STRETCH, type ContinuousRun, type ReplicaState } from './state';

export function claim(S: ContinuousRun, now: number): void {
	S.claimGpu = -1;
	if (S.queue.total === 0) return;
	if (S.idle.size > 0) {
		const g = S.idle.lowest();
		S.claimGpu = g;
		schedule(S.clock, g, now);
		return;
	}
	let bestT = Infinity;
	let bestG = -1;
	let bestK = 0;
	for (let gi = 0; gi < S.gpus; gi++) {
		const g = S.replicas[gi];
		if (g.mode !== STRETCH || g.decoders >= S.tokenBudget || g.running >= capOf(S, g)) continue;
		const tk = boundaryAtOrAfter(g, now);
		if (tk >= bestT) continue; // ties keep the lower index, visited first
		const k = g.seenK;
		S.fitFree =
			S.totalBlocks - S.kv.used[gi] - blocksOverSteps(g.perPhase, S.blockSize, g.decoders, g.steps, k) - g.perPhase[needingPhase(g.steps + k, S.blockSize)];
		if (S.prefix !== null) {
			// Unowned cached blocks make room when needed; the fits test reads this replica's cache.
			S.fitFree += evictableOf(S.prefix, gi);
			S.prefix.at = gi;
		}
		if (anyFitting(S.queue, S.fits) < 0) continue;
		bestT = tk;
		bestG = gi;
		bestK = k;
	}
	if (bestG < 0) return;
	S.claimGpu = bestG;
	const g = S.replicas[bestG];
	if (bestK < g.wakeK) {
		g.wakeK = bestK;
		schedule(S.clock, bestG, bestT);
	}
}

/**
 * The first boundary of g's stretch at or after `now` (capped at its wake step), remembered in
 * g.seenK / g.seenT: claim times only grow, so the boundary found last time still answers while it is
 * at or after now.
 */
export function boundaryAtOrAfter(g: ReplicaState, now: number): number {
	let k = g.seenK;
	let tk = g.seenT;
	if (k !== 0 && tk >= now) return tk;
	const L = g.coef;
	const x = now - g.t0;
	if (k > 0) {
		// Steps never get shorter: boundary k + ceil((now − T(k)) / s(k)) is at or after now, and
		// with the tiny per-step growth the answer is almost always it or the one before.
		let hi = k + Math.ceil((now - tk) / g.seenStepS);
		let tHi = stretchTimeS(L, hi);
		while (g.t0 + tHi < now) tHi = stretchTimeS(L, ++hi);
		const tPrev = stretchTimeS(L, hi - 1);
		k = g.t0 + tPrev < now ? hi : firstStepReaching(L, x);
	} else k = firstStepReaching(L, x);
	if (k > g.wakeK) k = g.wakeK;
	const tAt = stretchTimeS(L, k);
	tk = g.t0 + tAt;
	g.seenK = k;
	g.seenT = tk;
	g.seenStepS = tAt - stretchTimeS(L, k - 1);
	return tk;
}
