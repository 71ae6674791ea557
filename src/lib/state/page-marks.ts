/**
 * The page's User Timing marks, read back by `npm run bench -- page` and shown in the browser's
 * performance panel. Cheap (a handful per study or save) and a no-op where marks are missing. Each
 * family clears only its own previous marks when it starts again, so a second study or save in the
 * same tab is measured from its own start, and nobody else's marks are touched.
 *
 * - A study's start-up ("servescope:study-…"), so the time from Run to the first complete workload can
 *   be split into its parts: cutting the smallest workload ("shaped"), reading the result cache, the
 *   first run back, the larger workloads cut in the parse worker meanwhile ("rest-shaped",
 *   state/staged-workloads.ts), the smallest workload complete.
 * - A trace's save ("servescope:trace-save-start", "servescope:trace-save-end"), from the worker or the
 *   page (app.svelte.ts rememberTrace).
 */
const STUDY_MARKS = ['pressed', 'shaped', 'cache-read', 'first-run', 'rest-shaped', 'first-workload'] as const;
export type StudyMark = (typeof STUDY_MARKS)[number];
const TRACE_SAVE_MARKS = ['start', 'end'] as const;
export type TraceSaveMark = (typeof TRACE_SAVE_MARKS)[number];

/** Sets `prefix + name`; the family's first name first clears the family's previous marks. */
function mark(prefix: string, family: readonly string[], name: string): void {
	if (typeof performance === 'undefined' || typeof performance.mark !== 'function') return;
	if (name === family[0]) for (const m of family) performance.clearMarks?.(prefix + m);
	performance.mark(prefix + name);
}

/** Clears the previous study's marks (only these) when name is 'pressed', then sets this one. */
export function markStudy(name: StudyMark): void {
	mark('servescope:study-', STUDY_MARKS, name);
}

/** Clears the previous save's marks (only these) when name is 'start', then sets this one. */
export function markTraceSave(name: TraceSaveMark): void {
	mark('servescope:trace-save-', TRACE_SAVE_MARKS, name);
}
