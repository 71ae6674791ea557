/**
 * Saved studies (configuration + summary, as the study module defines them) for the History panel.
 * Same rules as traces: never throw, fall back to memory, skip and report damaged records.
 */
import { getDb } from './db';
import { describeError, MESSAGES } from './errors';
import { memoryStudies } from './memory';
import { announce } from './broadcast';
import { missingTrace } from './trace-guard';
import { traceSavesSettled } from './trace-saves';
import { commit, writeTx } from './tx';
import type { CacheNotice, CacheRead, DeleteOutcome, PutOutcome, StudyListItem, StudyRecord } from './types';

function studyProblem(x: unknown): string | null {
	if (typeof x !== 'object' || x === null) return 'not an object';
	const s = x as Record<string, unknown>;
	if (typeof s.id !== 'string' || typeof s.traceHash !== 'string') return 'missing ids';
	if (typeof s.name !== 'string') return 'missing name';
	if (typeof s.createdAt !== 'number' || !Number.isFinite(s.createdAt)) return 'bad createdAt';
	if (!('config' in s) || !('summary' in s)) return 'missing body';
	return null;
}

function corrupt(count: number): CacheNotice {
	return {
		reason: 'corrupt',
		message: `${count} saved stud${count === 1 ? 'y was' : 'ies were'} damaged and removed from History; run the study again to recreate ${count === 1 ? 'it' : 'them'}.`
	};
}

function toItem(s: StudyRecord, memoryOnly: boolean): StudyListItem {
	const item: StudyListItem = { id: s.id, traceHash: s.traceHash, name: s.name, createdAt: s.createdAt, memoryOnly };
	if (s.engineVersion !== undefined) item.engineVersion = s.engineVersion;
	return item;
}

/**
 * Saves a study (replacing one with the same id), only while its trace exists (checked in the same
 * transaction): a study of a deleted trace is dropped with reason 'trace-deleted'. On any other
 * failure it is kept in memory for this tab.
 */
export async function putStudy<C, S>(study: StudyRecord<C, S>): Promise<PutOutcome> {
	await traceSavesSettled([study.traceHash]);
	const conn = await getDb();
	if (!conn.ok) {
		memoryStudies.set(study.id, study);
		return { stored: false, ...conn.notice };
	}
	let failed: CacheNotice | null;
	let gone: string | undefined;
	try {
		const tx = writeTx(conn.db, ['traces', 'studies']);
		failed = await commit(tx, [
			async () => {
				gone = await missingTrace(tx, [study.traceHash]);
				if (gone === undefined) await tx.objectStore('studies').put(study);
			}
		]);
	} catch (err) {
		failed = { reason: 'error', message: `Saving the study failed: ${describeError(err)}` };
	}
	if (!failed && gone !== undefined) {
		memoryStudies.delete(study.id);
		return { stored: false, reason: 'trace-deleted', message: MESSAGES['trace-deleted'] };
	}
	if (failed) {
		memoryStudies.set(study.id, study);
		return { stored: false, ...failed };
	}
	memoryStudies.delete(study.id);
	announce({ kind: 'stored' });
	return { stored: true };
}

/** A saved study by id, or null. A damaged one is deleted and reported. */
export async function getStudy(id: string): Promise<CacheRead<StudyRecord | null>> {
	const held = memoryStudies.get(id);
	if (held) return { value: held, persistent: false, notices: [] };
	const conn = await getDb();
	if (!conn.ok) return { value: null, persistent: false, notices: [conn.notice] };
	try {
		const rec: unknown = await conn.db.get('studies', id);
		if (rec === undefined) return { value: null, persistent: true, notices: [] };
		if (studyProblem(rec) === null) return { value: rec as StudyRecord, persistent: true, notices: [] };
		await conn.db.delete('studies', id);
		return { value: null, persistent: true, notices: [corrupt(1)] };
	} catch (err) {
		return { value: null, persistent: true, notices: [{ reason: 'error', message: `Reading the study failed: ${describeError(err)}` }] };
	}
}

/** Saved studies, newest first (summaries left out). Damaged ones are deleted and reported. */
export async function listStudies(): Promise<CacheRead<StudyListItem[]>> {
	const memoryItems = [...memoryStudies.values()].map((s) => toItem(s, true));
	const byNewest = (a: StudyListItem, b: StudyListItem) => b.createdAt - a.createdAt;
	const conn = await getDb();
	if (!conn.ok) return { value: memoryItems.sort(byNewest), persistent: false, notices: [conn.notice] };
	const notices: CacheNotice[] = [];
	const items: StudyListItem[] = [];
	try {
		const tx = writeTx(conn.db, ['studies']);
		let damaged = 0;
		const failed = await commit(tx, [
			async () => {
				let cursor = await tx.objectStore('studies').openCursor();
				while (cursor) {
					const rec: unknown = cursor.value;
					if (studyProblem(rec) === null) items.push(toItem(rec as StudyRecord, false));
					else {
						damaged++;
						await cursor.delete();
					}
					cursor = await cursor.continue();
				}
			}
		]);
		if (damaged > 0) notices.push(corrupt(damaged));
		if (failed) notices.push(failed);
	} catch (err) {
		notices.push({ reason: 'error', message: `Reading History failed: ${describeError(err)}` });
	}
	const stored = new Set(items.map((s) => s.id));
	for (const m of memoryItems) if (!stored.has(m.id)) items.push(m);
	return { value: items.sort(byNewest), persistent: true, notices };
}

/** Deletes a saved study (memory and disk). */
export async function deleteStudy(id: string): Promise<DeleteOutcome> {
	memoryStudies.delete(id);
	const conn = await getDb();
	// Without IndexedDB the memory copy was the only one: deleting it is the whole job.
	if (!conn.ok) return conn.notice.reason === 'unavailable' ? { deleted: true } : { deleted: false, ...conn.notice };
	try {
		await conn.db.delete('studies', id);
		announce({ kind: 'study-deleted', id });
		return { deleted: true };
	} catch (err) {
		return { deleted: false, reason: 'error', message: `Deleting the study failed: ${describeError(err)}` };
	}
}
