/**
 * The page's marks (src/lib/state/page-marks.ts): a new study or save clears only its own previous
 * marks, never anyone else's, and every mark carries the servescope prefix the page bench reads.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { markStudy, markTraceSave } from '../../src/lib/state/page-marks';

afterEach(() => performance.clearMarks());

describe('markStudy', () => {
	it('a new study clears the marks of the previous study and leaves other marks alone', () => {
		performance.mark('someone-else');
		markStudy('pressed');
		markStudy('shaped');
		markStudy('first-workload');
		markStudy('pressed');
		const names = performance.getEntriesByType('mark').map((m) => m.name);
		expect(names).toEqual(['someone-else', 'servescope:study-pressed']);
	});
});

describe('markTraceSave', () => {
	it('a new save clears the marks of the previous save and leaves the study marks alone', () => {
		markStudy('pressed');
		markTraceSave('start');
		markTraceSave('end');
		markTraceSave('start');
		const names = performance.getEntriesByType('mark').map((m) => m.name);
		expect(names).toEqual(['servescope:study-pressed', 'servescope:trace-save-start']);
		markTraceSave('end');
		expect(performance.getEntriesByName('servescope:trace-save-end')).toHaveLength(1);
	});
});
