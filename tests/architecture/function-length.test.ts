/**
 * No function in the folders checked here is longer than 150 lines: a long closure is where state
 * hides (the old 700-line trace parser held ~55 mutable variables). Measured with the TypeScript
 * parser, so nested functions count on their own and comments inside count as lines.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const LIB = resolve(__dirname, '../../src/lib');
const MAX_LINES = 150;
// Every top-level folder of src/lib (sim has its own, stricter check with file lengths: tests/sim/size-limits.test.ts).
const CHECKED = readdirSync(LIB).filter((n) => statSync(join(LIB, n)).isDirectory());

function tsFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((n) => {
		const p = join(dir, n);
		return statSync(p).isDirectory() ? tsFiles(p) : n.endsWith('.ts') ? [p] : [];
	});
}

/** Every function-like node of a source text longer than `max` lines, as "name (N lines)". */
export function longFunctions(fileName: string, text: string, max: number): string[] {
	const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
	const out: string[] = [];
	const visit = (node: ts.Node) => {
		if (ts.isFunctionLike(node) && 'body' in node && node.body) {
			const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
			const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
			const lines = end - start + 1;
			const name = node.name && ts.isIdentifier(node.name) ? node.name.text : `<anonymous at line ${start + 1}>`;
			if (lines > max) out.push(`${name} (${lines} lines)`);
		}
		ts.forEachChild(node, visit);
	};
	visit(sf);
	return out;
}

describe(`functions are at most ${MAX_LINES} lines`, () => {
	it.each(CHECKED)('src/lib/%s', (folder) => {
		const long = tsFiles(join(LIB, folder)).flatMap((f) => longFunctions(f, readFileSync(f, 'utf8'), MAX_LINES).map((s) => `${relative(LIB, f)}: ${s}`));
		expect(long).toEqual([]);
	});

	it('the measure catches a long function', () => {
		const body = Array.from({ length: 160 }, (_, i) => `\tconst v${i} = ${i};`).join('\n');
		expect(longFunctions('x.ts', `function big() {\n${body}\n}\nfunction small() {}\n`, MAX_LINES)).toEqual(['big (162 lines)']);
	});
});
