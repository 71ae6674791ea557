/**
 * Progressive results: what the page shows while a study runs. Step 1's runs are handed out with the
 * smallest workload's first (a 1,000-request run takes milliseconds, so that workload is complete
 * within a moment of pressing Run), then largest first as planned (so the pool does not end on one
 * long run). As runs finish, a partial StudyResult is built with the very analysis the final result
 * uses: every finished grid row (heatmap cells), scaling and efficiency over the rows so far (lines
 * fill in), and the summary, bin effect and optimized pick only for workloads whose grid is complete
 * (a "best" over half a grid would mislead). Step 2, recommendations and notices wait for the end.
 */
import type { RunSpec, Step1Row, StudyConfig, StudyResult, StudyWorkloadInfo } from './types';
import { step1Analysis, sortStep1 } from './step1-analysis';

/** Shortest interval between two partial results handed to the page (ms); a finished workload goes at once. */
export const PARTIAL_INTERVAL_MS = 500;

/** The order Step 1's runs are handed to the executor: the smallest workload's first, the rest as planned. */
export function executionOrder(specs: RunSpec[]): RunSpec[] {
	if (specs.length === 0) return specs;
	const smallest = Math.min(...specs.map((s) => s.size));
	return [...specs.filter((s) => s.size === smallest), ...specs.filter((s) => s.size !== smallest)];
}

/** Collects finished Step 1 rows and builds partial results from them. */
export interface PartialStudyBuilder {
	/** Records one finished run; returns whether it completed its workload's grid. */
	add(spec: RunSpec, row: Step1Row | null): boolean;
	/** The partial result over the rows so far. */
	build(): StudyResult;
}

export function partialStudyBuilder(config: StudyConfig, sizes: number[], infos: StudyWorkloadInfo[], specs: RunSpec[], t0: number): PartialStudyBuilder {
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
				workloads: infos,
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
