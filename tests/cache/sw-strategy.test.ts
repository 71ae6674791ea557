import { describe, expect, it } from 'vitest';
import { cacheName, staleCaches, swStrategy } from '../../src/lib/cache/sw-strategy';

const origin = 'https://host.example';
const assets = new Set(['/servescope/_app/immutable/entry/start.abc.js', '/servescope/', '/servescope/favicon.png']);
const get = (url: string, mode = 'cors', method = 'GET', hasRange = false) => ({ url, method, mode, hasRange });

describe('swStrategy under a base path', () => {
	it.each([
		['a build file', get(`${origin}/servescope/_app/immutable/entry/start.abc.js`), 'cache-first'],
		['a static file', get(`${origin}/servescope/favicon.png`), 'cache-first'],
		['the page', get(`${origin}/servescope/`, 'navigate'), 'navigate'],
		['the page with a scenario query', get(`${origin}/servescope/?gpus=2`, 'navigate'), 'navigate'],
		['a worker chunk not listed', get(`${origin}/servescope/_app/immutable/workers/sim.worker-x.js`, 'same-origin'), 'network-first'],
		['another origin', get('https://cdn.example/x.js'), 'ignore'],
		['a POST', get(`${origin}/servescope/`, 'navigate', 'POST'), 'ignore'],
		['a range request', get(`${origin}/servescope/favicon.png`, 'cors', 'GET', true), 'ignore'],
		['a neighbour app on the same host', get(`${origin}/other-app/index.js`), 'ignore'],
		['a prefix that is not the folder', get(`${origin}/servescope-old/x.js`), 'ignore'],
		['a blob URL', get('blob:https://host.example/1234'), 'ignore']
	])('%s', (_label, req, expected) => {
		expect(swStrategy(req, origin, '/servescope', assets)).toBe(expected);
	});

	it('at the host root every same-origin GET is ours', () => {
		expect(swStrategy(get(`${origin}/anything.js`), origin, '', new Set())).toBe('network-first');
		expect(swStrategy(get(`${origin}/`, 'navigate'), origin, '', new Set())).toBe('navigate');
	});
});

describe('cache versions', () => {
	it('deletes older app caches only, never the current one or caches it does not own', () => {
		const keys = [cacheName('100'), cacheName('200'), 'someone-else', cacheName('300')];
		expect(staleCaches(keys, '200')).toEqual([cacheName('100'), cacheName('300')]);
	});
});
