/**
 * The engine's one event loop, as SimPy's Environment.step: take the earliest event, advance the clock
 * to it, hand it to its owner. Two event sources: the workload's arrivals (already in time order, so a
 * cursor instead of heap entries) and the replicas' wake-ups (clock.ts, one pending time per replica).
 * An arrival goes first when it is not later than the earliest wake-up.
 *
 * Arrivals are handed over as a run (onArrivals): every arrival up to the earliest wake-up, which the
 * scheduler takes in one tight loop until one of them changes the clock. A million arrivals are then
 * not a million calls through the interface, and the order of events is the same as one at a time.
 */
import { earliestS, popEarliest, type GpuClock } from './clock';
import type { ReplicaScheduler } from './scheduler';

/** Runs until no arrival and no wake-up is left; returns the scheduler's onEnd answer. */
export function runEventLoop(arrivalS: Float64Array, clock: GpuClock, s: ReplicaScheduler): number | undefined {
	const n = arrivalS.length;
	let ai = 0;
	for (;;) {
		const tG = earliestS(clock);
		if (ai < n && arrivalS[ai] <= tG) {
			const next = s.onArrivals(ai, tG);
			// A scheduler must take at least one arrival, or the loop would never end.
			ai = next > ai ? next : ai + 1;
			continue;
		}
		if (tG === Infinity) break;
		s.onWake(popEarliest(clock), tG);
	}
	return s.onEnd();
}
