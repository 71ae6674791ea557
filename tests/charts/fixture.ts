/**
 * A small hand-made StudyResult (2 sizes × 3 GPU counts × 2 bins + Step 2) with fixed numbers, so chart
 * snapshots do not move when the engine changes. One grid point is missing on purpose (n/a cell).
 */
import { defaultScenario } from '../../src/lib/sim/presets';
import type { SimSeries, SimSummary } from '../../src/lib/sim/types';
import type { Step1Row, Step2Method, Step2Row, StudyResult } from '../../src/lib/study/types';
import { STUDY_DEFAULTS } from '../../src/lib/study/types';

/** A SimSummary with every field set from a P95 and a throughput. */
export function summary(p95: number | null, tokPerS: number | null, gpus = 1): SimSummary {
	return {
		requests: 1000,
		completed: 1000,
		dropped: 0,
		failed: 0,
		makespanS: 100,
		outputTokens: 200000,
		promptTokens: 600000,
		outputTokPerS: tokPerS,
		totalTokPerS: tokPerS === null ? null : tokPerS * 4,
		requestsPerS: 10,
		e2eP50S: p95 === null ? null : p95 / 3,
		e2eP95S: p95,
		e2eP99S: p95 === null ? null : p95 * 1.4,
		ttftP50S: 0.05,
		ttftP95S: 0.2,
		ttftP99S: 0.3,
		tbtP50Ms: 12,
		tbtP95Ms: 30,
		tbtP99Ms: 45,
		queueP50S: 0.01,
		queueP95S: 0.5,
		queueP99S: 0.9,
		e2eMeanS: p95 === null ? null : p95 / 2.5,
		slaViolationRate: 0.02,
		e2eViolationRate: null,
		ttftViolationRate: null,
		goodputRps: 9.8,
		gpuUtilization: 0.75,
		tokPerSPerGpu: tokPerS === null ? null : tokPerS / gpus,
		costPerMTokUsd: null,
		offeredTokPerS: 2500,
		meanBatchSize: 7.5,
		batches: 140,
		preemptions: 0,
		sloAttainment: 0.97,
		goodputReqPerS: 9.8,
		itlP50Ms: null,
		itlP95Ms: null,
		itlP99Ms: null,
		offeredReqPerS: 12
	};
}

const emptySeries: SimSeries = {
	e2eCdf: { x: [], y: [] },
	ttftCdf: { x: [], y: [] },
	e2eHistogram: { edgesS: [], counts: [] },
	timeline: { tS: [], queueLength: [], busyGpus: [] },
	perBin: []
};

const P95: Record<number, Record<number, Record<number, number>>> = {
	// size → gpus → bins → P95 E2E seconds
	1000: { 1: { 1: 42, 2: 30 }, 2: { 1: 12, 2: 9.5 }, 4: { 1: 8.1, 2: 7.9 } },
	10000: { 1: { 1: 640, 2: 410 }, 2: { 1: 120, 2: 88 }, 4: { 1: 21 } }
};

/** The fixture study. */
export function fixtureStudy(): StudyResult {
	const step1: Step1Row[] = [];
	for (const [size, byGpu] of Object.entries(P95)) {
		for (const [gpus, byBins] of Object.entries(byGpu)) {
			for (const [bins, p95] of Object.entries(byBins)) {
				const g = Number(gpus);
				step1.push({ key: `n=${size}|multibin|g=${g}|k=${bins}`, size: Number(size), method: 'multibin', gpus: g, bins: Number(bins), summary: summary(p95, 900 * Math.sqrt(g), g) });
			}
		}
	}
	const methods: Step2Method[] = ['static', 'dynamic', 'multibin', 'continuous', 'optimized'];
	const tput: Record<Step2Method, [number, number | null]> = {
		static: [410, 380],
		dynamic: [820, 790],
		multibin: [870, 845],
		continuous: [1900, 1850],
		'dynamic-cap': [2000, 1950],
		optimized: [2400, null]
	};
	const p95s: Record<Step2Method, [number, number | null]> = {
		static: [310, 4200],
		dynamic: [95, 1300],
		multibin: [60, 900],
		continuous: [4.2, 35],
		'dynamic-cap': [3.9, 30],
		optimized: [7.9, null]
	};
	const step2: Step2Row[] = [];
	for (const [j, size] of [1000, 10000].entries()) {
		for (const m of methods) {
			const p = p95s[m][j];
			step2.push({
				key: `n=${size}|${m}`,
				size,
				method: m,
				gpus: m === 'optimized' ? 4 : 1,
				bins: m === 'multibin' ? 4 : 1,
				batch: m === 'static' ? 8 : null,
				summary: p === null ? null : summary(p, tput[m][j]),
				series: p === null ? null : emptySeries,
				...(p === null ? { error: 'no configuration met the SLA limit' } : {})
			});
		}
	}
	const config = {
		...STUDY_DEFAULTS,
		sizes: [1000, 10000],
		gpuCounts: [1, 2, 4],
		binCounts: [1, 2],
		methods: [...STUDY_DEFAULTS.methods],
		base: defaultScenario()
	};
	return {
		engineVersion: 'fixture',
		config,
		notices: [],
		oracleRuns: [],
		workloads: [1000, 10000].map((size) => ({ size, requests: size, label: `${size}`, synthetic: true, offeredTokPerS: 2500, arrivalSpanS: size / 10 })),
		step1,
		summary: [],
		scaling: [1000, 10000].map((size) => ({
			size,
			bins: 2,
			points: [1, 2, 4].map((g) => ({
				gpus: g,
				p95E2eS: P95[size][g][2] ?? null,
				reductionVsFirst: null,
				reductionVsPrev: null,
				outputTokPerS: 900 * Math.sqrt(g),
				tokPerSPerGpu: (900 * Math.sqrt(g)) / g
			})),
			recommendedGpus: 2,
			kneeWithinGrid: true,
			note: 'fixture'
		})),
		binEffect: [],
		efficiency: {
			gpuCounts: [1, 2, 4],
			sizes: [1000, 10000],
			cells: [
				[900, 880],
				[636.4, 610],
				[450, null]
			]
		},
		optimized: [],
		step2,
		recommendations: [],
		arrivalBound: [],
		failures: [],
		cancelled: false,
		wallS: 0
	};
}
