/** Fixed batch size (static batching): always B, observations ignored. */
import type { BatchSizer } from './types';

export type { BatchSizer } from './types';

/** A sizer that always answers `batch` (floored, at least 1). */
export function createFixedSizer(batch: number): BatchSizer {
	const b = Math.max(1, Math.floor(batch));
	return {
		next: () => b,
		observeRequest: () => {},
		observeDecodeStep: () => {}
	};
}
