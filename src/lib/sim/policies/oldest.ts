/** Oldest head-of-line first (the default): serve the bin whose waiting head arrived earliest. */
import { servable, type BinChooser } from './types';

/** Bin with the earliest head-of-line arrival; ties go to the lowest bin. */
export const oldestHeadOfLine: BinChooser = (q) => {
	let best = -1;
	let bestT = Infinity;
	for (let k = 0; k < q.bins; k++) {
		if (servable(q, k) && q.headArrivalS[k] < bestT) {
			bestT = q.headArrivalS[k];
			best = k;
		}
	}
	return best;
};
