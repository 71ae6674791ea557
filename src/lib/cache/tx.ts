/**
 * Small transaction helpers shared by traces.ts, results.ts and studies.ts.
 * idb README rule: inside a transaction await only that transaction's requests, nothing else,
 * or it auto-commits under you. Callers build every record before opening one.
 */
import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { ServescopeDB } from './db';
import { noticeFromError } from './errors';
import type { CacheNotice } from './types';

/** A read-write transaction over some stores whose `done` never raises an unhandled rejection. */
export function writeTx<S extends StoreNames<ServescopeDB>[]>(
	db: IDBPDatabase<ServescopeDB>,
	stores: S
): IDBPTransaction<ServescopeDB, S, 'readwrite'> {
	const tx = db.transaction(stores, 'readwrite');
	// Callers await tx.done; this guard only keeps an abort they never reach from being "unhandled".
	tx.done.catch(() => {});
	return tx;
}

/**
 * Runs the requests of one transaction and waits for it to commit. Each request is a thunk so that
 * one throwing at once (a failing or stubbed put) is caught here: the whole transaction is then
 * aborted, so nothing half-written stays behind, and the requests already made (which reject with
 * AbortError) are observed rather than left as unhandled rejections.
 */
export async function commit(
	tx: { done: Promise<void>; abort(): void },
	requests: readonly (() => Promise<unknown>)[]
): Promise<CacheNotice | null> {
	const made: Promise<unknown>[] = [];
	try {
		for (const request of requests) {
			const p = request();
			p.catch(() => {});
			made.push(p);
		}
		await Promise.all([...made, tx.done]);
		return null;
	} catch (err) {
		try {
			tx.abort();
		} catch {
			// Already finished or aborted: nothing to undo.
		}
		return noticeFromError(err);
	}
}
