/**
 * The study's workloads, staged so its first results need not wait for its largest workload: the sizes
 * are fitted to the trace on this thread (one pass over the rows, a few milliseconds at a million), the
 * smallest size's workload is cut here (well under a millisecond at 1,000 requests), and the other
 * sizes' are cut in the parse worker while the smallest one's runs go (run-study.ts, staged input).
 * Before, every size was cut first: 0.35-0.6 s of the 2.3 s from Run to the first complete workload.
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
 */
export function stageStudyWorkloads(trace: Trace, config: StudyConfig, signal: AbortSignal, onRest?: () => void): StagedWorkloads {
	const fit = fitStudyToTrace(trace, config);
	if (!fit.ok) throw new Error(fit.error.message);
	const [smallest, ...others] = fit.config.sizes;
	const first = studyWorkload(trace, fit.config, smallest);
	if (!first.ok) throw new Error(first.error.message);
	return {
		sizes: fit.config.sizes,
		notices: fit.notices,
		first: first.workload,
		rest: async () => {
			if (others.length === 0) return [];
			const shaped = await shapeOffThread(trace, shapeRequest({ ...fit.config, sizes: others }), signal);
			if (!shaped.ok) throw new Error(shaped.error.message);
			onRest?.();
			return shaped.workloads;
		}
	};
}
