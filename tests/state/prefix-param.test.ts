import { describe, expect, it } from 'vitest';
import { defaultParams } from '../../src/lib/state/params';
import { baseScenario } from '../../src/lib/state/scenario-build';
import { paramsFromQuery, queryFromParams } from '../../src/lib/state/url';

describe('the prefix-cache switch in the page state and the URL', () => {
	it('off stays out of the URL and out of the scenario', () => {
		const p = defaultParams();
		expect(queryFromParams(p)).not.toMatch(/prefixcache/);
		expect(baseScenario(p).prefixCache).toBeUndefined();
	});
	it('on goes into the URL and back, and into the scenario, with prefix-aware routing', () => {
		const p = { ...defaultParams(), prefixCache: true, routing: 'prefix-aware' as const };
		const q = queryFromParams(p);
		expect(q).toMatch(/prefixcache=1/);
		expect(q).toMatch(/routing=prefix-aware/);
		const back = paramsFromQuery(q);
		expect(back.notices).toEqual([]);
		expect(back.params.prefixCache).toBe(true);
		expect(baseScenario(back.params).prefixCache).toBe(true);
		expect(baseScenario(back.params).routing).toBe('prefix-aware');
	});
	it('a bad value in a link is ignored with a notice saying what is expected', () => {
		const back = paramsFromQuery('?prefixcache=yes');
		expect(back.params.prefixCache).toBeUndefined();
		expect(back.notices.join(' ')).toMatch(/prefixcache.*yes.*expected 1 .* or 0/);
		expect(paramsFromQuery('?prefixcache=0').params.prefixCache).toBeUndefined();
	});
});
