/**
 * The study's workloads: the first N requests of the trace for each size, rebased and RPS-scaled
 * (trace/workload.ts shapeWorkload), one per configured size.
 */
import { shapeWorkload } from '../trace/workload';
import type { Trace, UserError } from '../trace/types';
import { uniqueSorted } from './plan';
import type { StudyConfig, StudyWorkload } from './types';

/** One workload per configured size, or the first shaping error (e.g. the trace is shorter than a size). */
export function studyWorkloads(trace: Trace, config: StudyConfig): { ok: true; workloads: StudyWorkload[] } | { ok: false; error: UserError } {
	const out: StudyWorkload[] = [];
	for (const size of uniqueSorted(config.sizes)) {
		const r = shapeWorkload(trace, {
			size,
			selection: { kind: 'first' },
			keepFailed: config.keepFailed,
			timing: { kind: 'scale', rpsScale: config.rpsScale }
		});
		if (!r.ok) return { ok: false, error: r.error };
		out.push({ size, workload: r.workload });
	}
	return { ok: true, workloads: out };
}

