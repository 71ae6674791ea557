/**
 * The repository stands on its own: a fresh clone with nothing beside it passes `npm test`. So nothing
 * in tests/, src/, cli/, bench/ or scripts/ may name a path that climbs out of the repository, except
 * tests/helpers/real-data.ts, the one place that looks for the optional whole public traces.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/real-data';

const FOLDERS = ['tests', 'src', 'cli', 'bench', 'scripts'];
const ALLOWED = new Set(['tests/helpers/real-data.ts', 'tests/repository/self-contained.test.ts']);
const SOURCE = /\.(ts|mts|js|mjs|cjs|svelte|json)$/;
const SKIP_DIRS = new Set(['node_modules', 'fixtures', '__snapshots__', 'out']);

function* files(dir: string): Generator<string> {
	for (const name of readdirSync(dir)) {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) {
			if (!SKIP_DIRS.has(name)) yield* files(path);
		} else if (SOURCE.test(name)) yield path;
	}
}

/** Every quoted string in a source text that starts with ../ or names a sibling folder of the repo. */
export function escapingPaths(file: string, text: string, root: string): string[] {
	const found: string[] = [];
	for (const m of text.matchAll(/(['"`])((?:\.\.\/)+[^'"`\n]*)\1/g)) {
		const target = resolve(dirname(file), m[2]);
		if (relative(root, target).startsWith('..')) found.push(m[2]);
	}
	// Paths joined onto the root (resolve(ROOT, '../x')) or spelled out (../shared/...) in any quoted string.
	for (const m of text.matchAll(/(['"`])([^'"`\n]*\.\.\/shared\b[^'"`\n]*)\1/g)) if (!found.includes(m[2])) found.push(m[2]);
	return found;
}

describe('the repository stands on its own', () => {
	it('no file in tests/, src/, cli/, bench/ or scripts/ names a path outside the repository', () => {
		const offenders: string[] = [];
		for (const folder of FOLDERS) {
			for (const file of files(resolve(REPO_ROOT, folder))) {
				const rel = relative(REPO_ROOT, file).split('\\').join('/');
				if (ALLOWED.has(rel)) continue;
				for (const p of escapingPaths(file, readFileSync(file, 'utf8'), REPO_ROOT)) offenders.push(`${rel}: '${p}'`);
			}
		}
		expect(offenders, 'read real data through tests/helpers/real-data.ts (samples in tests/fixtures/real)').toEqual([]);
	});

	it('the check catches a climbing import, a URL out of the repository and a path joined onto the root', () => {
		const file = resolve(REPO_ROOT, 'tests/sim/x.test.ts');
		expect(escapingPaths(file, "import a from '../../src/lib/sim';", REPO_ROOT)).toEqual([]);
		expect(escapingPaths(file, "new URL('../../../shared/data/a.csv', import.meta.url)", REPO_ROOT)).toEqual(['../../../shared/data/a.csv']);
		expect(escapingPaths(file, "resolve(ROOT, '../shared/data')", REPO_ROOT)).toEqual(['../shared/data']);
		expect(escapingPaths(file, 'readFileSync(`../../../elsewhere/b.csv`)', REPO_ROOT)).toEqual(['../../../elsewhere/b.csv']);
	});
});
