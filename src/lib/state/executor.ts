/**
 * Where the page's simulations run: the Web Worker pool (src/lib/workers/pool.ts), or this thread
 * (one run at a time, yielding between runs) when module workers are unavailable.
 */
import { inProcessExecutor } from '../study/in-process';
import type { RunExecutor } from '../study/types';
import { createSimPool } from '../workers/pool';

/** A fresh executor for one study or quick run; `workers` caps the pool (default: one per core). */
export function createExecutor(workers?: number): RunExecutor {
	if (typeof Worker === 'undefined') return inProcessExecutor();
	try {
		return createSimPool(workers === undefined ? {} : { workers });
	} catch {
		return inProcessExecutor();
	}
}
