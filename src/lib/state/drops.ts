/**
 * Dropped requests, said next to the results they change: per workload, how many requests the runs
 * dropped and why (the engine's warnings: over the model's context, over one GPU's KV cache), and,
 * before any run, how many of the loaded trace's requests exceed the chosen model's context. A drop
 * counts against SLO attainment, so a study that silently lost 5% of its longest requests would
 * read better than it is. Pure: no DOM, no Svelte (tests/state/drops.test.ts).
 */
import type { StudyResult } from '../study/types';

/** What one workload's runs dropped, and the reasons they gave. */
export interface WorkloadDrops {
	size: number;
	/** Requests in the workload. */
	requests: number;
	/** Fewest and most requests dropped by one run of this workload. */
	minDropped: number;
	maxDropped: number;
	/** Runs of this workload (Step 1 and Step 2). */
	runs: number;
	/** Each distinct warning with the number of runs that gave it. */
	reasons: { text: string; runs: number }[];
}

/**
 * Per workload with any drop or warning: counts from the runs' summaries, reasons from their warnings
 * (absent for a study restored from storage, whose warnings were not kept with it).
 */
export function workloadDrops(r: Pick<StudyResult, 'step1' | 'step2' | 'workloads'>, warnings: ReadonlyMap<string, readonly string[]>): WorkloadDrops[] {
	const out: WorkloadDrops[] = [];
	for (const w of r.workloads) {
		const rows = [...r.step1.filter((x) => x.size === w.size), ...r.step2.filter((x) => x.size === w.size && x.summary && x.key)];
		const seen = new Set<string>();
		const dropped: number[] = [];
		// Warnings that differ only in their first count ("31 preemption(s)…", "915 preemption(s)…") are
		// one reason: its runs and the range of that count.
		const reasons = new Map<string, { runs: number; min: number; max: number }>();
		for (const row of rows) {
			if (!row.summary || seen.has(row.key)) continue;
			seen.add(row.key);
			dropped.push(row.summary.dropped);
			for (const text of warnings.get(row.key) ?? []) {
				const m = /\d+/.exec(text);
				const key = m ? text.replace(m[0], '#') : text;
				const v = m ? Number(m[0]) : NaN;
				const r = reasons.get(key);
				if (r) {
					r.runs++;
					r.min = Math.min(r.min, v);
					r.max = Math.max(r.max, v);
				} else reasons.set(key, { runs: 1, min: v, max: v });
			}
		}
		const maxDropped = dropped.length ? Math.max(...dropped) : 0;
		if (maxDropped === 0 && reasons.size === 0) continue;
		out.push({
			size: w.size,
			requests: w.requests,
			minDropped: dropped.length ? Math.min(...dropped) : 0,
			maxDropped,
			runs: seen.size,
			reasons: [...reasons]
				.map(([key, r]) => ({ text: Number.isNaN(r.min) ? key : key.replace('#', r.min === r.max ? String(r.min) : `${r.min} to ${r.max}`), runs: r.runs }))
				.sort((a, b) => b.runs - a.runs)
		});
	}
	return out;
}

/** Requests of a trace whose prompt + output exceed a context length (every run drops them). */
export function overContext(promptTokens: ArrayLike<number>, outputTokens: ArrayLike<number>, maxContext: number): number {
	let over = 0;
	for (let i = 0; i < promptTokens.length; i++) if (promptTokens[i] + outputTokens[i] > maxContext) over++;
	return over;
}
