/** Which saved study a page load may restore: only one that ran under the URL's scenario. */
import { describe, expect, it } from 'vitest';
import { studyQuery } from '../../src/lib/state/app.svelte';

describe('studyQuery', () => {
	it.each([
		[{ id: 'abc|sizes=200&gpus=1', traceHash: 'abc' }, 'sizes=200&gpus=1'],
		[{ id: 'abc|', traceHash: 'abc' }, ''],
		// A mapped trace's key holds a bar itself: the query is what follows the whole key.
		[{ id: 'abc|map:0123|sizes=200', traceHash: 'abc|map:0123' }, 'sizes=200'],
		[{ id: 'other|sizes=200', traceHash: 'abc' }, null]
	])('%j -> %j', (s, want) => expect(studyQuery(s)).toBe(want));
});
