/**
 * The two-step study, independent of where simulations run: Step 1's grid, the analysis, Step 2's
 * comparison (whose "optimized" row needs Step 1 first), recommendations and notices. The executor
 * decides the threads; results are the same whichever executor, since every run is keyed and seeded
 * by its content and the outcomes are put back in plan order.
 */
import { studySetting } from './setting';
import { ENGINE_VERSION } from '../sim/index';
import type { SimSummary } from '../sim/types';
import type { Trace } from '../trace/types';
import { arrivalBound } from './analyze';
import { firstWorkloadFirst, partialDue, partialStudyBuilder } from './progressive';
import { recommend } from './recommend';
import { step1Analysis, sortStep1 } from './step1-analysis';
import { step2Rows } from './step2-rows';
import { validateStudyConfig } from './config';
import { largestFirst, planStep1, planStep2, step2MaxRuns, uniqueSorted } from './plan';
import type {
	RunExecutor,
	RunOutcome,
	RunSpec,
	Step1Method,
	Step1Row,
	StudyConfig,
	StudyFailure,
	StudyProgress,
	StudyPartialFn,
	StudyProgressFn,
	StudyResult,
	StudyWorkload,
	StudyWorkloadInfo
} from './types';
import { fitConfigToWorkloads, studyWorkloads } from './shape';
import { requestsBySize, workloadInfo } from './workloads';

/**
 * Workloads that arrive in two parts (the page): the smallest size's, cut at once, and every other
 * size's, cut meanwhile elsewhere (the parse worker), so the first runs need not wait for the largest
 * workload. `sizes` and `notices` are the study's sizes already fitted to the trace (shape.ts
 * fitStudyToTrace): each fitted size's workload has exactly that many requests, so the study is
 * planned before the rest arrive. `rest` is called once: when the study starts, or, with
 * `restAfterFirst`, once the smallest workload's runs are done (the cutting then does not compete with
 * them for the cores); it rejects with the shaping error (or StudyCancelled), which the study then
 * rejects with.
 */
export interface StagedWorkloads {
	sizes: number[];
	notices: string[];
	first: StudyWorkload;
	rest: () => Promise<StudyWorkload[]>;
	restAfterFirst?: boolean;
}

/** A trace to cut the workloads from, workloads already shaped (one per configured size), or staged ones. */
export type StudyInput = { trace: Trace } | { workloads: StudyWorkload[] } | { staged: StagedWorkloads };

/** The study as run (sizes fitted), its notices, the workloads at hand and those still to come. */
function studyInputParts(input: StudyInput, asked: StudyConfig): { config: StudyConfig; notices: string[]; ready: StudyWorkload[]; later: (() => Promise<StudyWorkload[]>) | null } {
	// Sizes larger than the trace run the whole trace once (shape.ts); `config` is the study as run.
	if ('trace' in input) {
		const w = studyWorkloads(input.trace, asked);
		if (!w.ok) throw new Error(w.error.message);
		return { config: w.config, notices: w.notices, ready: w.workloads, later: null };
	}
	if ('workloads' in input) return { ...fitConfigToWorkloads(asked, input.workloads), ready: input.workloads, later: null };
	const { sizes, notices, first, rest } = input.staged;
	if (first.size !== Math.min(...sizes)) throw new Error(`The study's first workload must be its smallest size (${Math.min(...sizes)}); got ${first.size}.`);
	let started: Promise<StudyWorkload[]> | null = null;
	const later = () => (started ??= rest());
	if (!input.staged.restAfterFirst) {
		// Awaited only after the first batch: a rejection meanwhile must not count as unhandled.
		later().catch(() => {});
	}
	return { config: { ...asked, sizes: [...sizes] }, notices: [...notices], ready: [first], later };
}

/** The workloads of `sizes`, or an Error naming the sizes without one. */
function workloadsFor(sizes: number[], workloads: StudyWorkload[]): StudyWorkload[] {
	const missing = sizes.filter((s) => !workloads.some((w) => w.size === s));
	if (missing.length) throw new Error(`The study has no workload for size(s) ${missing.join(', ')}.`);
	return sizes.map((s) => workloads.find((w) => w.size === s) as StudyWorkload);
}

function failure(spec: RunSpec, reason: string, step: 1 | 2): StudyFailure {
	return { key: spec.key, step, size: spec.size, method: spec.method, gpus: spec.gpus, bins: spec.bins, reason };
}

/**
 * Runs the whole study. Rejects with a readable Error for an invalid configuration or a trace too short
 * for a size, and with the StudyCancelled error when the executor is cancelled; a run that fails
 * (throws, worker dies) is recorded in `failures` and every other run still counts.
 */
export async function runStudy(
	input: StudyInput,
	asked: StudyConfig,
	executor: RunExecutor,
	onProgress?: StudyProgressFn,
	onPartial?: StudyPartialFn
): Promise<StudyResult> {
	const t0 = Date.now();
	const errs = validateStudyConfig(asked);
	if (errs.length) throw new Error(`The study cannot run: ${errs.join(' ')}`);
	const { config, notices, ready, later } = studyInputParts(input, asked);
	const sizes = uniqueSorted(config.sizes);
	let workloads = later ? ready : workloadsFor(sizes, ready);
	// Infos of the workloads at hand, in size order; those still being cut join when they arrive.
	let infos: StudyWorkloadInfo[] = workloads.map(workloadInfo);
	// A staged size's workload has exactly `size` requests (shape.ts fitStudyToTrace).
	const counts: Record<number, number> = { ...Object.fromEntries(sizes.map((s) => [s, s])), ...requestsBySize(workloads) };

	const step1Specs = planStep1(config, counts);
	const step2Planned = step2MaxRuns(config);
	const progress: StudyProgress = {
		phase: 'step1',
		runsDone: 0,
		runsTotal: step1Specs.length + step2Planned,
		requestsDone: 0,
		requestsTotal: step1Specs.reduce((s, x) => s + x.requests, 0) + (sizes.reduce((s, n) => s + (counts[n] ?? n), 0) * step2Planned) / Math.max(1, sizes.length)
	};
	const tick = (spec: RunSpec | null, requests: number) => {
		progress.runsDone++;
		progress.requestsDone += requests;
		progress.lastKey = spec?.key;
		onProgress?.({ ...progress });
	};

	await executor.prepare(workloads);
	const simStartedAtMs = (progress.simStartedAtMs = Date.now());

	// Step 1: the grid, the smallest workload's runs as a batch of their own first (progressive.ts),
	// while (or before) staged workloads are cut; outcomes back in plan order.
	const partial = onPartial ? partialStudyBuilder(config, sizes, () => infos, step1Specs, t0) : null;
	let lastPartial = 0;
	let anyComplete = false;
	const step1Done = new Map<string, RunOutcome>();
	const onStep1 = (spec: RunSpec, o: RunOutcome) => {
		step1Done.set(spec.key, o);
		tick(spec, spec.requests);
		if (!partial || !onPartial) return;
		const row = o.ok ? { key: spec.key, size: spec.size, method: spec.method as Step1Method, gpus: spec.gpus, bins: spec.bins, summary: o.summary } : null;
		const completedWorkload = partial.add(spec, row);
		const now = Date.now();
		if (partialDue({ completedWorkload, anyComplete, nowMs: now, lastMs: lastPartial, simStartedAtMs })) {
			anyComplete ||= completedWorkload;
			lastPartial = now;
			onPartial(partial.build());
		}
	};
	const batches = firstWorkloadFirst(step1Specs);
	await executor.run(batches.first, onStep1);
	if (later) {
		workloads = workloadsFor(sizes, [...ready, ...(await later())]);
		infos = workloads.map(workloadInfo);
		await executor.prepare(workloads.filter((w) => !ready.includes(w)));
	}
	await executor.run(batches.rest, onStep1);
	const step1Outcomes = step1Specs.map((spec) => step1Done.get(spec.key) ?? { ok: false as const, key: spec.key, error: 'the executor returned no outcome for this run' });
	const byKey = new Map<string, RunOutcome>();
	const failures: StudyFailure[] = [];
	const step1: Step1Row[] = [];
	const oracleRuns: Step1Row[] = [];
	step1Specs.forEach((spec, i) => {
		const o = step1Outcomes[i];
		byKey.set(spec.key, o);
		const row = { key: spec.key, size: spec.size, method: spec.method as Step1Method, gpus: spec.gpus, bins: spec.bins };
		if (o.ok) (spec.oracle ? oracleRuns : step1).push({ ...row, summary: o.summary });
		else failures.push(failure(spec, o.error, 1));
	});
	sortStep1(step1);
	sortStep1(oracleRuns);
	const { summary, scaling, binEffect: bins, efficiency, optimized } = step1Analysis(config, sizes, step1, oracleRuns);

	// Step 2: reuse any run Step 1 already made (same content key), simulate the rest.
	progress.phase = 'step2';
	const step2Specs = planStep2(config, optimized, counts);
	// Progress planned the most Step 2 runs a size can have; count the ones not needed as done.
	const perSize = step2Planned / Math.max(1, sizes.length);
	for (const n of sizes) for (let i = step2Specs.filter((x) => x.size === n).length; i < perSize; i++) tick(null, counts[n] ?? n);
	const fresh: RunSpec[] = [];
	for (const spec of step2Specs) {
		if (byKey.has(spec.key) || fresh.some((s) => s.key === spec.key)) tick(spec, spec.requests);
		else fresh.push(spec);
	}
	// Largest first, as Step 1: in plan order (sizes ascending) the 1M workload's runs came last, and the
	// longest of them kept one worker busy for seconds after the other had finished.
	const toRun = largestFirst(fresh);
	const step2Outcomes = await executor.run(toRun, (spec) => tick(spec, spec.requests));
	toRun.forEach((spec, i) => {
		byKey.set(spec.key, step2Outcomes[i]);
		if (!step2Outcomes[i].ok) failures.push(failure(spec, (step2Outcomes[i] as { error: string }).error, 2));
	});

	const step2 = step2Rows(config, sizes, step2Specs, optimized, byKey);

	// A row's GPU count is its replicas; each holds the study's TP GPUs, so the hourly price is per replica.
	const tp = studySetting({ config, workloads: infos }).tp ?? 1;
	const settings = { attainment: config.attainment, kneeThreshold: config.kneeThreshold, sla: config.base.sla, costPerGpuHour: config.base.costPerGpuHour * tp };
	const recommendations = sizes.flatMap((n) => recommend(step1, n, settings));
	const arrival = infos
		.map((info) => {
			// Every distinct simulation of this size once (Step 2 reuses Step 1 keys).
			const sums: SimSummary[] = [];
			for (const [key, o] of byKey) if (o.ok && key.startsWith(`n=${info.size}|`)) sums.push(o.summary);
			return arrivalBound(sums, info);
		})
		.filter((x) => x !== null);

	progress.phase = 'done';
	onProgress?.({ ...progress });
	return {
		engineVersion: ENGINE_VERSION,
		config,
		notices,
		oracleRuns,
		workloads: infos,
		step1,
		summary,
		scaling,
		binEffect: bins,
		efficiency,
		optimized,
		step2,
		recommendations,
		arrivalBound: arrival,
		failures,
		cancelled: false,
		wallS: (Date.now() - t0) / 1000
	};
}
