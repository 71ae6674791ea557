/** Bin-choice policies by key, used by both batching regimes (Vidur-style registry record): add a file, add a line. */
import type { BinPolicy } from '../types';
import { longestQueue } from './longest';
import { oldestHeadOfLine } from './oldest';
import { roundRobin } from './round-robin';
import type { BinChooser } from './types';

export { servable, type BinChooser, type BinQueueView } from './types';

/** The policy for each BinPolicy key. */
export const BIN_POLICIES: Record<BinPolicy, BinChooser> = {
	oldest: oldestHeadOfLine,
	'round-robin': roundRobin,
	longest: longestQueue
};
