import { describe, expect, test } from 'vitest';
import { matchesRef, traceRefFromQuery, traceRefToQuery } from '../../src/lib/state/trace-link';
import { paramsFromQuery } from '../../src/lib/state/url';

describe('the trace a link names', () => {
	test('round-trips name and hash prefix, and the scenario parser does not call them unknown', () => {
		const q = traceRefToQuery({ name: 'my trace, v2.csv', hashPrefix: '0123456789ab' });
		expect(traceRefFromQuery(q)).toEqual({ name: 'my trace, v2.csv', hashPrefix: '0123456789ab' });
		expect(paramsFromQuery(`sizes=1000&${q}`).notices).toEqual([]);
	});

	test('no name, no reference; a malformed hash is dropped', () => {
		expect(traceRefFromQuery('sizes=1000')).toBeNull();
		expect(traceRefFromQuery('trace=a.csv&th=<script>')).toEqual({ name: 'a.csv', hashPrefix: '' });
		expect(traceRefToQuery(null)).toBe('');
	});

	test('matches by hash prefix when there is one, else by name', () => {
		expect(matchesRef({ name: 'x', hashPrefix: 'abcdef' }, 'other.csv', 'abcdef99')).toBe(true);
		expect(matchesRef({ name: 'x', hashPrefix: 'abcdef' }, 'x', '99')).toBe(false);
		expect(matchesRef({ name: 'x', hashPrefix: '' }, 'x', null)).toBe(true);
	});
});
