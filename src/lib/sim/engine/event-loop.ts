/**
 * The engine's one event loop, as SimPy's Environment.step: take the earliest event, advance the clock
 * to it, hand it to its owner. Two event sources: the workload's arrivals (already in time order, so a
 * cursor instead of heap entries) and the replicas' wake-ups (clock.ts, one pending time per replica).
 * An arrival goes first when it is not later than the earliest wake-up.
 */
import { earliestS, popEarliest, type GpuClock } from './clock';
import type { ReplicaScheduler } from './scheduler';

/** Runs until no arrival and no wake-up is left; returns the scheduler's onEnd answer. */
export function runEventLoop(arrivalS: Float64Array, clock: GpuClock, s: ReplicaScheduler): number | undefined {
	const n = arrivalS.length;
	let ai = 0;
	for (;;) {
		const tG = earliestS(clock);
		const tA = ai < n ? arrivalS[ai] : Infinity;
		if (tA === Infinity && tG === Infinity) break;
		if (tA <= tG) {
			s.onArrival(ai++, tA);
			continue;
		}
		s.onWake(popEarliest(clock), tG);
	}
	return s.onEnd();
}
