/**
 * Progressive results: what the page shows while a study runs. Step 1's runs go to the executor in two
 * batches: the smallest workload's first (a 1,000-request run takes milliseconds, so that workload is
 * complete within a moment of pressing Run), then the rest largest first as planned (so the pool does
 * not end on one long run). Two batches, not one queue, so no worker loads a large workload (a copy
 * and a transfer on the page's thread, 0.1-0.2 s at a million requests) while the smallest
 * workload's last runs are still coming back, and so the larger workloads may still be being cut
 * while the first batch runs (run-study.ts, staged input). As runs finish, a partial StudyResult is
 * built with the very analysis the final result uses: every finished grid row (heatmap cells),
 * scaling and efficiency over the rows so far (lines fill in), and the summary, bin effect and
 * optimized pick only for workloads whose grid is complete (a "best" over half a grid would mislead).
 * Step 2, recommendations and notices wait for the end.
 */
import type { RunSpec, Step1Row, StudyConfig, StudyResult, StudyWorkloadInfo } from './types';
import { step1Analysis, sortStep1 } from './step1-analysis';

/** Shortest interval between two partial results handed to the page (ms); a finished workload goes at once. */
export const PARTIAL_INTERVAL_MS = 500;

/**
 * How long the first partial result waits for the first complete workload (ms from the first run handed
 * out). Drawing half a grid while the smallest workload's runs come back took the page's thread from
 * those runs: it delayed the first complete workload by 0.2 s (1.7 s to 1.5 s with 2 workers, the
 * default study on the 1M sample), and that workload completes in about 1.5 s. A study whose smallest
 * workload takes longer still fills in after this wait, every PARTIAL_INTERVAL_MS.
 */
export const FIRST_PARTIAL_MS = 3000;

/** Whether a partial result is due now: at once for a finished workload, else on the intervals above. */
export function partialDue(p: { completedWorkload: boolean; anyComplete: boolean; nowMs: number; lastMs: number; simStartedAtMs: number }): boolean {
	if (p.completedWorkload) return true;
	if (!p.anyComplete && p.nowMs - p.simStartedAtMs < FIRST_PARTIAL_MS) return false;
	return p.nowMs - p.lastMs >= PARTIAL_INTERVAL_MS;
}

/** Step 1's two batches: the smallest workload's runs, then every other run in plan order. */
export function firstWorkloadFirst(specs: RunSpec[]): { first: RunSpec[]; rest: RunSpec[] } {
	if (specs.length === 0) return { first: [], rest: [] };
	const smallest = Math.min(...specs.map((s) => s.size));
	return { first: specs.filter((s) => s.size === smallest), rest: specs.filter((s) => s.size !== smallest) };
}

/** Collects finished Step 1 rows and builds partial results from them. */
export interface PartialStudyBuilder {
	/** Records one finished run; returns whether it completed its workload's grid. */
	add(spec: RunSpec, row: Step1Row | null): boolean;
	/** The partial result over the rows so far. */
	build(): StudyResult;
}

/** `infos` gives the workloads known so far (the larger ones may still be being cut). */
export function partialStudyBuilder(config: StudyConfig, sizes: number[], infos: () => StudyWorkloadInfo[], specs: RunSpec[], t0: number): PartialStudyBuilder {
	const left = new Map<number, number>(sizes.map((n) => [n, 0]));
	for (const s of specs) left.set(s.size, (left.get(s.size) ?? 0) + 1);
	const step1: Step1Row[] = [];
	const oracleRuns: Step1Row[] = [];
	let runsDone = 0;
	return {
		add(spec, row) {
			runsDone++;
			if (row) (spec.oracle ? oracleRuns : step1).push(row);
			const l = (left.get(spec.size) ?? 1) - 1;
			left.set(spec.size, l);
			return l === 0;
		},
		build() {
			const done = sizes.filter((n) => left.get(n) === 0);
			const rows = sortStep1([...step1]);
			const oracle = sortStep1([...oracleRuns]);
			const full = step1Analysis(config, sizes, rows, oracle);
			const complete = step1Analysis(config, done, rows, oracle);
			return {
				engineVersion: '',
				config,
				notices: [],
				oracleRuns: oracle,
				workloads: infos(),
				step1: rows,
				summary: complete.summary,
				scaling: full.scaling.filter((s) => rows.some((r) => r.size === s.size)),
				binEffect: complete.binEffect,
				efficiency: full.efficiency,
				optimized: complete.optimized,
				step2: [],
				recommendations: [],
				arrivalBound: [],
				failures: [],
				cancelled: false,
				wallS: (Date.now() - t0) / 1000,
				partial: { sizesDone: done, runsDone, runsTotal: specs.length }
			};
		}
	};
}
