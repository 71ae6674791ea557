/** The one error a study rejects with when cancelled; recognised by name so it survives any boundary. */

/** Error name of a cancelled study. */
export const STUDY_CANCELLED = 'StudyCancelled';

/** A fresh cancellation error. */
export function cancelledError(): Error {
	const e = new Error('The study was cancelled.');
	e.name = STUDY_CANCELLED;
	return e;
}

/** Whether `e` is the cancellation of a study (not a failure). */
export function isStudyCancelled(e: unknown): boolean {
	return e instanceof Error && e.name === STUDY_CANCELLED;
}
