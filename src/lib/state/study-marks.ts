/**
 * User Timing marks of a study's start-up on the page ("servescope:study-…"), so the time from Run to
 * the first complete workload can be split into its parts: shaping the workloads, reading the result
 * cache, starting the workers, the first runs. `npm run bench -- page` reads them back; the browser's
 * performance panel shows them too. Cheap (a handful per study) and a no-op where marks are missing.
 */
export type StudyMark = 'pressed' | 'shaped' | 'cache-read' | 'first-run' | 'first-workload';

/** Clears the previous study's marks when name is 'pressed', then sets this one. */
export function markStudy(name: StudyMark): void {
	if (typeof performance === 'undefined' || typeof performance.mark !== 'function') return;
	if (name === 'pressed') performance.clearMarks?.();
	performance.mark(`servescope:study-${name}`);
}
