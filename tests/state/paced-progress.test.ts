import { describe, expect, test } from 'vitest';
import { PacedProgress } from '../../src/lib/state/paced-progress';
import type { StudyProgress } from '../../src/lib/study/types';

const at = (phase: StudyProgress['phase'], runsDone: number): StudyProgress => ({ phase, runsDone, runsTotal: 10, requestsDone: runsDone * 100, requestsTotal: 1000 });

describe('PacedProgress', () => {
	test('shows the first progress at once and holds the next ones of the same phase', () => {
		const shown: number[] = [];
		const paced = new PacedProgress((p) => shown.push(p.runsDone));
		paced.update(at('step1', 1));
		paced.update(at('step1', 2));
		paced.update(at('step1', 3));
		expect(shown).toEqual([1]);
	});

	test('a flush shows only the latest held progress, and a second flush shows nothing new', () => {
		const shown: number[] = [];
		const paced = new PacedProgress((p) => shown.push(p.runsDone));
		paced.update(at('step1', 1));
		paced.update(at('step1', 2));
		paced.update(at('step1', 3));
		paced.flush();
		paced.flush();
		expect(shown).toEqual([1, 3]);
	});

	test('a change of phase shows at once, so Step 2 never waits for a tick', () => {
		const shown: string[] = [];
		const paced = new PacedProgress((p) => shown.push(`${p.phase}:${p.runsDone}`));
		paced.update(at('step1', 1));
		paced.update(at('step1', 6));
		paced.update(at('step2', 7));
		paced.update(at('step2', 8));
		paced.update(at('done', 10));
		expect(shown).toEqual(['step1:1', 'step2:7', 'done:10']);
	});

	test('nothing is lost: after the last update and a flush the latest progress is on screen', () => {
		let last: StudyProgress | null = null;
		const paced = new PacedProgress((p) => (last = p));
		for (let i = 1; i <= 9; i++) paced.update(at('step1', i));
		paced.flush();
		expect(last).toEqual(at('step1', 9));
	});
});
