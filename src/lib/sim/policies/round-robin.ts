/** Round-robin: the next servable bin after the one served last, so no bin starves. */
import { servable, type BinChooser } from './types';

/** First servable bin after lastBin, wrapping around. */
export const roundRobin: BinChooser = (q) => {
	for (let step = 1; step <= q.bins; step++) {
		const k = (((q.lastBin + step) % q.bins) + q.bins) % q.bins;
		if (servable(q, k)) return k;
	}
	return -1;
};
