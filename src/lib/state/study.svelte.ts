/**
 * The study run (Svelte 5 runes): start, progress with time left, cancel, result, and every run's
 * series for the single-configuration detail. Simulations run in the worker pool behind the result
 * cache, so a re-run reuses what it can and says how many.
 */
import { ENGINE_VERSION } from '../sim/index';
import type { SimSeries } from '../sim/types';
import { cancelledError, isStudyCancelled } from '../study/cancel';
import { checkStudyMemory, reportedDeviceMemoryGB, studyMemoryInput } from '../study/memory';
import { runStudy } from '../study/run-study';
import { defaultPoolSize, MAX_WORKERS } from '../workers/pool';
import type { RunExecutor, StudyProgress, StudyResult } from '../study/types';
import { cachedExecutor, type CacheTally } from './cached-executor';
import { markStudy } from './page-marks';
import { createExecutor } from './executor';
import type { StudyParams } from './params';
import { studyConfigFromParams } from './scenario-build';
import type { LoadedTrace } from './trace.svelte';
import { queryFromParams } from './url';
import { stageStudyWorkloads } from './staged-workloads';
import { PacedProgress } from './paced-progress';

/**
 * Seconds left, from simulated requests per second so far: each finished run weighs by its requests
 * (a 1M-request run counts a thousand times a 1K one), and the clock starts when the first simulation
 * was handed out (`simStartedAtMs`), so shaping the workloads and starting the workers do not slow the
 * rate. `nowMs` is the current time; without a start mark the whole elapsed time counts. Null until
 * there is a rate.
 */
export function estimateSecondsLeft(p: StudyProgress | null, elapsedS: number, nowMs = Date.now()): number | null {
	if (!p) return null;
	if (p.requestsDone >= p.requestsTotal) return 0;
	const simS = p.simStartedAtMs !== undefined ? Math.min(elapsedS, (nowMs - p.simStartedAtMs) / 1000) : elapsedS;
	if (p.requestsDone <= 0 || simS <= 0.5) return null;
	return (simS * (p.requestsTotal - p.requestsDone)) / p.requestsDone;
}

/** What a cancelled study tells the person: where it stopped, and that finished runs were kept. */
export function cancelledMessage(p: StudyProgress | null, tally: CacheTally): string {
	const where = p && p.phase !== 'done' ? ` during ${p.phase === 'step1' ? 'Step 1' : 'Step 2'}, after ${p.runsDone} of ${p.runsTotal} runs` : ' while preparing the workloads, before any simulation finished';
	const kept =
		tally.saved > 0
			? ` The ${tally.saved} simulation${tally.saved === 1 ? '' : 's'} it finished ${tally.saved === 1 ? 'is' : 'are'} saved in this browser: running the study again resumes from ${tally.saved === 1 ? 'it' : 'them'}.`
			: tally.simulated > 0
				? ` ${tally.simulated} finished simulation${tally.simulated === 1 ? ' was' : 's were'} not saved (${tally.notices[0] ?? 'browser storage refused them'}).`
				: '';
	return `The study was cancelled${where}.${kept} The previous results (if any) are still shown.`;
}

class StudyState {
	result = $state.raw<StudyResult | null>(null);
	/** Partial results while a study runs (study/progressive.ts); null otherwise. */
	partial = $state.raw<StudyResult | null>(null);
	/** Series of every run by run key (Step 1 and Step 2). */
	series = $state.raw<Map<string, SimSeries>>(new Map());
	/** Warnings of every run by run key (drops and their reasons); empty for a restored study. */
	warnings = $state.raw<Map<string, string[]>>(new Map());
	running = $state(false);
	/** What the Results step shows: the partial results while running, else the last finished study. */
	shown = $derived(this.running && this.partial ? this.partial : this.result);
	progress = $state.raw<StudyProgress | null>(null);
	startedAt = $state(0);
	now = $state(0);
	error = $state<string | null>(null);
	/** What the memory check says the study needs and where (study/memory.ts describeStudyMemory). */
	memoryLine = $state('');
	/** "Reused 12 of 40 runs from this browser's cache." */
	cacheLine = $state('');
	/** Name of the trace the result belongs to. */
	traceName = $state('');
	/** SHA-256 content key of that trace (results name it, so a number can be traced to its input). */
	traceHash = $state('');
	/** The scenario query string the result ran with (null when unknown), to compare with the form. */
	query = $state<string | null>(null);
	/**
	 * Simulation workers (RunPanel's "Workers" field): one per core by default. The memory check's
	 * advice to use fewer workers points here; fewer workers also hold fewer workload copies.
	 */
	workers = $state(defaultPoolSize());
	#executor: RunExecutor | null = null;
	/** Stops the parse worker that cuts the larger workloads (cancel, or the study ended without them). */
	#shaping: AbortController | null = null;
	#timer: ReturnType<typeof setInterval> | null = null;

	/** Seconds since the start of the current run. */
	elapsedS = $derived(this.running ? (this.now - this.startedAt) / 1000 : 0);
	secondsLeft = $derived(estimateSecondsLeft(this.progress, this.elapsedS, this.now));

	/** Runs the study on a loaded trace; resolves when done, failed or cancelled. */
	async run(loaded: LoadedTrace, params: StudyParams, traceHash: string): Promise<void> {
		if (this.running) return;
		this.running = true;
		markStudy('pressed');
		const shaping = (this.#shaping = new AbortController());
		this.error = null;
		this.progress = null;
		this.partial = null;
		this.cacheLine = '';
		this.startedAt = this.now = Date.now();
		// Progress is shown with the clock's tick and each partial result, not once per run (paced-progress.ts).
		const paced = new PacedProgress((p) => (this.progress = p));
		this.#timer = setInterval(() => {
			this.now = Date.now();
			paced.flush();
		}, 500);
		const series = new Map<string, SimSeries>();
		const warnings = new Map<string, string[]>();
		const tally: CacheTally = { reused: 0, simulated: 0, saved: 0, notices: [] };
		try {
			const config = studyConfigFromParams(params);
			// A study too big for this device degrades (fewer workers) or stops with a message,
			// rather than letting the tab die mid-run.
			const workers = Math.max(1, Math.min(MAX_WORKERS, Math.floor(Number(this.workers) || defaultPoolSize())));
			const memory = checkStudyMemory(studyMemoryInput(config, loaded.trace.arrivalS.length, workers), {
				deviceMemoryGB: reportedDeviceMemoryGB()
			});
			this.memoryLine = memory.needs ?? '';
			if (!memory.ok && !(memory.workersThatFit && memory.workersThatFit >= 1)) throw new Error(memory.message);
			const memoryNote = memory.ok ? '' : ` Ran with ${memory.workersThatFit} of ${workers} workers to fit this device's memory.`;
			// The pool the memory check allows: every worker asked for, or as many as fit this device.
			const poolSize = memory.ok ? workers : (memory.workersThatFit ?? 1);
			const inner = createExecutor(poolSize);
			const exec = cachedExecutor(inner, {
				traceHash,
				engineVersion: ENGINE_VERSION,
				rpsScale: config.rpsScale,
				requestsPerS: config.requestsPerS ?? null,
				keepFailed: config.keepFailed,
				onSeries: (k, s) => series.set(k, s),
				onWarnings: (k, w) => warnings.set(k, w),
				tally
			});
			this.#executor = exec;
			// The smallest workload is cut here and its runs start at once; cutting the larger ones takes
			// longer than a frame, so the parse worker cuts them, meanwhile or right after (staged-workloads.ts).
			const cores = typeof navigator !== 'undefined' && navigator.hardwareConcurrency > 0 ? navigator.hardwareConcurrency : 1;
			const staged = stageStudyWorkloads(loaded.trace, config, shaping.signal, () => markStudy('rest-shaped'), { workers: poolSize, cores });
			markStudy('shaped');
			if (shaping.signal.aborted) throw cancelledError();
			const result = await runStudy(
				{ staged },
				config,
				exec,
				(p) => paced.update(p),
				(partial) => {
					paced.flush();
					const before = this.partial?.partial?.sizesDone.length ?? 0;
					if (before === 0 && (partial.partial?.sizesDone.length ?? 0) > 0) markStudy('first-workload');
					this.partial = { ...partial, engineVersion: ENGINE_VERSION };
				}
			);
			paced.flush();
			this.result = result;
			this.series = series;
			this.warnings = warnings;
			this.traceName = loaded.trace.name;
			this.traceHash = traceHash;
			this.query = queryFromParams(params);
			const total = tally.reused + tally.simulated;
			this.cacheLine =
				tally.reused > 0
					? `Reused ${tally.reused} of ${total} runs from this browser's cache; simulated ${tally.simulated}.`
					: `Simulated ${tally.simulated} runs (none were in this browser's cache).`;
			if (tally.notices.length) this.cacheLine += ' ' + [...new Set(tally.notices)].join(' ');
			this.cacheLine += memoryNote;
		} catch (e) {
			// The cancel message says how far the study got: from the latest progress, not the last shown.
			paced.flush();
			this.error = isStudyCancelled(e) ? cancelledMessage(this.progress, tally) : `The study could not run: ${e instanceof Error ? e.message : String(e)}`;
		} finally {
			// A study that ended before its larger workloads arrived leaves no parse worker running.
			shaping.abort();
			this.#shaping = null;
			await this.#executor?.dispose?.();
			this.#executor = null;
			if (this.#timer) clearInterval(this.#timer);
			this.#timer = null;
			this.running = false;
			this.partial = null;
		}
	}

	/** Stops the running study; the page stays usable and keeps the previous result. */
	cancel(): void {
		this.#shaping?.abort();
		this.#executor?.cancel();
	}

	/** Puts a saved result back (History, reload), with the trace and scenario it ran on. */
	restore(result: StudyResult, traceName: string, line = '', from: { traceHash: string; query: string | null } = { traceHash: '', query: null }): void {
		this.result = result;
		this.series = new Map();
		this.warnings = new Map();
		this.traceName = traceName;
		this.traceHash = from.traceHash;
		this.query = from.query;
		this.cacheLine = line;
		this.error = null;
	}
}

/** The page's one study state. */
export const studyState = new StudyState();
