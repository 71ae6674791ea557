/**
 * Node only (the CLI): lets plain Node import the chart components by registering a module hook that
 * compiles .svelte files for the server, then loads study-svgs.ts. Vite and vitest compile .svelte on
 * their own and never need this. Import it lazily (await import(...)) so browser bundles never see it.
 */
import type { studyChartSvgs as StudyChartSvgs } from './study-svgs';

let registered: Promise<void> | null = null;

/**
 * Registers the .svelte hook once per process (idempotent). The compiled CLI skips it: its bundle holds
 * the components already compiled with the hook's options (scripts/build-cli.mjs), and a registered
 * hook would start Node's hooks thread, load the Svelte compiler there and route every later import
 * through it (about 0.6 s at the end of a study, with nothing to compile).
 */
export function registerSvelteHook(): Promise<void> {
	if (!import.meta.url.endsWith('.ts')) return Promise.resolve();
	registered ??= (async () => {
		const { register } = await import('node:module');
		register(new URL('./svelte-node-loader.mjs', import.meta.url));
	})();
	return registered;
}

/** studyChartSvgs, loadable from plain Node: `const render = await loadStudyChartSvgs(); render(study)`. */
export async function loadStudyChartSvgs(): Promise<typeof StudyChartSvgs> {
	await registerSvelteHook();
	const mod = await import('./study-svgs');
	return mod.studyChartSvgs;
}
