// Where the compiled CLI lives and whether it is up to date. Shared by the launcher (scripts/cli.mjs),
// which runs on every `npm run cli` and must stay cheap (no esbuild, no hashing: one directory walk
// and a stat per file, a few milliseconds), and by the builder (scripts/build-cli.mjs).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file lives in scripts/). */
export const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** The bundle's folder (git-ignored). Every file of the bundle sits directly in it: see build-cli.mjs. */
export const BUNDLE_DIR = join(ROOT, '.servescope', 'cli');

/** The bundle's entry: the compiled cli/main.ts. */
export const BUNDLE_MAIN = join(BUNDLE_DIR, 'main.js');

/** Written last by a build: the inputs' fingerprint the bundle was made from. */
export const MANIFEST = join(BUNDLE_DIR, 'manifest.json');

/**
 * What the bundle is made from: every file under these folders (a new command file counts, even
 * before anything imports it), the dependency lock and the build's own scripts. The builder refuses
 * to bundle a source file outside them, so this list cannot silently fall behind the code.
 */
export const WATCHED_DIRS = ['cli', 'src/lib'];
export const WATCHED_FILES = ['package-lock.json', 'scripts/build-cli.mjs', 'scripts/cli-bundle.mjs'];

/**
 * Appends "path mtime size" for every file under dir (recursively) to out.
 * @param {string} dir
 * @param {string[]} out
 */
function walk(dir, out) {
	/** @type {import('node:fs').Dirent[]} */
	let entries;
	try {
		entries = readdirSync(dir, { withFileTypes: true });
	} catch {
		return; // A watched folder that does not exist has no files to fingerprint.
	}
	for (const e of entries) {
		const path = join(dir, e.name);
		if (e.isDirectory()) walk(path, out);
		else if (e.isFile()) out.push(entry(path));
	}
}

/**
 * @param {string} path
 * @returns {string}
 */
function entry(path) {
	const s = statSync(path);
	// mtime to the millisecond and size: an edit, a checkout or a `git stash` changes one or both.
	return `${relative(ROOT, path).split('\\').join('/')} ${Math.trunc(s.mtimeMs)} ${s.size}`;
}

/**
 * The inputs' fingerprint now: one "path mtime size" line per watched file, in a stable order.
 * @returns {string[]}
 */
export function inputFingerprint() {
	/** @type {string[]} */
	const out = [];
	for (const d of WATCHED_DIRS) walk(join(ROOT, d), out);
	for (const f of WATCHED_FILES) {
		try {
			out.push(entry(join(ROOT, f)));
		} catch {
			out.push(`${f} missing`);
		}
	}
	return out.sort();
}

/**
 * Why a bundle built from `then` is stale now that the inputs are `now` (both from inputFingerprint),
 * or null when nothing changed.
 * @param {readonly string[]} then
 * @param {readonly string[]} now
 * @returns {string | null}
 */
export function fingerprintChange(then, now) {
	if (now.length !== then.length) return 'files were added or removed under cli/ or src/lib/';
	for (let i = 0; i < now.length; i++) {
		if (now[i] !== then[i]) return `${now[i].split(' ')[0]} changed`;
	}
	return null;
}

/**
 * Why the bundle must be (re)built, or null when it is up to date: missing, or a watched file added,
 * removed or changed since it was built.
 * @returns {string | null}
 */
export function staleReason() {
	/** @type {{ inputs?: string[] }} */
	let manifest;
	try {
		manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
	} catch {
		return 'no compiled CLI yet';
	}
	return fingerprintChange(manifest.inputs ?? [], inputFingerprint());
}
