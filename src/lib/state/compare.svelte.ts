/**
 * Which two stored studies the person compares (History's "Compare" boxes), and the two records once
 * read. A study from another engine version is refused with a sentence, as opening it would be.
 */
import { getStudy } from '../cache/results';
import { listTraces } from '../cache/traces';
import { ENGINE_VERSION } from '../sim/index';
import type { StudyResult } from '../study/types';
import type { CompareSide } from './compare';

class CompareState {
	/** Study ids ticked in History, in the order ticked (at most two). */
	picked = $state<string[]>([]);
	sides = $state.raw<[CompareSide, CompareSide] | null>(null);
	error = $state('');

	/** Ticks or unticks a study; a third tick replaces the oldest. */
	toggle(id: string): void {
		this.picked = this.picked.includes(id) ? this.picked.filter((x) => x !== id) : [...this.picked, id].slice(-2);
	}

	/** Reads the two picked studies (and their traces' names) and shows them side by side. */
	async open(): Promise<boolean> {
		this.error = '';
		if (this.picked.length !== 2) {
			this.error = 'Tick two studies in History to compare them.';
			return false;
		}
		const [ra, rb] = await Promise.all(this.picked.map((id) => getStudy(id)));
		const traces = await listTraces();
		const name = (hash: string, fallback: string) => traces.value.find((t) => t.hash === hash)?.name ?? fallback;
		const sides: CompareSide[] = [];
		for (const [i, read] of [ra, rb].entries()) {
			const rec = read.value;
			if (!rec) {
				this.error = `Study ${i === 0 ? 'A' : 'B'} is no longer stored in this browser (deleted, or the site data was cleared).`;
				return false;
			}
			if (rec.engineVersion !== ENGINE_VERSION) {
				this.error = `"${rec.name}" came from an older engine; run it again to compare current numbers.`;
				return false;
			}
			sides.push({ tag: i === 0 ? 'A' : 'B', result: rec.summary as StudyResult, traceName: name(rec.traceHash, rec.name), traceHash: rec.traceHash });
		}
		this.sides = [sides[0], sides[1]];
		return true;
	}

	close(): void {
		this.sides = null;
	}
}

/** The page's one comparison. */
export const compareState = new CompareState();
