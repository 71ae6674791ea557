/** Longest queue first: serve the bin with the most waiting requests (maximises batch fill). */
import { servable, type BinChooser } from './types';

/** Bin with the most queued requests; ties go to the lowest bin. */
export const longestQueue: BinChooser = (q) => {
	let best = -1;
	let bestLen = 0;
	for (let k = 0; k < q.bins; k++) {
		if (servable(q, k) && q.length[k] > bestLen) {
			bestLen = q.length[k];
			best = k;
		}
	}
	return best;
};
