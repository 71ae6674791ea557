/** Round-robin: the next non-empty bin after the one served last, so no bin starves. */
import type { BinChooser } from './types';

/** First non-empty bin after lastBin, wrapping around. */
export const roundRobin: BinChooser = (q) => {
	for (let step = 1; step <= q.bins; step++) {
		const k = (((q.lastBin + step) % q.bins) + q.bins) % q.bins;
		if (q.length[k] > 0) return k;
	}
	return -1;
};
