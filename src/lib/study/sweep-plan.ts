/**
 * Which configurations a study's load sweep covers: the recommended ones (minimum cost and balanced of
 * the largest workload) and every Step 2 method at the optimized configuration's GPU count (1 GPU when
 * there is no optimized pick), so capacities compare at the same hardware.
 */
import { methodDef } from '../sim/methods/registry';
import type { Trace } from '../trace/types';
import { loadSweep, type LoadSweep, type SweepTarget } from './load-sweep';
import type { StudyResult } from './types';

/** The sweep targets of a finished study, without duplicates. */
export function sweepTargets(r: StudyResult): SweepTarget[] {
	const largest = Math.max(...r.workloads.map((w) => w.size));
	const out: SweepTarget[] = [];
	const add = (t: SweepTarget) => {
		if (!out.some((x) => x.method === t.method && x.gpus === t.gpus && x.bins === t.bins)) out.push(t);
	};
	for (const rec of r.recommendations.filter((x) => x.size === largest && x.gpus !== null && x.method !== null && x.bins !== null)) {
		const bins = rec.bins as number;
		add({ label: `${rec.kind} (${rec.gpus} GPUs, ${rec.method}${rec.method === 'multibin' ? `, ${bins} bins` : ''})`, method: rec.method as SweepTarget['method'], gpus: rec.gpus as number, bins });
	}
	const gpus = r.optimized.find((o) => o.size === largest)?.pick?.gpus ?? 1;
	for (const m of r.config.methods) {
		if (m === 'optimized') continue;
		const bins = m === 'multibin' ? r.config.step2Bins : 1;
		add({ label: `${methodDef(m).label}, ${gpus} GPU${gpus === 1 ? '' : 's'}`, method: m, gpus, bins });
	}
	return out;
}

/** Runs the study's load sweeps in this thread (the CLI; a few dozen short simulations per target). */
export function studySweeps(trace: Trace, r: StudyResult, o: { requests: number }): LoadSweep[] {
	return sweepTargets(r).map((t) => loadSweep(trace, r.config.base, t, { requests: o.requests, attainment: r.config.attainment, keepFailed: r.config.keepFailed }));
}
