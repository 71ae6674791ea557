/**
 * User Timing marks of a study's start-up on the page ("servescope:study-…"), so the time from Run to
 * the first complete workload can be split into its parts: cutting the smallest workload ("shaped"),
 * reading the result cache, the first run back, the larger workloads cut in the parse worker meanwhile
 * ("rest-shaped", state/staged-workloads.ts), the smallest workload complete. `npm run bench -- page` reads them back; the browser's
 * performance panel shows them too. Cheap (a handful per study) and a no-op where marks are missing.
 */
const MARKS = ['pressed', 'shaped', 'cache-read', 'first-run', 'rest-shaped', 'first-workload'] as const;
export type StudyMark = (typeof MARKS)[number];

/** Clears the previous study's marks (only these) when name is 'pressed', then sets this one. */
export function markStudy(name: StudyMark): void {
	if (typeof performance === 'undefined' || typeof performance.mark !== 'function') return;
	if (name === 'pressed') for (const m of MARKS) performance.clearMarks?.(`servescope:study-${m}`);
	performance.mark(`servescope:study-${name}`);
}
