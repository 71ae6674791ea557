/**
 * The study's workloads, staged so its first results need not wait for its largest workload: the sizes
 * are fitted to the trace on this thread (one pass over the rows, a few milliseconds at a million), the
 * smallest size's workload is cut here (well under a millisecond at 1,000 requests), and the other
 * sizes' are cut in the parse worker (run-study.ts, staged input). Before, every size was cut first:
 * 0.35-0.6 s of the 2.3 s from Run to the first complete workload.
 *
 * When the parse worker would have a core of its own (the page's thread, each sim worker and the
 * parser: `cores` ≥ workers + 2) it cuts while the smallest workload's runs go. Otherwise it waits for
 * them: on 2 cores with 2 workers those runs already keep both cores busy, and cutting alongside made
 * the first complete workload come 0.17 s later (1.41 s against 1.58 s, medians of 6), while waiting
 * delays the larger workloads by the cutting (about 0.3 s).
 */
import type { StagedWorkloads } from '../study/run-study';
import { fitStudyToTrace, studyWorkload } from '../study/shape';
import type { StudyConfig } from '../study/types';
import type { Trace } from '../trace/types';
import { shapeOffThread, shapeRequest } from './trace-worker';

/**
 * Stages `config`'s workloads from `trace`; throws an Error with the person's message when the trace
 * has no usable rows or the smallest workload cannot be cut. `signal` stops the parse worker (the
 * rest then rejects with StudyCancelled); `onRest` fires when the other sizes' workloads arrive.
 * `threads` are the simulation workers and the device's cores.
 */
export function stageStudyWorkloads(trace: Trace, config: StudyConfig, signal: AbortSignal, onRest?: () => void, threads: { workers: number; cores: number } = { workers: 1, cores: 1 }): StagedWorkloads {
	const fit = fitStudyToTrace(trace, config);
	if (!fit.ok) throw new Error(fit.error.message);
	const [smallest, ...others] = fit.config.sizes;
	const first = studyWorkload(trace, fit.config, smallest);
	if (!first.ok) throw new Error(first.error.message);
	return {
		sizes: fit.config.sizes,
		notices: fit.notices,
		first: first.workload,
		restAfterFirst: threads.cores < threads.workers + 2,
		rest: async () => {
			if (others.length === 0) return [];
			const shaped = await shapeOffThread(trace, shapeRequest({ ...fit.config, sizes: others }), signal);
			if (!shaped.ok) throw new Error(shaped.error.message);
			onRest?.();
			return shaped.workloads;
		}
	};
}
