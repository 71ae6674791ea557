/** "Clear all" in History: every store emptied in one transaction, and this tab's memory copies too. */
import { getDb } from './db';
import { describeError } from './errors';
import { announce } from './broadcast';
import { clearMemory } from './memory';
import { stopTraceSaves } from './trace-saves';
import { commit, writeTx } from './tx';
import type { DeleteOutcome } from './types';

/** Deletes every saved trace, result and study. Never throws. */
export async function clearAll(): Promise<DeleteOutcome> {
	// A save still running began before this: stop it, or it would list its trace again after the clear.
	await stopTraceSaves();
	clearMemory();
	const conn = await getDb();
	// Without IndexedDB the memory copies were the only ones: clearing them is the whole job.
	if (!conn.ok) return conn.notice.reason === 'unavailable' ? { deleted: true } : { deleted: false, ...conn.notice };
	try {
		const tx = writeTx(conn.db, ['traces', 'traceColumns', 'traceChunks', 'results', 'studies']);
		const failed = await commit(tx, [
			() => tx.objectStore('traces').clear(),
			() => tx.objectStore('traceColumns').clear(),
			() => tx.objectStore('traceChunks').clear(),
			() => tx.objectStore('results').clear(),
			() => tx.objectStore('studies').clear()
		]);
		if (failed) return { deleted: false, ...failed };
		announce({ kind: 'cleared' });
		return { deleted: true };
	} catch (err) {
		return { deleted: false, reason: 'error', message: `Clearing saved data failed: ${describeError(err)}` };
	}
}
