/**
 * Page-level actions that tie trace, scenario, study and cache together: content hash of a trace,
 * saving and restoring the last trace and study, and starting a study. Route files stay glue.
 */
import { onCacheChange, type CacheChange } from '../cache/broadcast';
import { sha256HexOfText } from '../cache/key';
import { deleteStudy, getStudy, listStudies, pruneStaleResults, putStudy } from '../cache/results';
import { getTrace, listTraces, pruneOrphanChunks, putTrace } from '../cache/traces';
import { trackTraceSave } from '../cache/trace-saves';
import { ENGINE_VERSION } from '../sim/index';
import type { StudyResult } from '../study/types';
import type { ColumnMapping } from '../trace/formats';
import { syntheticName } from '../trace/synth';
import { mappedTraceKey } from './column-mapping';
import type { TraceRef } from './trace-link';
import { scenarioState } from './scenario.svelte';
import { studyState } from './study.svelte';
import { hashFileOffThread, saveFromWorker, summarizeOffThread } from './trace-worker';
import { traceState, type LoadedTrace } from './trace.svelte';
import { markTraceSave } from './page-marks';

/** Seed of the built-in sample (independent of the scenario's seed, so changing one keeps the trace). */
export const SAMPLE_SEED = 1;

class AppState {
	/** Cache problems worth a banner (quota full, private window...). */
	cacheNotices = $state<string[]>([]);
	/** Bumped after anything is stored, so History refreshes. */
	historyVersion = $state(0);
	/** True once start-up's restore has finished or given way (tests wait on it: h1[data-startup]). */
	startupDone = $state(false);
	/** The trace the opened link names (trace-link.ts), kept so the page can say "drop <name> to reproduce". */
	linkTrace = $state.raw<TraceRef | null>(null);

	note(messages: string[]): void {
		const fresh = messages.filter((m) => !this.cacheNotices.includes(m));
		if (fresh.length) this.cacheNotices = [...this.cacheNotices, ...fresh];
	}
}

/** The page's cache notices and history refresh counter. */
export const appState = new AppState();

/**
 * A stable content key for a trace: SHA-256 of the file's bytes (plus the column mapping's hash when
 * the file was read with one), or the generator's name and size.
 */
export async function traceHash(loaded: LoadedTrace): Promise<string> {
	if (loaded.hash) return loaded.hash;
	const hash = loaded.file
		? await mappedTraceKey(await hashFileOffThread(loaded.file), loaded.mapping)
		: await sha256HexOfText(`${loaded.trace.name}|${loaded.trace.arrivalS.length}`);
	traceState.noteHash(loaded, hash);
	return hash;
}

/**
 * Stores a freshly loaded trace so a reload (or dropping the same file) skips parsing. The parse worker
 * that produced it saves it from its own copy (trace-worker.ts saveFromWorker); this thread clones
 * nothing. Without that worker (no module workers) it is saved from here (cache/traces.ts putTrace).
 * Resolves when the save has ended; callers that need not wait may leave it running: results and
 * studies of the trace wait for it themselves (cache/trace-saves.ts).
 */
export async function rememberTrace(loaded: LoadedTrace): Promise<void> {
	const saver = traceState.takeSaver(loaded);
	try {
		markTraceSave('start');
		const hash = await traceHash(loaded);
		const meta = { name: loaded.trace.name, sizeBytes: loaded.sizeBytes, format: loaded.trace.format };
		const createdAt = Date.now();
		const put = saver
			? await saveFromWorker({ saver, hash, meta, trace: loaded.trace, report: loaded.report, createdAt })
			: // Registered too, so results of the trace wait for it (it cannot be stopped half-way: no worker to end).
				await trackTraceSave(hash, putTrace(hash, meta, loaded.trace, loaded.report, createdAt), () => {});
		if (!put.stored) appState.note([put.message]);
		markTraceSave('end');
		appState.historyVersion++;
	} catch (e) {
		saver?.end();
		appState.note([`The trace could not be saved in this browser: ${e instanceof Error ? e.message : String(e)}. It stays loaded in this tab.`]);
	}
}

/**
 * Starts saving a trace the page made itself (the sample regenerated longer) and resolves once its key
 * is known, not when the save ends: the save then registers (cache/trace-saves.ts) before any result of
 * the trace is written, and those results wait for it while the runs go on.
 */
export async function startSavingTrace(loaded: LoadedTrace): Promise<void> {
	await traceHash(loaded);
	void rememberTrace(loaded);
}

/**
 * Loads a stored trace by hash into the page. `act` is the person act this load serves: by default a
 * new one (a History click); start-up's restore passes the count it read when it began, so a file the
 * person dropped meanwhile is never replaced by the restored trace (traceState.personActed).
 */
export async function openStoredTrace(hash: string, status = 'Restored from this browser’s storage (no re-parse).', act = traceState.personActed()): Promise<boolean> {
	const read = await getTrace(hash);
	appState.note(read.notices.map((n) => n.message));
	const v = read.value;
	if (!v || !traceState.stillCurrent(act)) return false;
	// The summary sorts whole columns: the parse worker computes it, as it does after a parse.
	const summary = await summarizeOffThread(v.trace, v.report);
	if (!traceState.stillCurrent(act)) return false;
	traceState.adopt({ trace: v.trace, report: v.report, summary, sizeBytes: v.meta.sizeBytes, file: null, hash }, status);
	return true;
}

/**
 * Opens a saved study with its trace, and its scenario into the form (so the form says what the
 * numbers are for). A study whose trace is gone (deleted in another tab, or the site data cleared
 * while it ran) is never shown without it: it is removed, and the page says why. `act` as in
 * openStoredTrace: a person act made after this began wins, and nothing here is shown.
 */
export async function openStoredStudy(id: string, act = traceState.personActed()): Promise<boolean> {
	const read = await getStudy(id);
	appState.note(read.notices.map((n) => n.message));
	const rec = read.value;
	if (!rec || !traceState.stillCurrent(act)) return false;
	if (rec.engineVersion !== ENGINE_VERSION) {
		appState.note([`The saved study "${rec.name}" came from an older engine; run it again for current numbers.`]);
		return false;
	}
	if (traceState.loaded?.hash !== rec.traceHash && !(await openStoredTrace(rec.traceHash, undefined, act))) {
		if (!traceState.stillCurrent(act)) return false;
		await deleteStudy(rec.id);
		appState.note([`The saved study "${rec.name}" was removed: its trace is no longer in this browser (deleted, or the site data was cleared). Drop the trace again and re-run the study.`]);
		appState.historyVersion++;
		return false;
	}
	if (!traceState.stillCurrent(act)) return false;
	const query = studyQuery(rec);
	if (query !== null && query !== scenarioState.query) scenarioState.fromQuery(query);
	const traceName = traceState.loaded?.hash === rec.traceHash ? traceState.loaded.trace.name : rec.name;
	studyState.restore(rec.summary as StudyResult, traceName, 'Restored the last study from this browser’s storage.', { traceHash: rec.traceHash, query });
	return true;
}

/** The scenario part of a study id (`${traceHash}|${query}`, see startStudy): the query string it ran with. */
export function studyQuery(s: { id: string; traceHash: string }): string | null {
	return s.id.startsWith(`${s.traceHash}|`) ? s.id.slice(s.traceHash.length + 1) : null;
}

/**
 * On page load: reopen the newest stored study of the URL's scenario and its trace, or just the
 * newest trace. A study of another scenario is not restored: its numbers would sit under a form
 * that says something else (it stays one click away in History).
 */
export async function restoreLast(): Promise<void> {
	// Read, not bumped: any drop, pick or click from now on outranks this restore.
	const act = traceState.acts;
	try {
		const studies = await listStudies();
		appState.note(studies.notices.map((n) => n.message));
		const query = scenarioState.query;
		// A link that names its trace by hash restores only that trace's study, and that trace first.
		const wanted = appState.linkTrace?.hashPrefix ?? '';
		const ofLink = (hash: string) => !wanted || hash.startsWith(wanted);
		const newest = studies.value.find((s) => s.engineVersion === ENGINE_VERSION && studyQuery(s) === query && ofLink(s.traceHash));
		if (newest && (await openStoredStudy(newest.id, act))) return;
		const traces = await listTraces();
		appState.note(traces.notices.map((n) => n.message));
		const trace = traces.value.find((t) => ofLink(t.hash)) ?? traces.value[0];
		if (trace && !traceState.loaded) await openStoredTrace(trace.hash, undefined, act);
	} catch (e) {
		appState.note([`Saved traces and studies could not be read: ${e instanceof Error ? e.message : String(e)}.`]);
	}
}

/**
 * Another tab changed the saved data: History here refreshes, and a deletion of the trace loaded
 * here is said out loud (it stays usable in this tab, but nothing more of it will be saved).
 */
function heardFromOtherTab(c: CacheChange): void {
	appState.historyVersion++;
	const loaded = traceState.loaded;
	if (!loaded?.hash) return;
	if ((c.kind === 'trace-deleted' && c.hash === loaded.hash) || c.kind === 'cleared') {
		appState.note([
			`"${loaded.trace.name}" was ${c.kind === 'cleared' ? 'cleared' : 'deleted'} from this browser's storage in another tab. It stays loaded here, but results and studies of it are no longer saved; drop the file again to keep them.`
		]);
	}
}

/**
 * Start-up: reopen the last trace and study, then drop results of older engine versions (their keys
 * can never be looked up again, so they would only take space). Runs once per page load.
 */
export async function startUp(): Promise<void> {
	onCacheChange(heardFromOtherTab);
	await restoreLast();
	appState.startupDone = true;
	try {
		const pruned = await pruneStaleResults(ENGINE_VERSION);
		appState.note(pruned.notices.map((n) => n.message));
		await pruneOrphanChunks();
	} catch {
		// Cleaning is housekeeping: a failure here costs only disk space.
	}
}

/**
 * Runs the study on the loaded trace with the current scenario. The built-in sample is regenerated
 * first when the largest workload size needs more requests than it holds.
 */
export async function startStudy(): Promise<void> {
	const params = $state.snapshot(scenarioState.params);
	let loaded = traceState.loaded;
	if (!loaded) return;
	const largest = Math.max(...params.sizes);
	if (loaded.trace.synthetic && loaded.trace.arrivalS.length < largest) {
		traceState.personActed();
		const r = await traceState.loadSample(largest, SAMPLE_SEED);
		if (!r.ok) return;
		loaded = r.loaded;
		await startSavingTrace(loaded);
	}
	const hash = await traceHash(loaded);
	await studyState.run(loaded, params, hash);
	const result = studyState.result;
	if (result && !studyState.error) {
		// The sample's own name already says "synthetic": no "SYNTHETIC synthetic …" in History.
		const label = loaded.trace.synthetic && !/^synthetic\b/i.test(loaded.trace.name) ? `synthetic ${loaded.trace.name}` : loaded.trace.name;
		const name = `${label}: ${params.sizes.length} size${params.sizes.length === 1 ? '' : 's'} × ${params.gpus.length} GPU count${params.gpus.length === 1 ? '' : 's'} × ${params.bins.length} bin count${params.bins.length === 1 ? '' : 's'}`;
		const put = await putStudy({ id: `${hash}|${scenarioState.query}`, traceHash: hash, name, createdAt: Date.now(), config: result.config, summary: result, engineVersion: ENGINE_VERSION });
		if (!put.stored) appState.note([put.message]);
		appState.historyVersion++;
	}
}

/** The built-in sample, generated because the person asked for it (the sample button). */
export async function loadSample(n: number): Promise<boolean> {
	traceState.personActed();
	const r = await traceState.loadSample(n, SAMPLE_SEED);
	if (r.ok) await rememberTrace(r.loaded);
	return r.ok;
}

/** Name of the built-in sample for n requests (as the generator names it). */
export function sampleName(): string {
	return syntheticName(SAMPLE_SEED);
}

/**
 * Loads a dropped or picked file: when this browser already holds a parse of the same bytes
 * (SHA-256) read the same way, it is reused without parsing; otherwise the file is parsed in the
 * worker and stored. With a column mapping (a plain CSV whose header is not a known format) the key
 * is the content hash plus the mapping's hash, so another mapping of the same bytes is parsed anew.
 */
export async function loadFile(file: File, mapping?: ColumnMapping): Promise<boolean> {
	// Counted before the first await: a restore still running from start-up can no longer win.
	const act = traceState.personActed();
	let hash: string | null = null;
	try {
		hash = await mappedTraceKey(await hashFileOffThread(file), mapping);
		const how = mapping ? ' with the same columns' : '';
		if (await openStoredTrace(hash, `Same file as before: reused the stored parse of "${file.name}"${how} (no re-parse).`, act)) return true;
	} catch {
		// Hashing or reading the cache failed: parse as usual.
	}
	// Another drop or click came while this file was hashed: that one is what the person wants now.
	if (!traceState.stillCurrent(act)) return false;
	const r = await traceState.loadFile(file, mapping);
	if (!r.ok) return false;
	if (hash) traceState.noteHash(r.loaded, hash);
	await rememberTrace(r.loaded);
	return true;
}
