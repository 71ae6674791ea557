/**
 * The study start-up marks (src/lib/state/study-marks.ts): a new study clears only the previous
 * study's marks, never anyone else's, and every mark carries the servescope prefix the page bench reads.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { markStudy } from '../../src/lib/state/study-marks';

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
