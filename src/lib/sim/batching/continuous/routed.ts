/**
 * Continuous batching behind a router: each replica has its own queue, the router sends every
 * servable request to one replica when it arrives, and only that replica can admit it.
 *
 * - claimOwn: the replica a request was routed to admits it at its first decision that can: now when
 *   it is idle; at the first boundary of its decode stretch at or after now where the queue's head
 *   fits (the stretch is cut short there, as claim.ts does across replicas); at the end of its mixed
 *   step otherwise. Inside a stretch free blocks only shrink and the cap does not move, so the first
 *   boundary is the only one to check.
 * - What the router sees at arrival time t (engine/router.ts): outstanding = the replica's queue + its
 *   running requests (completions happen only at the ends of steps and stretches, so `running` is
 *   current between events); KV in use = its allocated blocks, with the blocks a decode stretch has
 *   allocated by t (steps started before t: each step's new blocks are allocated when it starts).
 */
import { schedule } from '../../engine/clock';
import { blocksOverSteps, needingPhase } from '../../engine/kv-blocks';
import { anyFitting } from '../../engine/queues';
import { firstStepReaching } from '../../perf/stretch';
import { boundaryAtOrAfter } from './claim';
import { capOf } from './decide';
import { IDLE, STRETCH, type ContinuousRun, type ReplicaState } from './state';

/** Replica gi's queue has a new head (or a preempted request): wake it where it can first admit. Returns whether the clock changed. */
export function claimOwn(S: ContinuousRun, gi: number, now: number): boolean {
	const g = S.replicas[gi];
	S.queue = S.queues[gi];
	if (S.queue.total === 0) return false;
	if (g.mode === IDLE) {
		schedule(S.clock, gi, now);
		return true;
	}
	if (g.mode !== STRETCH || g.decoders >= S.tokenBudget || g.running >= capOf(S, g)) return false;
	const tk = boundaryAtOrAfter(g, now);
	const k = g.seenK;
	S.fitFree = S.totalBlocks - S.kv.used[gi] - blocksOverSteps(g.perPhase, S.blockSize, g.decoders, g.steps, k) - g.perPhase[needingPhase(g.steps + k, S.blockSize)];
	if (anyFitting(S.queue, S.fits) < 0 || k >= g.wakeK) return false;
	g.wakeK = k;
	schedule(S.clock, gi, tk);
	return true;
}

/** KV blocks replica g has allocated at time t (between its events). */
export function blocksInUseAt(S: ContinuousRun, g: ReplicaState, t: number): number {
	const used = S.kv.used[g.index];
	if (g.mode !== STRETCH || !(t > g.t0)) return used;
	// Steps 1..k of the stretch started before t: step j starts at T(j − 1) < t, i.e. k = the first
	// step that ends at or after t (capped at the stretch's wake step).
	const k = Math.min(g.wakeK, firstStepReaching(g.coef, t - g.t0));
	return used + blocksOverSteps(g.perPhase, S.blockSize, g.decoders, g.steps, k);
}

/** Fills the loads the router's policy reads, at arrival time t. */
export function refreshLoads(S: ContinuousRun, t: number): void {
	const r = S.router;
	if (r === null) return;
	const loads = r.loads;
	if (r.readsOutstanding) for (let gi = 0; gi < S.gpus; gi++) loads[gi].outstanding = S.queues[gi].total + S.replicas[gi].running;
	if (r.readsKv) for (let gi = 0; gi < S.gpus; gi++) loads[gi].kvUsedTokens = blocksInUseAt(S, S.replicas[gi], t) * S.blockSize;
}
