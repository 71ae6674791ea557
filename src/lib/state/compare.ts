/**
 * Two stored studies side by side (GPU A vs GPU B, model X vs model Y): what differs between their
 * settings, their Step 1 answers per shared workload size, and the GPU scaling and efficiency charts
 * overlaid (same axes: GPUs against P95 or tok/s per GPU). Pure: no DOM, no Svelte
 * (tests/state/compare.test.ts).
 */
import { gpuEfficiencyChart, gpuScalingChart, workloadName } from '../charts/study-charts';
import type { LineChartSpec } from '../charts/study-charts';
import type { StudyResult } from '../study/types';
import { fmtInt } from './format';
import { resultsHeader, studyRate, type HeaderPart } from './results-header';

/** One side of a comparison. */
export interface CompareSide {
	/** "A" or "B". */
	tag: string;
	result: StudyResult;
	traceName: string;
	traceHash: string;
}

/** The header parts of one side. */
export function sideHeader(s: CompareSide): HeaderPart[] {
	return resultsHeader({ base: s.result.config.base, traceName: s.traceName, traceHash: s.traceHash, rate: studyRate(s.result.config), attainment: s.result.config.attainment });
}

/** A named setting of one study, as differences() compares them. */
type SettingPart = { key: string; label: string; value: string };

/**
 * The study grid as setting parts: the header says what ran (model, GPU, load, SLO), not how much of it,
 * and two studies that differ only in their grid would otherwise read as the same setting.
 */
function gridParts(r: StudyResult): SettingPart[] {
	const c = r.config;
	const list = (xs: number[]) => xs.map(fmtInt).join(', ');
	return [
		{ key: 'grid-sizes', label: 'Workload sizes', value: list(c.sizes) },
		{ key: 'grid-gpus', label: 'GPU counts', value: list(c.gpuCounts) },
		{ key: 'grid-bins', label: 'Bin counts', value: list(c.binCounts) },
		{ key: 'grid-continuous', label: 'Step 1 continuous batching', value: c.step1Continuous === false ? 'off' : 'on' }
	];
}

/** The setting lines that differ ("GPU: H100 … vs A100 …"); empty when the settings are the same. */
export function differences(a: CompareSide, b: CompareSide): string[] {
	const ha: SettingPart[] = [...sideHeader(a), ...gridParts(a.result)];
	const hb: SettingPart[] = [...sideHeader(b), ...gridParts(b.result)];
	const keys = [...new Set([...ha, ...hb].map((p) => p.key))];
	const out: string[] = [];
	for (const k of keys) {
		const pa = ha.find((p) => p.key === k);
		const pb = hb.find((p) => p.key === k);
		if (pa?.value !== pb?.value) out.push(`${(pa ?? pb)?.label}: ${pa?.value ?? 'default'} (A) vs ${pb?.value ?? 'default'} (B)`);
	}
	return out;
}

/** Workload sizes both studies ran, ascending. */
export function sharedSizes(a: StudyResult, b: StudyResult): number[] {
	const inB = new Set(b.workloads.map((w) => w.size));
	return [...new Set(a.workloads.map((w) => w.size))].filter((s) => inB.has(s)).sort((x, y) => x - y);
}

/** A line chart of both studies: each series named "A · 1K requests", ids kept distinct. */
function overlay(make: (r: StudyResult) => LineChartSpec, a: CompareSide, b: CompareSide, sizes: number[]): LineChartSpec {
	const sa = make(a.result);
	const sb = make(b.result);
	const names = new Set(sizes.map(workloadName));
	const keep = (name: string) => sizes.length === 0 || names.has(name);
	const gpus = [...new Set([...(sa.xTickValues ?? []), ...(sb.xTickValues ?? [])])].sort((x, y) => x - y);
	return {
		...sa,
		id: `compare-${sa.id}`,
		title: `${sa.title}: A and B`,
		xTickValues: gpus.length ? gpus : undefined,
		yScale: sa.yScale === 'log' && sb.yScale === 'log' ? 'log' : 'linear',
		series: [
			...sa.series.filter((s) => keep(s.name)).map((s) => ({ ...s, name: `${a.tag} · ${s.name}` })),
			...sb.series.filter((s) => keep(s.name)).map((s) => ({ ...s, name: `${b.tag} · ${s.name}` }))
		]
	};
}

/** GPU scaling of both studies on one chart, for the sizes both ran. */
export function compareScaling(a: CompareSide, b: CompareSide): LineChartSpec {
	return overlay(gpuScalingChart, a, b, sharedSizes(a.result, b.result));
}

/** GPU efficiency of both studies on one chart, for the sizes both ran. */
export function compareEfficiency(a: CompareSide, b: CompareSide): LineChartSpec {
	return overlay(gpuEfficiencyChart, a, b, sharedSizes(a.result, b.result));
}
