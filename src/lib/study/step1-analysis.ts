/**
 * Step 1's analysis from its grid rows, one function for the final result and the partial ones the
 * page shows while the study runs (progressive.ts), so a finished workload reads the same in both.
 */
import { describePredictor } from '../sim/methods/predictors';
import { binEffect, efficiencyTable, nearest, scalingAnalysis, summarizeWorkloads } from './analyze';
import { uniqueSorted } from './plan';
import { selectOptimized } from './recommend';
import type { Step1Row, StudyConfig, StudyResult } from './types';

/** Tables read better by size, method, GPUs, bins (the plan runs largest first). Sorts in place. */
export function sortStep1(rows: Step1Row[]): Step1Row[] {
	return rows.sort((a, b) => a.size - b.size || (a.method < b.method ? 1 : a.method > b.method ? -1 : 0) || a.gpus - b.gpus || a.bins - b.bins);
}

/** Summary, GPU scaling, bin effect, efficiency and optimized pick for `sizes` from sorted rows. */
export function step1Analysis(
	config: StudyConfig,
	sizes: number[],
	step1: Step1Row[],
	oracleRuns: Step1Row[]
): Pick<StudyResult, 'summary' | 'scaling' | 'binEffect' | 'efficiency' | 'optimized'> {
	const gpuCounts = uniqueSorted(config.gpuCounts);
	const binCounts = uniqueSorted(config.binCounts);
	const scalingK = nearest(binCounts, config.scalingBins) ?? config.scalingBins;
	return {
		summary: summarizeWorkloads(step1, sizes),
		scaling: sizes.map((n) => scalingAnalysis(step1, n, scalingK, config.kneeThreshold)),
		binEffect: sizes.map((n) => binEffect(step1, n, describePredictor(config.base.predictor), oracleRuns)),
		efficiency: efficiencyTable(step1, gpuCounts, sizes),
		optimized: sizes.map((n) => selectOptimized(step1, n, config.objective, config.attainment))
	};
}
