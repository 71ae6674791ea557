/**
 * Per-operator profiles a person calibrated in the page, kept in IndexedDB (store `profiles`, v3) so
 * they can be picked again for their GPU. Same rules as the other stores: never throw, fall back to
 * this tab's memory with a notice, skip and delete damaged records.
 */
import { getDb } from './db';
import { describeError } from './errors';
import { commit, writeTx } from './tx';
import type { CacheNotice, CacheRead, PutOutcome } from './types';
import type { PerOpProfile } from '../sim/perf/per-op-profile';
import { parseProfile } from '../calibrate/profile-file';

/** One stored profile: the profile itself plus where it came from. */
export interface ProfileRecord {
	/** Content-derived id (GPU + parameters), so the same calibration is stored once. */
	id: string;
	/** Catalog GPU id the profile was calibrated on. */
	gpu: string;
	/** Measurement file name(s) it was fitted from. */
	fileName: string;
	createdAt: number;
	profile: PerOpProfile;
}

const memory = new Map<string, ProfileRecord>();

/** A stable id for a profile: its GPU and parameters (same numbers, same id). */
export function profileId(gpu: string, profile: PerOpProfile): string {
	return `${gpu}:${Object.values(profile.params)
		.map((v) => v.toPrecision(8))
		.join(',')}`;
}

function recordProblem(x: unknown): string | null {
	if (typeof x !== 'object' || x === null) return 'not an object';
	const r = x as Record<string, unknown>;
	if (typeof r.id !== 'string' || typeof r.gpu !== 'string' || typeof r.fileName !== 'string') return 'missing ids';
	if (typeof r.createdAt !== 'number') return 'bad createdAt';
	return parseProfile(r.profile, 'profile').ok ? null : 'bad profile';
}

/** Saves a profile; on failure it is kept in memory for this tab and the outcome says why. */
export async function putProfile(rec: ProfileRecord): Promise<PutOutcome> {
	const conn = await getDb();
	if (!conn.ok) {
		memory.set(rec.id, rec);
		return { stored: false, ...conn.notice };
	}
	let failed: CacheNotice | null;
	try {
		const tx = writeTx(conn.db, ['profiles']);
		failed = await commit(tx, [() => tx.objectStore('profiles').put(rec)]);
	} catch (err) {
		failed = { reason: 'error', message: `Saving the profile failed: ${describeError(err)}` };
	}
	if (failed) {
		memory.set(rec.id, rec);
		return { stored: false, ...failed };
	}
	memory.delete(rec.id);
	return { stored: true };
}

/** Stored profiles of one GPU, newest first (memory-held ones included). Damaged ones are removed. */
export async function listProfiles(gpu: string): Promise<CacheRead<ProfileRecord[]>> {
	const held = [...memory.values()].filter((r) => r.gpu === gpu);
	const byNewest = (a: ProfileRecord, b: ProfileRecord) => b.createdAt - a.createdAt;
	const conn = await getDb();
	if (!conn.ok) return { value: held.sort(byNewest), persistent: false, notices: [conn.notice] };
	try {
		const all: unknown[] = await conn.db.getAllFromIndex('profiles', 'gpu', gpu);
		const good = all.filter((r): r is ProfileRecord => recordProblem(r) === null);
		const bad = all.filter((r) => recordProblem(r) !== null);
		const notices: CacheNotice[] = [];
		if (bad.length > 0) {
			for (const r of bad) {
				const id = (r as { id?: unknown } | null)?.id;
				if (typeof id === 'string') await conn.db.delete('profiles', id);
			}
			notices.push({ reason: 'corrupt', message: `${bad.length} saved profile(s) were damaged and removed; calibrate again from the measurement file.` });
		}
		return { value: [...held, ...good].sort(byNewest), persistent: true, notices };
	} catch (err) {
		return { value: held.sort(byNewest), persistent: true, notices: [{ reason: 'error', message: `Reading saved profiles failed: ${describeError(err)}` }] };
	}
}

/** Removes a stored profile (from memory and IndexedDB). */
export async function deleteProfile(id: string): Promise<void> {
	memory.delete(id);
	const conn = await getDb();
	if (!conn.ok) return;
	try {
		await conn.db.delete('profiles', id);
	} catch {
		// Nothing to tell: the profile list is read again after a delete and shows what is left.
	}
}
