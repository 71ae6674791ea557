import { describe, expect, it } from 'vitest';
import { prefixAwareRouter, routePrefixAware, type PrefixReplicaLoad } from '../../src/lib/sim/deploy/routing/prefix-aware';

const load = (outstanding: number, cachedPrefixTokens: number): PrefixReplicaLoad => ({ outstanding, kvUsedTokens: 0, cachedPrefixTokens });

describe('prefix-aware routing', () => {
	it('sends a request to the replica holding the longest cached prefix', () => {
		const s = prefixAwareRouter.initialState(1);
		expect(routePrefixAware({ id: 0, promptTokens: 1000 }, [load(2, 0), load(5, 900), load(1, 600)], s)).toBe(1);
	});

	it('follows a match only when it covers enough of the prompt', () => {
		const s = prefixAwareRouter.initialState(1);
		expect(routePrefixAware({ id: 0, promptTokens: 1000 }, [load(2, 0), load(5, 250), load(1, 0)], s)).toBe(2);
	});

	it('routes by load when loads are out of balance, whatever the cache holds', () => {
		const s = prefixAwareRouter.initialState(1);
		expect(routePrefixAware({ id: 0, promptTokens: 1000 }, [load(100, 990), load(3, 0)], s)).toBe(1);
		// Within the tolerance, the cache wins.
		expect(routePrefixAware({ id: 1, promptTokens: 1000 }, [load(60, 990), load(3, 0)], s)).toBe(0);
	});

	it('breaks equal matches by load, then by index', () => {
		const s = prefixAwareRouter.initialState(1);
		expect(routePrefixAware({ id: 0, promptTokens: 100 }, [load(4, 80), load(2, 80), load(2, 80)], s)).toBe(1);
	});

	it('keeps a session on the replica its last turn went to when nothing is cached', () => {
		const s = prefixAwareRouter.initialState(1);
		expect(routePrefixAware({ id: 0, promptTokens: 100, sessionKey: 7 }, [load(3, 0), load(1, 0)], s)).toBe(1);
		expect(routePrefixAware({ id: 1, promptTokens: 100, sessionKey: 7 }, [load(0, 0), load(4, 0)], s)).toBe(1);
		expect(routePrefixAware({ id: 2, promptTokens: 100, sessionKey: 8 }, [load(0, 0), load(4, 0)], s)).toBe(0);
	});

	it('refuses an empty replica list', () => {
		expect(() => routePrefixAware({ id: 0, promptTokens: 1 }, [], prefixAwareRouter.initialState(1))).toThrow(/at least one replica/);
	});
});
