/**
 * Turns whatever the browser throws at IndexedDB into a CacheNotice with a message a person can act on.
 * The cache never throws into the UI: every failure ends here.
 */
import type { CacheFailure, CacheNotice } from './types';

/** Messages shown as-is; each says what happened, what it means for this tab, what to do. */
export const MESSAGES: Record<Exclude<CacheFailure, 'corrupt'>, string> = {
	unavailable:
		'Browser storage (IndexedDB) is not available here, e.g. in a private window or with site data blocked: ' +
		'traces and results are kept in memory for this tab only and are lost when it closes.',
	blocked:
		'Another servescope tab is holding an older version of the saved data open: close or reload the other tab. ' +
		'Until then, results are kept in memory for this tab.',
	'newer-version':
		'The saved data in this browser was written by a newer version of servescope, which this version cannot read: ' +
		'reload the page to get the newer version, or Clear all in History. Results are kept in memory for this tab.',
	closed:
		'servescope was updated in another tab, so this tab let go of the saved data: reload this tab to keep saving. ' +
		'Results are kept in memory for this tab.',
	quota:
		'Browser storage is full: results kept in memory for this tab; free space in History or Clear all.',
	'out-of-memory':
		// No "kept in memory" here: the copy failed because memory ran out, so promising that would be false comfort.
		'Saving to browser storage failed because this tab ran out of memory while copying the data: it was not saved. ' +
		'Close other tabs or use smaller workloads; what is on screen stays until this tab closes or reloads.',
	'trace-deleted':
		'The trace these results belong to was deleted (in this tab or another, or the site data was cleared), so they were not saved: a deletion is never undone.',
	error: 'Saving to browser storage failed: results are kept in memory for this tab.'
};

/** True when the browser failed to copy a value for lack of memory (structured clone or an allocation). */
export function isOutOfMemoryError(err: unknown): boolean {
	if (typeof err !== 'object' || err === null) return false;
	const e = err as { name?: unknown; message?: unknown };
	const text = `${typeof e.name === 'string' ? e.name : ''} ${typeof e.message === 'string' ? e.message : ''}`;
	return /out of memory|allocation failed|array buffer allocation/i.test(text);
}

/** True for the quota errors of every engine (Chromium/WebKit name, legacy code 22, old Firefox name). */
export function isQuotaError(err: unknown): boolean {
	if (typeof err !== 'object' || err === null) return false;
	const e = err as { name?: unknown; code?: unknown };
	return e.name === 'QuotaExceededError' || e.name === 'NS_ERROR_DOM_QUOTA_REACHED' || e.code === 22;
}

/** A short description of an unknown thrown value, for the tail of a message. */
export function describeError(err: unknown): string {
	if (err instanceof Error || (typeof err === 'object' && err !== null && 'message' in err)) {
		const e = err as { name?: unknown; message?: unknown };
		const name = typeof e.name === 'string' ? e.name : 'Error';
		const message = typeof e.message === 'string' ? e.message : '';
		return message ? `${name}: ${message}` : name;
	}
	return String(err);
}

/** The notice for an error thrown while writing or reading (quota is told apart from the rest). */
export function noticeFromError(err: unknown): CacheNotice {
	if (isQuotaError(err)) return { reason: 'quota', message: MESSAGES.quota };
	if (isOutOfMemoryError(err)) return { reason: 'out-of-memory', message: `${MESSAGES['out-of-memory']} (${describeError(err)})` };
	return { reason: 'error', message: `${MESSAGES.error} (${describeError(err)})` };
}
