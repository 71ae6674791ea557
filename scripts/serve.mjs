// Serves the built static site (build/) on localhost. servescope has no server of its own:
// this is only a file server, for `npm start`, the e2e tests and offline exploration on a laptop.
// BASE_PATH mounts the site in a sub-folder, as a static host would.
import http from 'node:http';
import sirv from 'sirv';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Starts a static file server for `dir`, mounted at `base` ('' or '/sub/path').
 * @param {{ dir?: string, base?: string, port?: number, host?: string }} [opts]
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function serveBuild(opts = {}) {
	const dir = opts.dir ?? fileURLToPath(new URL('../build', import.meta.url));
	const base = (opts.base ?? process.env.BASE_PATH ?? '').replace(/\/$/, '');
	const host = opts.host ?? '127.0.0.1';
	if (!existsSync(dir)) throw new Error(`No build found at ${dir}: run "npm run build" first.`);
	const files = sirv(dir, { dev: false, etag: true, extensions: ['html'] });
	const server = http.createServer((req, res) => {
		const url = req.url ?? '/';
		if (base && !url.startsWith(base + '/') && url !== base) {
			res.writeHead(404, { 'content-type': 'text/plain' }).end(`Not found: servescope is served under ${base}/`);
			return;
		}
		req.url = url.slice(base.length) || '/';
		files(req, res, () => {
			res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
		});
	});
	await new Promise((resolve) => server.listen(opts.port ?? 0, host, () => resolve(undefined)));
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : opts.port;
	return {
		url: `http://${host}:${port}${base}/`,
		close: () => new Promise((resolve) => server.close(() => resolve(undefined)))
	};
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const port = Number(process.env.PORT ?? 4173);
	const { url } = await serveBuild({ port });
	console.log(`servescope is running at ${url}  (Ctrl+C to stop)`);
}
