// Node module hook (module.register): compiles .svelte files for server rendering, so the CLI
// (plain Node + tsx, no Vite) can import the chart components. Node only; the browser never loads it.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { compile } from 'svelte/compiler';

/** @type {import('node:module').LoadHook} */
export async function load(url, context, nextLoad) {
	if (!url.startsWith('file:') || !url.split('?')[0].endsWith('.svelte')) return nextLoad(url, context);
	const filename = fileURLToPath(url);
	const source = await readFile(filename, 'utf8');
	// Svelte 5 strips TypeScript type annotations in <script lang="ts"> itself; no preprocessor needed.
	const { js } = compile(source, { filename, generate: 'server', dev: false, css: 'external' });
	return { format: 'module', source: js.code, shortCircuit: true };
}
