/**
 * The Plan view's state (Svelte 5 runes): the person's inputs, prices, the run (progress as deployment
 * shapes finish, cancel) and the result. Runs go to the page's worker pool behind the result cache, so
 * a plan run again (or a study at the same rate) reuses what it can.
 */
import { GPUS } from '../../catalog/index';
import { findGpuPrice } from '../../catalog/prices';
import { defaultPlanConfig, planSpecShape, runPlan, validatePlanConfig } from '../../plan/index';
import type { PlanConfig, PlanProgress, PlanResult } from '../../plan/types';
import { ENGINE_VERSION } from '../../sim/index';
import type { KvPrecision, MethodName, WeightPrecision } from '../../sim/types';
import { isStudyCancelled } from '../../study/cancel';
import type { RunExecutor } from '../../study/types';
import { SAMPLE_SEED, startSavingTrace, traceHash } from '../../state/app.svelte';
import { cachedExecutor, type CacheTally } from '../../state/cached-executor';
import { createExecutor } from '../../state/executor';
import { traceState, type LoadedTrace } from '../../state/trace.svelte';

/** What the form edits (plain values; converted to a PlanConfig on run). */
export interface PlanInputs {
	rateReqPerS: number;
	requests: number;
	ttftS: number | null;
	tpotMs: number;
	e2eS: number | null;
	/** Percent, 95 = 95%. */
	attainmentPct: number;
	modelId: string;
	/** Candidate GPUs; empty = every catalog GPU that holds the model. */
	gpuIds: string[];
	tps: number[];
	weights: WeightPrecision[];
	kvDtypes: KvPrecision[];
	methods: MethodName[];
	maxGpus: number;
}

/** The form's defaults: the reference load and SLOs. */
export function defaultPlanInputs(): PlanInputs {
	const d = defaultPlanConfig();
	return {
		rateReqPerS: d.rateReqPerS,
		requests: d.requests,
		ttftS: d.ttftS,
		tpotMs: d.tpotS * 1000,
		e2eS: d.e2eS,
		attainmentPct: d.attainment * 100,
		modelId: d.modelId,
		gpuIds: [],
		tps: [],
		weights: ['bf16'],
		kvDtypes: ['bf16'],
		methods: ['continuous'],
		maxGpus: d.maxGpus
	};
}

/** The plan configuration of the form's inputs and the person's prices. */
export function planConfigOf(i: PlanInputs, prices: Record<string, number>): PlanConfig {
	return defaultPlanConfig({
		rateReqPerS: Number(i.rateReqPerS),
		requests: Math.floor(Number(i.requests)),
		ttftS: i.ttftS === null ? null : Number(i.ttftS),
		tpotS: Number(i.tpotMs) / 1000,
		e2eS: i.e2eS === null ? null : Number(i.e2eS),
		attainment: Number(i.attainmentPct) / 100,
		modelId: i.modelId,
		gpuIds: [...i.gpuIds],
		tps: [...i.tps],
		precisions: i.weights.flatMap((w) => i.kvDtypes.map((k) => ({ weights: w, kvDtype: k }))),
		methods: [...i.methods],
		maxGpus: Math.floor(Number(i.maxGpus)),
		prices: { ...prices }
	});
}

/** The catalog's default price of every GPU (null where none is public). */
export function defaultPrices(): Record<string, number | null> {
	return Object.fromEntries(GPUS.map((g) => [g.id, findGpuPrice(g.id)?.usdPerGpuHour ?? null]));
}

class PlanState {
	inputs = $state<PlanInputs>(defaultPlanInputs());
	/** The person's $/GPU-hour overrides by GPU id (empty = the catalog defaults). */
	prices = $state<Record<string, number>>({});
	result = $state.raw<PlanResult | null>(null);
	/** The trace the result was planned on. */
	traceName = $state('');
	running = $state(false);
	progress = $state.raw<PlanProgress | null>(null);
	error = $state<string | null>(null);
	cacheLine = $state('');
	#executor: RunExecutor | null = null;

	/** Every problem with the inputs as they stand (shown before a run is allowed). */
	problems = $derived(validatePlanConfig(planConfigOf(this.inputs, this.prices)));

	/** Plans on the loaded trace (the built-in sample is regenerated when it is shorter than asked). */
	async run(loadedAtStart: LoadedTrace): Promise<void> {
		if (this.running) return;
		this.running = true;
		this.error = null;
		this.progress = null;
		this.cacheLine = '';
		const tally: CacheTally = { reused: 0, simulated: 0, saved: 0, notices: [] };
		try {
			const config = planConfigOf($state.snapshot(this.inputs), $state.snapshot(this.prices));
			let loaded = loadedAtStart;
			if (loaded.trace.synthetic && loaded.trace.arrivalS.length < config.requests) {
				const r = await traceState.loadSample(config.requests, SAMPLE_SEED);
				if (!r.ok) throw new Error('The built-in sample could not be made longer; see the trace section.');
				loaded = r.loaded;
				await startSavingTrace(loaded);
			}
			const hash = await traceHash(loaded);
			const exec = cachedExecutor(createExecutor(), {
				traceHash: hash,
				engineVersion: ENGINE_VERSION,
				rpsScale: 1,
				keepFailed: true,
				onSeries: () => {},
				tally,
				shapeOf: (spec) => planSpecShape(spec, config)
			});
			this.#executor = exec;
			const result = await runPlan(loaded.trace, config, { executor: exec }, (p) => (this.progress = p));
			this.result = result;
			this.traceName = loaded.trace.name;
			this.cacheLine =
				tally.reused > 0 ? `Reused ${tally.reused} of ${tally.reused + tally.simulated} runs from this browser's cache.` : `Simulated ${tally.simulated} runs (none were in this browser's cache).`;
			if (tally.notices.length) this.cacheLine += ' ' + [...new Set(tally.notices)].join(' ');
		} catch (e) {
			this.error = isStudyCancelled(e)
				? `The plan was cancelled after ${(this.progress as PlanProgress | null)?.runsDone ?? 0} runs; the ${tally.saved} finished run(s) are saved in this browser, so planning again resumes from them.`
				: `The plan could not run: ${e instanceof Error ? e.message : String(e)}`;
		} finally {
			await this.#executor?.dispose?.();
			this.#executor = null;
			this.running = false;
		}
	}

	cancel(): void {
		this.#executor?.cancel();
	}
}

/** The page's one plan. */
export const planState = new PlanState();
