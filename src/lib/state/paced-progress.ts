/**
 * A study's progress, shown at the page's pace rather than the workers'. A default study finishes
 * about nine runs a second, and each progress change made Chromium lay out, hit-test (the mouse
 * still rests on Run) and repaint the whole results page: about 20 ms of the page's thread a frame,
 * taken from the two simulation workers on a 2-core laptop. So a change is held and shown with the
 * next clock tick or partial result, which redraw anyway. The first progress and each change of
 * phase show at once, so "Preparing workloads…" and the Step 1 → Step 2 switch never wait a tick.
 */
import type { StudyProgress } from '../study/types';

export class PacedProgress {
	#held: StudyProgress | null = null;
	#shown: StudyProgress | null = null;

	/** `show` puts a progress on screen (a $state assignment). */
	constructor(private readonly show: (p: StudyProgress) => void) {}

	/** A new progress from the run: shown now when it is the first or starts a phase, else held. */
	update(p: StudyProgress): void {
		if (this.#shown === null || p.phase !== this.#shown.phase) this.#put(p);
		else this.#held = p;
	}

	/** Shows the held progress, if any (the clock tick, a partial result, the end of the study). */
	flush(): void {
		if (this.#held) this.#put(this.#held);
	}

	#put(p: StudyProgress): void {
		this.#held = null;
		this.#shown = p;
		this.show(p);
	}
}
