/**
 * Near-coincident events. Two implementations that agree to 1e-9 can still order two events that
 * fall within 1e-9 of each other differently (an arrival exactly at a step boundary, two GPUs freeing
 * together), and a different order is a different schedule. The reference counts such pairs, so a
 * differential test can tell "the engine is wrong" from "the instant is a tie in continuous time".
 */
import type { BatchSizer } from '../sim/sizing/types';

/**
 * An event the schedule depends on: an arrival (gpu = −1), or a GPU's step or batch boundary;
 * `contended` when the GPU could take from or give to the queue there.
 */
export interface TimedEvent {
	t: number;
	gpu: number;
	contended?: boolean;
}

/**
 * Pairs within `rel` relative of each other, even exactly equal: an arrival and a GPU boundary (the
 * arrival may or may not be seen there), or two GPUs' boundaries of which one is contended (which one
 * takes the queue's head first; the other may have found the queue already empty). "Equal" here can be a last bit apart in an implementation that sums the same steps in
 * another order, so exact equality counts too. An idle GPU reacting to an arrival is not a boundary.
 */
export function countNearTies(events: TimedEvent[], rel = 1e-9): number {
	const sorted = [...events].sort((a, b) => a.t - b.t);
	let ties = 0;
	for (let i = 0; i < sorted.length; i++) {
		const a = sorted[i];
		for (let j = i + 1; j < sorted.length; j++) {
			const b = sorted[j];
			if (b.t - a.t > rel * Math.max(Math.abs(a.t), Math.abs(b.t))) break;
			const arrivalVsGpu = (a.gpu < 0) !== (b.gpu < 0);
			const twoGpus = a.gpu >= 0 && b.gpu >= 0 && a.gpu !== b.gpu && (a.contended === true || b.contended === true);
			if (arrivalVsGpu || twoGpus) ties++;
		}
	}
	return ties;
}

/**
 * A sizer that counts decode-step observations within `rel` of the SLA controller's thresholds
 * (target × (1 ± tolerance)): the engine's closed-form mean and the reference's summed one may fall
 * on different sides of such a threshold, and the controller then moves differently.
 */
export function watchThresholds(inner: BatchSizer, tbtS: number, tolerance: number, onTie: () => void, rel = 1e-9): BatchSizer {
	const near = (a: number, b: number) => Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b));
	return {
		next: () => inner.next(),
		observeRequest: (prompt, output) => inner.observeRequest(prompt, output),
		observeDecodeStep(stepS, batch) {
			if (near(stepS, tbtS * (1 + tolerance)) || near(stepS, tbtS * (1 - tolerance))) onTie();
			inner.observeDecodeStep(stepS, batch);
		}
	};
}
