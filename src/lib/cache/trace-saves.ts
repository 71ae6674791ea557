/**
 * Trace saves still running for this tab (the parse worker writes them, chunk by chunk, for seconds
 * with a large trace). Two rules need to know about them:
 * - results and studies of a trace are written only once its save has settled, so "only while the
 *   trace exists" (trace-guard.ts) is never judged in the middle of its save;
 * - a delete or Clear all the person asks for stops the saves it concerns first and then deletes,
 *   so a deletion made after a save began always wins (the stored chunks' check in traces.ts covers
 *   other tabs).
 */

interface RunningSave {
	hash: string;
	/** Settles (never rejects) when the save has ended, however it ended. */
	settled: Promise<void>;
	/** Stops the save (terminates its worker); `settled` follows. */
	stop: () => void;
}

const running = new Set<RunningSave>();

/** Records a save of `hash` until `done` settles; `stop` ends it early. Returns `done`. */
export function trackTraceSave<T>(hash: string, done: Promise<T>, stop: () => void): Promise<T> {
	// Forgotten before the answer reaches anyone: whoever awaits it sees no save running.
	const tracked = done.finally(() => running.delete(entry));
	const entry: RunningSave = { hash, settled: tracked.then(() => {}, () => {}), stop };
	running.add(entry);
	return tracked;
}

/** True while a save of `hash` runs in this tab. */
export function traceSaveRunning(hash: string): boolean {
	for (const s of running) if (s.hash === hash) return true;
	return false;
}

/** Waits until no save of any of `hashes` runs in this tab. */
export async function traceSavesSettled(hashes: Iterable<string>): Promise<void> {
	const wanted = new Set(hashes);
	await Promise.all([...running].filter((s) => wanted.has(s.hash)).map((s) => s.settled));
}

/** Stops the saves of `hash` (every save when omitted) and waits until they have ended. */
export async function stopTraceSaves(hash?: string): Promise<void> {
	const mine = [...running].filter((s) => hash === undefined || s.hash === hash);
	for (const s of mine) s.stop();
	await Promise.all(mine.map((s) => s.settled));
}
