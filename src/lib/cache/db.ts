/**
 * The one IndexedDB connection (idb README: one lazy `openDB` promise, a typed DBSchema, versioned
 * upgrades). Every failure to open becomes a value (`Connection` with ok: false) so callers fall back
 * to memory and tell the person, never throw into the UI.
 *
 * Schema history (bump DB_VERSION and add a step to `upgrade`; never edit a past step):
 * - v1: traces {hash, ..., columns, modelNames, logTypeNames} (columns inline), results {key, ...}.
 * - v2: trace columns moved to their own store `traceColumns` so listing traces never loads megabytes;
 *       indexes traces.createdAt, results.traceHash, results.engineVersion; new store studies {id, traceHash, createdAt}.
 * - v3: new store profiles {id, gpu, createdAt}: per-operator performance profiles calibrated in the page.
 * - v4: new store traceChunks {hash, savedAt, stream, part, bytes}: new saves write their columns in
 *       chunks (trace-chunks.ts) and a traceColumns record that says where they are; inline records of
 *       v1 to v3 stay as they are and are still read (nothing to migrate).
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { describeError, MESSAGES } from './errors';
import type {
	CacheNotice,
	CacheStatus,
	ResultRecord,
	StudyRecord,
	TraceColumnsRecord,
	TraceMetaRecord
} from './types';
import type { ProfileRecord } from './profiles';
import type { ChunkKey, StoredColumnsRecord, TraceChunkRecord } from './trace-chunks';

/** Current schema version (see the history above). */
export const DB_VERSION = 4;

/** Default database name; tests pass their own through configureCache for isolation. */
export const DEFAULT_DB_NAME = 'servescope';

/** The typed schema of the current version. */
export interface ServescopeDB extends DBSchema {
	traces: { key: string; value: TraceMetaRecord; indexes: { createdAt: number } };
	traceColumns: { key: string; value: StoredColumnsRecord };
	traceChunks: { key: ChunkKey; value: TraceChunkRecord };
	results: { key: string; value: ResultRecord; indexes: { traceHash: string; engineVersion: string } };
	studies: { key: string; value: StudyRecord; indexes: { traceHash: string; createdAt: number } };
	profiles: { key: string; value: ProfileRecord; indexes: { gpu: string } };
}

/** An open database or the reason there is none. */
export type Connection =
	| { ok: true; db: IDBPDatabase<ServescopeDB> }
	| { ok: false; notice: CacheNotice };

type UpgradeTx = IDBPTransaction<ServescopeDB, StoreNames<ServescopeDB>[], 'versionchange'>;

/**
 * Versioned upgrade. Runs inside the versionchange transaction: it only awaits requests of that
 * transaction (awaiting anything else would let the transaction auto-commit half-way).
 */
export function upgrade(db: IDBPDatabase<ServescopeDB>, oldVersion: number, tx: UpgradeTx): void {
	// A failed upgrade surfaces as openDB's rejection (handled in getDb); observe tx.done too so the
	// abort is not also reported as an unhandled rejection.
	tx.done.catch(() => {});
	if (oldVersion < 1) {
		db.createObjectStore('traces', { keyPath: 'hash' });
		db.createObjectStore('results', { keyPath: 'key' });
	}
	if (oldVersion < 2) {
		tx.objectStore('traces').createIndex('createdAt', 'createdAt');
		db.createObjectStore('traceColumns', { keyPath: 'hash' });
		tx.objectStore('results').createIndex('traceHash', 'traceHash');
		tx.objectStore('results').createIndex('engineVersion', 'engineVersion');
		const studies = db.createObjectStore('studies', { keyPath: 'id' });
		studies.createIndex('traceHash', 'traceHash');
		studies.createIndex('createdAt', 'createdAt');
		// Only a v1 database has inline columns to move; a fresh one has no records.
		if (oldVersion === 1) void moveV1Columns(tx);
	}
	if (oldVersion < 3) db.createObjectStore('profiles', { keyPath: 'id' }).createIndex('gpu', 'gpu');
	if (oldVersion < 4) db.createObjectStore('traceChunks', { keyPath: ['hash', 'savedAt', 'stream', 'part'] });
}

/** v1 -> v2: split each trace record into its listing row and its columns record. */
async function moveV1Columns(tx: UpgradeTx): Promise<void> {
	const traces = tx.objectStore('traces');
	const columns = tx.objectStore('traceColumns');
	try {
		let cursor = await traces.openCursor();
		while (cursor) {
			// The v1 shape is not the v2 type: read it as unknown and copy fields over.
			const old = cursor.value as unknown as Record<string, unknown>;
			const { columns: cols, modelNames, logTypeNames, ...meta } = old;
			if (cols && typeof cols === 'object') {
				void columns.put({
					hash: String(old.hash),
					columns: cols as TraceColumnsRecord['columns'],
					modelNames: Array.isArray(modelNames) ? (modelNames as string[]) : [],
					logTypeNames: Array.isArray(logTypeNames) ? (logTypeNames as string[]) : []
				});
			}
			// A v1 row lacks these two fields; the record validator in traces.ts checks the rest.
			const arrival = (cols as { arrivalS?: unknown } | undefined)?.arrivalS;
			const requests = arrival instanceof ArrayBuffer ? arrival.byteLength / 8 : -1;
			void cursor.update({ synthetic: false, requests, ...meta } as unknown as TraceMetaRecord);
			cursor = await cursor.continue();
		}
	} catch {
		// A failed migration aborts the versionchange transaction; openDB then rejects and the
		// app falls back to memory with a message (see classifyOpenError).
	}
}

type Listener = (status: CacheStatus) => void;

let dbName = DEFAULT_DB_NAME;
/** Bumped by configureCache/closeCache so a late open of an old generation cannot win. */
let generation = 0;
let settled: Connection | null = null;
let pending: Promise<Connection> | null = null;
let blockedSignal: Promise<Connection> | null = null;
let status: CacheStatus = { state: 'idle' };
const listeners = new Set<Listener>();

function setStatus(next: CacheStatus): void {
	status = next;
	for (const fn of listeners) {
		try {
			fn(next);
		} catch {
			// A broken listener must not break the cache.
		}
	}
}

function failure(reason: CacheNotice['reason'], detail?: string): Connection {
	const base = reason === 'corrupt' ? 'A saved record is damaged.' : MESSAGES[reason];
	return { ok: false, notice: { reason, message: detail ? `${base} (${detail})` : base } };
}

/** Maps an error from indexedDB.open to the reason a person understands. */
export function classifyOpenError(err: unknown): Connection {
	const name = typeof err === 'object' && err !== null && 'name' in err ? String(err.name) : '';
	// VersionError: the requested version is lower than the one on disk (a newer app wrote it).
	if (name === 'VersionError') return failure('newer-version');
	// Firefox private windows and blocked site data answer InvalidStateError / SecurityError.
	if (name === 'InvalidStateError' || name === 'SecurityError' || name === 'UnknownError') {
		return failure('unavailable', describeError(err));
	}
	return failure('error', describeError(err));
}

function announce(conn: Connection): void {
	if (conn.ok) setStatus({ state: 'ready' });
	else setStatus({ state: conn.notice.reason, message: conn.notice.message });
}

function openConnection(gen: number): { opened: Promise<Connection>; blocked: Promise<Connection> } {
	let signalBlocked: (c: Connection) => void = () => {};
	const blocked = new Promise<Connection>((resolve) => (signalBlocked = resolve));
	const factory = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
	if (!factory) return { opened: Promise.resolve(failure('unavailable')), blocked };
	setStatus({ state: 'opening' });
	let opening: Promise<IDBPDatabase<ServescopeDB>>;
	try {
		opening = openDB<ServescopeDB>(dbName, DB_VERSION, {
			upgrade: (db, oldVersion, _newVersion, tx) => upgrade(db, oldVersion, tx),
			blocked: () => {
				if (gen !== generation) return;
				const conn = failure('blocked');
				announce(conn);
				signalBlocked(conn);
			},
			blocking: () => {
				// Another tab wants a newer schema: let go so it can upgrade, and say so here.
				if (gen !== generation || !settled?.ok) return;
				settled.db.close();
				settled = failure('closed');
				announce(settled);
			},
			terminated: () => {
				// The browser dropped the connection (storage cleared, disk error): reopen lazily.
				if (gen !== generation) return;
				settled = null;
				pending = null;
				blockedSignal = null;
				setStatus({ state: 'idle' });
			}
		});
	} catch (err) {
		return { opened: Promise.resolve(classifyOpenError(err)), blocked };
	}
	const opened = opening.then(
		(db): Connection => ({ ok: true, db }),
		(err: unknown) => classifyOpenError(err)
	);
	return { opened, blocked };
}

/**
 * The connection, opened on first use. Answers at once with a 'blocked' failure while another tab
 * blocks the upgrade; the open keeps waiting and later calls get the database once it is free.
 */
export function getDb(): Promise<Connection> {
	if (settled) return Promise.resolve(settled);
	if (!pending) {
		const gen = generation;
		const { opened, blocked } = openConnection(gen);
		blockedSignal = blocked;
		pending = opened.then((conn) => {
			if (gen !== generation) {
				if (conn.ok) conn.db.close();
				return failure('closed');
			}
			settled = conn;
			announce(conn);
			return conn;
		});
	}
	return blockedSignal ? Promise.race([pending, blockedSignal]) : pending;
}

/** Current connection state (for a banner). */
export function cacheStatus(): CacheStatus {
	return status;
}

/** Calls fn on every status change; returns the unsubscribe function. */
export function onCacheStatus(fn: Listener): () => void {
	listeners.add(fn);
	return () => listeners.delete(fn);
}

/** Closes the connection (if any) and forgets it; the next call opens again. */
export function closeCache(): void {
	generation++;
	if (settled?.ok) settled.db.close();
	settled = null;
	pending = null;
	blockedSignal = null;
	setStatus({ state: 'idle' });
}

/** Switches database name (tests use one per case) and closes the current connection. */
export function configureCache(options: { name?: string } = {}): void {
	closeCache();
	dbName = options.name ?? DEFAULT_DB_NAME;
}
