/**
 * Cached simulation results, keyed by resultKey(trace hash, normalized scenario, engine version).
 * A study asks for all its keys at once and simulates only the misses. Records from another engine
 * version are deleted on sight: never show a result the current engine would not produce.
 * ENGINE_VERSION is a parameter (from src/lib/sim/index.ts at the call site), so this module does not
 * depend on the engine.
 */
import type { SimResult } from '../sim/types';
import { getDb } from './db';
import { describeError, MESSAGES } from './errors';
import { memoryResults } from './memory';
import { packSeries, unpackSeries } from './packed-series';
import { missingTrace } from './trace-guard';
import { traceSavesSettled } from './trace-saves';
import { commit, writeTx } from './tx';
import type { CacheNotice, CacheRead, PutOutcome, ResultRecord } from './types';
import { isObject } from './record-shape';

export { putStudy, getStudy, listStudies, deleteStudy } from './studies';
export { clearAll } from './clear';

/** One result to store. */
export interface ResultEntry {
	key: string;
	traceHash: string;
	scenarioKey: string;
	result: SimResult;
}

/** Why a stored result record is unusable, or null. Checks the shape the tables read, not every number. */
export function resultProblem(x: unknown, key: string): string | null {
	if (!isObject(x)) return 'not an object';
	if (x.key !== key) return 'key mismatch';
	if (typeof x.traceHash !== 'string' || typeof x.scenarioKey !== 'string') return 'missing keys';
	if (typeof x.engineVersion !== 'string') return 'missing engine version';
	const r = x.result;
	if (!isObject(r) || !isObject(r.summary) || !isObject(r.series)) return 'result body missing';
	if (typeof r.summary.requests !== 'number' || typeof r.summary.completed !== 'number') return 'summary incomplete';
	if (!Array.isArray(r.warnings) || !isObject(r.dropReasons)) return 'result body incomplete';
	return null;
}

/**
 * The cached results among `keys` (a Map of hits). Stale records (another engine version) and
 * damaged ones are deleted; damaged ones are also reported.
 */
export async function getResults(keys: readonly string[], engineVersion: string): Promise<CacheRead<Map<string, SimResult>>> {
	const hits = new Map<string, SimResult>();
	const missing: string[] = [];
	for (const key of keys) {
		const held = memoryResults.get(key);
		if (held && held.engineVersion === engineVersion) hits.set(key, held.result);
		else {
			if (held) memoryResults.delete(key);
			missing.push(key);
		}
	}
	const conn = await getDb();
	if (!conn.ok) return { value: hits, persistent: false, notices: [conn.notice] };
	if (missing.length === 0) return { value: hits, persistent: true, notices: [] };
	let damaged = 0;
	let failed: CacheNotice | null;
	try {
		const tx = writeTx(conn.db, ['results']);
		const store = tx.objectStore('results');
		failed = await commit(
			tx,
			missing.map((key) => async () => {
				const rec: unknown = await store.get(key);
				if (rec === undefined) return;
				const problem = resultProblem(rec, key);
				const r = rec as ResultRecord;
				if (problem === null && r.engineVersion === engineVersion && r.result.engineVersion === engineVersion) {
					hits.set(key, { ...r.result, series: unpackSeries(r.result.series) });
					return;
				}
				if (problem !== null) damaged++;
				await store.delete(key);
			})
		);
	} catch (err) {
		failed = { reason: 'error', message: `Reading saved results failed: ${describeError(err)}` };
	}
	const notices: CacheNotice[] = [];
	if (damaged > 0) {
		notices.push({
			reason: 'corrupt',
			message: `${damaged} saved result${damaged === 1 ? ' was' : 's were'} damaged and removed; ${damaged === 1 ? 'it' : 'they'} will be simulated again.`
		});
	}
	if (failed) notices.push(failed);
	return { value: hits, persistent: true, notices };
}

/**
 * Stores results in one transaction, stamped with engineVersion, only if their traces still exist
 * (checked in the same transaction: see trace-guard.ts); results of a deleted trace are dropped with
 * reason 'trace-deleted'. On any other failure (quota full, no IndexedDB) they are kept in memory
 * for this tab, so a re-run still reuses them.
 */
export async function putResults(
	entries: readonly ResultEntry[],
	engineVersion: string,
	createdAt: number = Date.now()
): Promise<PutOutcome> {
	const records: ResultRecord[] = entries.map((e) => ({
		key: e.key,
		traceHash: e.traceHash,
		scenarioKey: e.scenarioKey,
		engineVersion,
		createdAt,
		result: e.result
	}));
	const keepInMemory = () => {
		for (const r of records) memoryResults.set(r.key, r);
	};
	if (records.length === 0) return { stored: true };
	// Their trace may still be being saved: judge "does it exist" once that save has ended.
	await traceSavesSettled(records.map((r) => r.traceHash));
	const conn = await getDb();
	if (!conn.ok) {
		keepInMemory();
		return { stored: false, ...conn.notice };
	}
	let failed: CacheNotice | null;
	let gone: string | undefined;
	try {
		const tx = writeTx(conn.db, ['traces', 'results']);
		failed = await commit(tx, [
			async () => {
				gone = await missingTrace(tx, records.map((r) => r.traceHash));
				// Stored with their series packed (packed-series.ts); memory keeps the records as they are.
				if (gone === undefined) await Promise.all(records.map((r) => tx.objectStore('results').put({ ...r, result: { ...r.result, series: packSeries(r.result.series) } })));
			}
		]);
	} catch (err) {
		failed = { reason: 'error', message: `Saving results failed: ${describeError(err)}` };
	}
	if (!failed && gone !== undefined) {
		for (const r of records) memoryResults.delete(r.key);
		return { stored: false, reason: 'trace-deleted', message: MESSAGES['trace-deleted'] };
	}
	if (failed) {
		keepInMemory();
		return { stored: false, ...failed };
	}
	for (const r of records) memoryResults.delete(r.key);
	return { stored: true };
}

/**
 * Deletes every stored result made by another engine version. Result keys include the engine
 * version, so a new engine never looks old records up: without this sweep (run once at start-up)
 * they would only take space. Returns how many went.
 */
export async function pruneStaleResults(engineVersion: string): Promise<CacheRead<number>> {
	for (const [key, r] of memoryResults) if (r.engineVersion !== engineVersion) memoryResults.delete(key);
	const conn = await getDb();
	if (!conn.ok) return { value: 0, persistent: false, notices: [conn.notice] };
	let removed = 0;
	let failed: CacheNotice | null;
	try {
		const tx = writeTx(conn.db, ['results']);
		const index = tx.objectStore('results').index('engineVersion');
		// "not equal" is two open ranges on either side of the current version.
		const ranges = [IDBKeyRange.upperBound(engineVersion, true), IDBKeyRange.lowerBound(engineVersion, true)];
		failed = await commit(
			tx,
			ranges.map((range) => async () => {
				const keys = await index.getAllKeys(range);
				removed += keys.length;
				await Promise.all(keys.map((k) => tx.objectStore('results').delete(k)));
			})
		);
	} catch (err) {
		failed = { reason: 'error', message: `Cleaning old results failed: ${describeError(err)}` };
	}
	return { value: failed ? 0 : removed, persistent: true, notices: failed ? [failed] : [] };
}
