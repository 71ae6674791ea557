// Builds for the e2e proofs that must not be disturbed by other people rebuilding build/ meanwhile:
// a validated snapshot of the shared build, and a private build under a base path in a temp dir.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The project root (this file lives in tests/e2e/helpers). */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A build copied or made somewhere private; `dir` is the adapter's output (index.html inside). */
export interface PrivateBuild {
	dir: string;
	cleanup: () => void;
}

/**
 * What is missing from a built site, or [] when it is complete: index.html, the service worker, every
 * file the service worker precaches (that list names every app chunk, the worker chunks included)
 * and every `_app` file index.html links. A half-written build (someone is running `vite build`)
 * fails this check.
 */
export function missingFiles(dir: string): string[] {
	const missing: string[] = [];
	for (const f of ['index.html', 'service-worker.js']) if (!existsSync(join(dir, f))) missing.push(f);
	if (missing.length) return missing;
	const sw = readFileSync(join(dir, 'service-worker.js'), 'utf8');
	const html = readFileSync(join(dir, 'index.html'), 'utf8');
	const refs = new Set([...sw.matchAll(/\/(_app\/[A-Za-z0-9_.\-/]+)/g), ...html.matchAll(/\.\/(_app\/[A-Za-z0-9_.\-/]+)/g)].map((m) => m[1]));
	if (![...refs].some((r) => r.includes('/workers/'))) missing.push('_app/immutable/workers/* (the service worker lists no worker chunk)');
	for (const r of refs) if (!existsSync(join(dir, r))) missing.push(r);
	return missing;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A private, complete copy of the project's build/ (the other engineer may rebuild it during a test;
 * a copy keeps the file names this test saw). Waits up to ~90 s for a build in progress to finish,
 * then rebuilds once in the shared tree as a last resort.
 */
export async function snapshotBuild(): Promise<PrivateBuild> {
	const src = join(ROOT, 'build');
	for (let attempt = 0; ; attempt++) {
		const dir = mkdtempSync(join(tmpdir(), 'servescope-build-'));
		const cleanup = () => rmSync(dir, { recursive: true, force: true });
		try {
			if (existsSync(src)) cpSync(src, dir, { recursive: true });
		} catch {
			// Files vanished while copying: a rebuild is under way; check and retry below.
		}
		const missing = missingFiles(dir);
		if (missing.length === 0) return { dir, cleanup };
		cleanup();
		if (attempt === 9) {
			await run('npx', ['vite', 'build'], { cwd: ROOT, maxBuffer: 64 << 20 });
		} else if (attempt >= 10) {
			throw new Error(`build/ is incomplete even after a rebuild; missing: ${missing.slice(0, 5).join(', ')}`);
		} else {
			await sleep(10_000);
		}
	}
}

/**
 * Builds the site with BASE_PATH = `base` in a temp copy of the project (never in the shared tree:
 * another engineer rebuilds build/ there). The adapter writes <temp>/build.
 */
export async function buildAtBase(base: string): Promise<PrivateBuild> {
	const tmp = mkdtempSync(join(tmpdir(), 'servescope-base-'));
	const cleanup = () => rmSync(tmp, { recursive: true, force: true });
	try {
		for (const f of ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'tsconfig.json', 'package.json']) {
			if (existsSync(join(ROOT, f))) cpSync(join(ROOT, f), join(tmp, f), { recursive: true });
		}
		symlinkSync(join(ROOT, 'node_modules'), join(tmp, 'node_modules'), 'dir');
		await run('npx', ['vite', 'build'], { cwd: tmp, env: { ...process.env, BASE_PATH: base }, maxBuffer: 64 << 20 });
		const dir = join(tmp, 'build');
		const missing = missingFiles(dir);
		if (missing.length) throw new Error(`the ${base} build is incomplete; missing: ${missing.slice(0, 5).join(', ')}`);
		return { dir, cleanup };
	} catch (e) {
		cleanup();
		throw e;
	}
}

/** Names of the worker chunks of a build (e.g. ["parse.worker-XXXX.js", "sim.worker-YYYY.js"]). */
export function workerChunks(dir: string): string[] {
	const w = join(dir, '_app/immutable/workers');
	return existsSync(w) ? readdirSync(w).filter((f) => f.endsWith('.js')) : [];
}
