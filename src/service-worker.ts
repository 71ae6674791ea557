/**
 * Offline support: precache the built app under a cache named by the build version, answer app files
 * from the cache, delete older versions' caches on activation. SvelteKit registers this file itself
 * (relative URL, so it works under any BASE_PATH); `$service-worker` gives paths that already include
 * the base the site is served from.
 *
 * Updates: a new build installs next to the old one, takes over at once (skipWaiting + clients.claim)
 * and the page picks it up on the next load, so nobody is stuck on an old version.
 */
import { base, build, files, prerendered, version } from '$service-worker';
import { cacheName, staleCaches, swStrategy } from './lib/cache/sw-strategy';

// Minimal worker types declared here: adding the "webworker" lib to the project would clash with DOM.
interface SwExtendableEvent extends Event {
	waitUntil(work: Promise<unknown>): void;
}
interface SwFetchEvent extends SwExtendableEvent {
	request: Request;
	respondWith(response: Response | Promise<Response>): void;
}
interface SwScope {
	location: Location;
	skipWaiting(): Promise<void>;
	clients: { claim(): Promise<void> };
	addEventListener(type: 'install' | 'activate', fn: (event: SwExtendableEvent) => void): void;
	addEventListener(type: 'fetch', fn: (event: SwFetchEvent) => void): void;
}

const sw = self as unknown as SwScope;
const CACHE = cacheName(version);
/** The app shell: every build file, every static file and every prerendered page (the page itself is one). */
const ASSETS = [...new Set([...build, ...files, ...prerendered])];
const ASSET_SET: ReadonlySet<string> = new Set(ASSETS);
/** The page to show for a navigation when offline and the exact URL is not cached. */
const SHELL = `${base}/`;

sw.addEventListener('install', (event) => {
	event.waitUntil(
		(async () => {
			const cache = await caches.open(CACHE);
			await cache.addAll(ASSETS);
			await sw.skipWaiting();
		})()
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of staleCaches(await caches.keys(), version)) await caches.delete(key);
			await sw.clients.claim();
		})()
	);
});

/** Stores a good same-origin response for offline use (opaque or error responses never). */
async function remember(request: Request, response: Response): Promise<void> {
	if (response.ok && response.type === 'basic') {
		const cache = await caches.open(CACHE);
		await cache.put(request, response.clone());
	}
}

async function cacheFirst(request: Request): Promise<Response> {
	const cache = await caches.open(CACHE);
	const hit = await cache.match(request);
	if (hit) return hit;
	const response = await fetch(request);
	await remember(request, response);
	return response;
}

async function networkFirst(request: Request, fallbackToShell: boolean): Promise<Response> {
	const cache = await caches.open(CACHE);
	try {
		const response = await fetch(request);
		await remember(request, response);
		return response;
	} catch (err) {
		// Offline: whatever we have, ignoring the query string (?scenario=... links still open).
		const hit = (await cache.match(request)) ?? (await cache.match(request, { ignoreSearch: true }));
		if (hit) return hit;
		const shell = fallbackToShell ? await cache.match(SHELL) : undefined;
		if (shell) return shell;
		throw err;
	}
}

sw.addEventListener('fetch', (event) => {
	const request = event.request;
	const strategy = swStrategy(
		{ url: request.url, method: request.method, mode: request.mode, hasRange: request.headers.has('range') },
		sw.location.origin,
		base,
		ASSET_SET
	);
	if (strategy === 'ignore') return;
	if (strategy === 'cache-first') event.respondWith(cacheFirst(request));
	else event.respondWith(networkFirst(request, strategy === 'navigate'));
});
