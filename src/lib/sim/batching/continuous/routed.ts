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
import { setOutstanding } from '../../engine/router';
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

/**
 * Keeps the loads the router's policy reads. A replica's outstanding count (queue + running) changes
 * only at its own decisions (behind a router it admits from, preempts to and completes from its own
 * queue) and when a request is routed to it: those call touch(gi), and refresh re-reads only the
 * touched replicas (O(log replicas) each in the router's index), not every replica per arrival. KV in
 * use moves inside a decode stretch without any event, so least-kv's loads are re-read for every
 * replica at every arrival (O(replicas)).
 */
export interface LoadRefresher {
	/** Replica gi's queue or running set may have changed. */
	touch(gi: number): void;
	/** Fills the loads the policy reads, at arrival time t. */
	refresh(t: number): void;
}

export function createLoadRefresher(S: ContinuousRun): LoadRefresher {
	const r = S.router;
	const G = S.gpus;
	const touched = new Int32Array(G);
	const isTouched = new Uint8Array(G);
	let count = 0;
	const tracks = r !== null && r.readsOutstanding;
	return {
		touch(gi) {
			if (!tracks || isTouched[gi] === 1) return;
			isTouched[gi] = 1;
			touched[count++] = gi;
		},
		refresh(t) {
			if (r === null) return;
			if (tracks) {
				for (let i = 0; i < count; i++) {
					const gi = touched[i];
					isTouched[gi] = 0;
					setOutstanding(r, gi, S.queues[gi].total + S.replicas[gi].running);
				}
				count = 0;
			}
			if (r.readsKv) for (let gi = 0; gi < G; gi++) r.loads[gi].kvUsedTokens = blocksInUseAt(S, S.replicas[gi], t) * S.blockSize;
		}
	};
}
