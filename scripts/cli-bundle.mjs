// Where the compiled CLI lives and whether it is up to date. Shared by the launcher (scripts/cli.mjs),
// which runs on every `npm run cli` and must stay cheap (no esbuild, no hashing, no directory walk: one
// stat per file the bundle was built from), and by the builder (scripts/build-cli.mjs).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file lives in scripts/). */
export const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** The bundle's folder (git-ignored). Every file of the bundle sits directly in it: see build-cli.mjs. */
export const BUNDLE_DIR = join(ROOT, '.servescope', 'cli');

/** The bundle's entry: the compiled cli/main.ts. */
export const BUNDLE_MAIN = join(BUNDLE_DIR, 'main.js');

/** Written last by a build: the state (mtime, size) of every file the bundle was made from. */
export const MANIFEST = join(BUNDLE_DIR, 'manifest.json');

/**
 * The folders a build may take sources from, and files whose change always calls for a rebuild (the
 * dependency lock: bundled packages; the build's own scripts). The builder refuses to bundle a source
 * file outside these folders, so the freshness check cannot miss one.
 */
export const WATCHED_DIRS = ['cli', 'src/lib'];
export const WATCHED_FILES = ['package-lock.json', 'scripts/build-cli.mjs', 'scripts/cli-bundle.mjs'];

/**
 * One file's state: [path relative to the root, mtime in ms, size]; [path, -1, -1] when it is gone.
 * An edit, a checkout or a `git stash` changes the mtime, the size or both.
 * @typedef {[string, number, number]} FileState
 */

/**
 * @param {string} path relative to the root
 * @returns {FileState}
 */
function fileState(path) {
	try {
		const s = statSync(join(ROOT, path));
		return [path, Math.trunc(s.mtimeMs), s.size];
	} catch {
		return [path, -1, -1];
	}
}

/**
 * The state of each file now.
 * @param {readonly string[]} paths relative to the root
 * @returns {FileState[]}
 */
export function fileStates(paths) {
	return paths.map(fileState);
}

/**
 * Every file under the watched folders, relative to the root and with "/" separators, plus the watched
 * files. The builder takes their state before compiling, so a file edited during a build leaves the
 * bundle stale, never wrongly fresh.
 * @returns {string[]}
 */
export function watchedPaths() {
	/** @type {string[]} */
	const out = [...WATCHED_FILES];
	/** @param {string} dir */
	const walk = (dir) => {
		for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
			const path = `${dir}/${e.name}`;
			if (e.isDirectory()) walk(path);
			else if (e.isFile()) out.push(path);
		}
	};
	for (const d of WATCHED_DIRS) walk(d);
	return out;
}

/**
 * Why a bundle built when its inputs were `then` is stale now that they are `now` (the same paths, in
 * the same order), or null when none changed.
 * @param {readonly FileState[]} then
 * @param {readonly FileState[]} now
 * @returns {string | null}
 */
export function fingerprintChange(then, now) {
	for (let i = 0; i < then.length; i++) {
		const [path, mtime, size] = then[i];
		const [, mtimeNow, sizeNow] = now[i] ?? [path, -1, -1];
		if (mtimeNow === -1) return `${path} was removed`;
		if (mtimeNow !== mtime || sizeNow !== size) return `${path} changed`;
	}
	return null;
}

/**
 * Why the bundle must be (re)built, or null when it is up to date: missing, or one of the files it was
 * built from (each source file it bundled, the lock, the build scripts) changed since. A stat per file,
 * no directory walk: a new source file matters only once an existing one imports it, and that one changed.
 * @returns {string | null}
 */
export function staleReason() {
	/** @type {{ inputs?: FileState[] }} */
	let manifest;
	try {
		manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
	} catch {
		return 'no compiled CLI yet';
	}
	const then = manifest.inputs ?? [];
	if (then.length === 0) return 'its manifest lists no inputs';
	return fingerprintChange(then, fileStates(then.map((f) => f[0])));
}
