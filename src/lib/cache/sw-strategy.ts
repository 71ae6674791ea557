/**
 * What the service worker does with a request, as a pure function so it can be tested without a
 * browser. Kept free of DOM and worker types: plain strings in, a strategy out.
 */

/** How to answer one request. */
export type SwStrategy =
	/** Not ours (other origin, not GET, a range request, outside the app's base path): let the browser handle it. */
	| 'ignore'
	/** A file of this build (hashed, immutable) or a static file: the cache, then the network. */
	| 'cache-first'
	/** A page load: the network, then the cached page (offline), then the cached app shell. */
	| 'navigate'
	/** Anything else under the base path (e.g. a worker chunk Vite did not list): the network, stored for offline, then the cache. */
	| 'network-first';

/** The facts about a request the decision needs. */
export interface SwRequestFacts {
	url: string;
	method: string;
	/** Request.mode: 'navigate' for page loads. */
	mode: string;
	/** True when the request carries a Range header (media seeking): never answered from cache. */
	hasRange: boolean;
}

/**
 * Decides the strategy. `origin` and `base` are the service worker's own (base is '' at the host
 * root, '/servescope' in a sub-folder); `assets` holds the precached pathnames (with base).
 */
export function swStrategy(req: SwRequestFacts, origin: string, base: string, assets: ReadonlySet<string>): SwStrategy {
	if (req.method !== 'GET' || req.hasRange) return 'ignore';
	let url: URL;
	try {
		url = new URL(req.url);
	} catch {
		return 'ignore';
	}
	if (url.origin !== origin) return 'ignore';
	// Only the app's own folder: a sub-folder deployment must not capture its neighbours on the host.
	if (base && url.pathname !== base && !url.pathname.startsWith(`${base}/`)) return 'ignore';
	if (req.mode === 'navigate') return 'navigate';
	if (assets.has(url.pathname)) return 'cache-first';
	return 'network-first';
}

/** The cache name of one build: a new version gets a new cache, and activation deletes the others. */
export function cacheName(version: string): string {
	return `servescope-app-${version}`;
}

/** The caches to delete on activation: every servescope app cache but the current one (others' caches are left alone). */
export function staleCaches(keys: readonly string[], version: string): string[] {
	const current = cacheName(version);
	return keys.filter((k) => k.startsWith('servescope-app-') && k !== current);
}
