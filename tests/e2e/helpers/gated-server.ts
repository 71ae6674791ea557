// A static server like scripts/serve.mjs, with a switch that cuts the network and a log of every
// request that reached it: the offline proof needs a server that is really gone, not just a flag
// in the browser (Playwright's setOffline may not cover service-worker fetches).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';

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
