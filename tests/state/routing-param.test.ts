import { describe, expect, it } from 'vitest';
import { defaultParams } from '../../src/lib/state/params';
import { baseScenario } from '../../src/lib/state/scenario-build';
import { paramsFromQuery, queryFromParams } from '../../src/lib/state/url';

describe('routing in the page state and the URL', () => {
	it('the default stays out of the URL and out of the scenario', () => {
		const p = defaultParams();
		expect(queryFromParams(p)).not.toMatch(/routing/);
		expect(baseScenario(p).routing).toBeUndefined();
	});
	it('a chosen policy goes into the URL and back, and into the scenario', () => {
		const p = { ...defaultParams(), routing: 'round-robin' as const };
		const q = queryFromParams(p);
		expect(q).toMatch(/routing=round-robin/);
		const back = paramsFromQuery(q);
		expect(back.notices).toEqual([]);
		expect(back.params.routing).toBe('round-robin');
		expect(baseScenario(back.params).routing).toBe('round-robin');
	});
	it('an unknown policy in a link is ignored with a notice that lists the valid ones', () => {
		const back = paramsFromQuery('?routing=fastest');
		expect(back.params.routing).toBeUndefined();
		expect(back.notices.join(' ')).toMatch(/routing.*fastest.*global, round-robin, least-outstanding, least-kv, random, session/);
	});
});
