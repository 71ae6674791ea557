/**
 * A batch sizer: how many requests the next batch may take. Both regimes use it (request-level per
 * bin; iteration-level as the optional SLA cap), so it only sees plain numbers.
 */
export interface BatchSizer {
	/** The batch size to use now, an integer ≥ 1. */
	next(): number;
	/** A request finished: its prompt and output lengths feed the memory bound's running statistics. */
	observeRequest(promptTokens: number, outputTokens: number): void;
	/** A decode step (or the mean step of a decode stretch) took stepS seconds with `batch` sequences. */
	observeDecodeStep(stepS: number, batch: number): void;
}
