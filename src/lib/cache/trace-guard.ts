/**
 * "Nothing a person deleted comes back": results and studies are written only while their trace
 * still exists. The check runs inside the very transaction that writes (it spans the traces store),
 * so a delete in another tab either commits before it (and the write is refused) or after it (and
 * the delete removes what was written): there is no moment where an orphan can slip in.
 */
import type { IDBPTransaction, StoreNames } from 'idb';
import type { ServescopeDB } from './db';
import { memoryTraces } from './memory';

/** The message of a write refused because its trace is gone. */
export const TRACE_GONE_MESSAGE =
	'The trace these results belong to was deleted (in this tab or another, or the site data was cleared) while they were computed, so they were not saved: a deletion is never undone. Drop the file again to keep new results.';

/** The first of `hashes` that is neither stored nor held in this tab's memory, or undefined. */
export async function missingTrace(
	tx: IDBPTransaction<ServescopeDB, StoreNames<ServescopeDB>[], 'readwrite'>,
	hashes: Iterable<string>
): Promise<string | undefined> {
	for (const h of new Set(hashes)) {
		if (memoryTraces.has(h)) continue;
		if ((await tx.objectStore('traces').getKey(h)) === undefined) return h;
	}
	return undefined;
}
