// A static server like scripts/serve.mjs, with a switch that cuts the network and a log of every
// request that reached it: the offline proof needs a server that is really gone, not just a flag
// in the browser (Playwright's setOffline may not cover service-worker fetches).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launch } from '../browser';
import { snapshotBuild, type PrivateBuild } from './build';

/** One request that reached the server. */
export interface Hit {
	path: string;
	/** HTTP status sent, or 0 when the connection was cut (offline). */
	status: number;
}

/** A running gated server. */
export interface GatedSite {
	/** The site's URL, ending in "/" (base included). */
	url: string;
	/** Set false to cut every new request (the socket is destroyed: the client sees a network error). */
	online: boolean;
	/** Every request that reached the server, in order. */
	hits: Hit[];
	close: () => Promise<void>;
}

/** Serves `dir` under `base` ('' or '/sub') on 127.0.0.1, a secure context for service workers. */
export async function serveGated(dir: string, base = ''): Promise<GatedSite> {
	const files = sirv(dir, { dev: false, etag: true, extensions: ['html'] });
	const prefix = base.replace(/\/$/, '');
	const server = http.createServer((req, res) => {
		const url = req.url ?? '/';
		if (!site.online) {
			site.hits.push({ path: url, status: 0 });
			req.socket.destroy();
			return;
		}
		res.on('finish', () => site.hits.push({ path: url, status: res.statusCode }));
		if (prefix && !url.startsWith(prefix + '/') && url !== prefix) {
			res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
			return;
		}
		req.url = url.slice(prefix.length) || '/';
		files(req, res, () => {
			res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	const { port } = server.address() as AddressInfo;
	const site: GatedSite = {
		url: `http://127.0.0.1:${port}${prefix}/`,
		online: true,
		hits: [],
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};
	return site;
}

/**
 * For a whole test file: a private snapshot of build/, served by a gated server, and Chromium;
 * all three are closed after the file's tests. Read env.build / env.site / env.browser in tests.
 */
export function useGatedSnapshot(): { readonly build: PrivateBuild; readonly site: GatedSite; readonly browser: Browser } {
	const env = {} as { build: PrivateBuild; site: GatedSite; browser: Browser };
	beforeAll(async () => {
		env.build = await snapshotBuild();
		env.site = await serveGated(env.build.dir);
		env.browser = await launch();
	});
	afterAll(async () => {
		await env.browser?.close();
		await env.site?.close();
		env.build?.cleanup();
	});
	return env;
}
