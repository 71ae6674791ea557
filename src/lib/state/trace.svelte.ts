/**
 * The loaded trace and its loading state (Svelte 5 runes). Parsing happens in parse.worker.ts;
 * cancel terminates that worker. A failed load leaves the previously loaded trace in place, so the
 * person never loses what they had because of a bad file. A CSV whose header is not recognised is
 * kept (as `unmapped`) so the person can choose its columns and parse the same file again.
 */
import * as Comlink from 'comlink';
import { reportedDeviceMemoryGB, USABLE_DEVICE_SHARE } from '../study/memory';
import type { ColumnMapping } from '../trace/formats';
import { traceLimitsFor, validTraceLimits, type TraceLimits } from '../trace/limits';
import type { TraceSummary } from '../trace/summary';
import type { ParseReport, Trace, UserError } from '../trace/types';
import type { ParseWorkerApi, ParsedTrace } from '../workers/parse.worker';
import { spawnParseWorker } from './trace-worker';
import { workerFailure } from './worker-failure';

/** A trace ready to study: columns, report, summary numbers, and where it came from. */
export interface LoadedTrace {
	trace: Trace;
	report: ParseReport;
	/** Counts, quantiles and histograms, computed in the parse worker (summarizeTrace). */
	summary: TraceSummary;
	/** File size in bytes (0 for the built-in sample). */
	sizeBytes: number;
	/** The File it came from (for the cache's content hash); null for the sample or a restored trace. */
	file: File | null;
	/** Content hash once known (from the cache), used in result keys. */
	hash: string | null;
	/** The person's column mapping when the file was read with one (a plain CSV); absent otherwise. */
	mapping?: ColumnMapping;
}

/**
 * A file whose CSV header servescope did not recognise (or that lacks columns), kept in memory so the
 * page can offer its columns in a "Choose columns" form and parse it again with a mapping.
 */
export interface UnmappedFile {
	file: File;
	/** The header's column names, as the parser read them (UserError.columns). */
	columns: string[];
	/** The mapping of the last attempt that failed, if the person already tried one. */
	tried: ColumnMapping | null;
}

/** Loading progress for the progress bar. */
export interface TraceLoading {
	name: string;
	bytesDone: number;
	bytesTotal: number;
	/** Synthetic generation has no byte count: the bar is indeterminate. */
	indeterminate: boolean;
}

/**
 * The page's default trace limits: the request bound from the device's memory (navigator.deviceMemory,
 * half of it for this tab, as the study's memory check assumes), or a 4 GiB budget when unknown.
 */
export function pageTraceLimits(): TraceLimits {
	const gb = reportedDeviceMemoryGB();
	return traceLimitsFor(gb === undefined ? NaN : gb * 2 ** 30 * USABLE_DEVICE_SHARE);
}

/**
 * The parse worker that produced a trace, kept alive after its answer because it holds a copy of the
 * columns to save them (parse.worker.ts `save`); whoever saves the trace takes it and ends it.
 */
export interface TraceSaver {
	save: Comlink.Remote<ParseWorkerApi>['save'];
	/** Rejects when the worker fails (an error event) before answering. */
	died: Promise<never>;
	/** Terminates the worker (frees its copy); safe to call twice. */
	end: () => void;
}

/** Why a load did not complete. */
export type LoadOutcome = { ok: true; loaded: LoadedTrace } | { ok: false; error: UserError | null };

class TraceState {
	/** The trace the study runs on; raw because its typed arrays must not be proxied. */
	loaded = $state.raw<LoadedTrace | null>(null);
	loading = $state<TraceLoading | null>(null);
	/** The loaded trace's content key once known (reactive, unlike `loaded.hash`, which is filled in later). */
	hash = $state<string | null>(null);
	/** The last load's error (role="alert" in the UI); cleared by the next successful load. */
	error = $state.raw<UserError | null>(null);
	/** A short, neutral status line ("Loading cancelled.", "Restored from this browser's storage."). */
	status = $state('');
	/** The last dropped file when its header needs a column mapping; cleared by any successful load. */
	unmapped = $state.raw<UnmappedFile | null>(null);
	/** Bounds a file must stay within (TraceLoader's "Trace limits"); a file past one is refused while it streams. */
	limits = $state<TraceLimits>(pageTraceLimits());
	/**
	 * Counts what the person asked for (a drop, a pick, the sample button, a History click). Work the
	 * page starts on its own (restoring the last trace at start-up) records the count when it starts
	 * and gives up if it has moved: what the person did last wins, however slow the restore is.
	 */
	#acts = 0;
	#worker: Worker | null = null;
	/** The worker of the last successful load, until rememberTrace takes it to save that trace. */
	#saver: { loaded: LoadedTrace; saver: TraceSaver } | null = null;

	/** The parse worker holding a copy of `loaded` to save, once (null if another load came since, or none). */
	takeSaver(loaded: LoadedTrace): TraceSaver | null {
		if (this.#saver?.loaded !== loaded) return null;
		const { saver } = this.#saver;
		this.#saver = null;
		return saver;
	}

	/** Records a trace's content key, on the trace and (when it is the loaded one) for the page to show. */
	noteHash(loaded: LoadedTrace, hash: string): void {
		loaded.hash = hash;
		if (this.loaded === loaded) this.hash = hash;
	}

	/** The person asked for a trace: later automatic restores must not replace it. Returns this act's number. */
	personActed(): number {
		return ++this.#acts;
	}

	/** True while no person act happened after the one numbered `act` (or since `act` was read). */
	stillCurrent(act: number): boolean {
		return this.#acts === act;
	}

	/** The current act number, for automatic work to compare against later. */
	get acts(): number {
		return this.#acts;
	}

	/** Settles the pending load when cancelled (a terminated worker never answers through Comlink). */
	#abort: ((e: Error) => void) | null = null;

	/**
	 * Parses a dropped or picked file in a worker, with the person's column mapping when given. A
	 * header error that names the file's columns keeps the file as `unmapped`, so the page can offer
	 * them; a failed mapped attempt of that same file keeps it too (the person may choose again).
	 */
	async loadFile(file: File, mapping?: ColumnMapping): Promise<LoadOutcome> {
		// A fresh plain object: a $state proxy cannot be structured-cloned to the worker.
		const plain: ColumnMapping | undefined = mapping ? JSON.parse(JSON.stringify(mapping)) : undefined;
		const limits: TraceLimits = validTraceLimits(this.limits) ? { ...$state.snapshot(this.limits) } : pageTraceLimits();
		const r = await this.#run(
			{ name: file.name, bytesDone: 0, bytesTotal: file.size, indeterminate: false },
			(api) =>
				api.parse(
					file,
					Comlink.proxy((bytes: number) => {
						if (this.loading) this.loading.bytesDone = bytes;
					}),
					plain,
					limits
				),
			file.size,
			file,
			plain
		);
		if (!r.ok && r.error) {
			const columns = r.error.columns;
			if (columns && columns.length > 0) this.unmapped = { file, columns, tried: plain ?? null };
			else if (plain && this.unmapped?.file === file) this.unmapped = { ...this.unmapped, tried: plain };
			else this.unmapped = null;
		}
		return r;
	}

	/** Generates the built-in SYNTHETIC BurstGPT-like trace of n requests. */
	async loadSample(n: number, seed = 1): Promise<LoadOutcome> {
		return this.#run({ name: `synthetic sample (${n.toLocaleString('en-US')} requests)`, bytesDone: 0, bytesTotal: 0, indeterminate: true }, (api) => api.sample(n, seed), 0, null);
	}

	/**
	 * Puts an already parsed trace in place (restored from the cache). Callers adopt only for the
	 * latest person act, so a parse still in flight is older: it is stopped rather than left to land
	 * on top of this one.
	 */
	adopt(loaded: LoadedTrace, status = ''): void {
		if (this.#worker) {
			this.#worker.terminate();
			this.#worker = null;
			this.#abort?.(new Error('replaced'));
			this.#abort = null;
			this.loading = null;
		}
		this.loaded = loaded;
		this.hash = loaded.hash;
		this.error = null;
		this.unmapped = null;
		this.status = status;
	}

	/** Stops a load in progress; the previous trace stays loaded. */
	cancel(): void {
		this.#worker?.terminate();
		this.#worker = null;
		this.#abort?.(new Error('cancelled'));
		this.#abort = null;
		this.loading = null;
		this.status = 'Loading cancelled; the previous trace (if any) is still loaded.';
	}

	async #run(
		loading: TraceLoading,
		call: (api: Comlink.Remote<ParseWorkerApi>) => Promise<ParsedTrace>,
		sizeBytes: number,
		file: File | null,
		mapping?: ColumnMapping
	): Promise<LoadOutcome> {
		this.#worker?.terminate();
		this.#abort?.(new Error('replaced'));
		// A saver nobody took (its trace was never saved) only holds memory; one already saving is not here.
		this.#saver?.saver.end();
		this.#saver = null;
		const { worker, api } = spawnParseWorker();
		this.#worker = worker;
		this.loading = loading;
		this.status = '';
		let result: ParsedTrace;
		let keepWorker = false;
		let answered = false;
		try {
			const aborted = new Promise<never>((_, reject) => (this.#abort = reject));
			result = await Promise.race([call(api), aborted]);
			answered = result.ok;
		} catch (e) {
			// Terminated (cancel) or the worker died: only report when this is still the current load.
			if (this.#worker !== worker) return { ok: false, error: null };
			result = {
				ok: false,
				error: { code: 'worker-failed', message: `Reading "${loading.name}" stopped: ${e instanceof Error ? e.message : String(e)}. Try again, or try a smaller file.` }
			};
		} finally {
			if (this.#worker === worker) {
				// A successful parse's worker stays: it holds the copy the trace is saved from (TraceSaver).
				keepWorker = answered;
				if (!keepWorker) worker.terminate();
				this.#worker = null;
				this.loading = null;
			}
		}
		if (!result.ok) {
			this.error = result.error;
			return { ok: false, error: result.error };
		}
		const loaded: LoadedTrace = { trace: result.trace, report: result.report, summary: result.summary, sizeBytes, file, hash: null };
		if (mapping) loaded.mapping = mapping;
		if (keepWorker) this.#saver = { loaded, saver: saverOf(worker, api) };
		this.loaded = loaded;
		this.hash = null;
		this.error = null;
		this.unmapped = null;
		return { ok: true, loaded };
	}
}

/** The save handle of a parse worker that answered (TraceSaver). */
function saverOf(worker: Worker, api: Comlink.Remote<ParseWorkerApi>): TraceSaver {
	return { save: api.save, died: workerFailure(worker, 'the parse worker failed'), end: () => worker.terminate() };
}

/** The page's one trace state. */
export const traceState = new TraceState();
