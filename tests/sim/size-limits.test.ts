/**
 * The engine stays readable: no file in src/lib/sim longer than 350 lines and no function longer than
 * 150 lines, nested functions included in their parent's count.
 * Functions are found with the TypeScript compiler's own parser, so strings and comments cannot fool it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../../src/lib/sim');
const MAX_FILE_LINES = 350;
const MAX_FUNCTION_LINES = 150;
/** Files allowed to exceed the limits while they are being split (none today). */
const EXCEPTIONS = new Set<string>([]);

function tsFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const p = join(dir, name);
		if (statSync(p).isDirectory()) return tsFiles(p);
		return p.endsWith('.ts') ? [p] : [];
	});
}

/** Every function-like node of a source text: its name (or a description) and its length in lines. */
export function functionLengths(fileName: string, text: string): { name: string; lines: number; line: number }[] {
	const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
	const out: { name: string; lines: number; line: number }[] = [];
	const visit = (node: ts.Node): void => {
		if (ts.isFunctionLike(node) && 'body' in node && node.body) {
			const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
			const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
			const named = 'name' in node && node.name ? node.name.getText(sf) : undefined;
			const holder = ts.isVariableDeclaration(node.parent) || ts.isPropertyAssignment(node.parent) ? node.parent.name.getText(sf) : undefined;
			out.push({ name: named ?? holder ?? '(anonymous)', lines: end - start + 1, line: start + 1 });
		}
		ts.forEachChild(node, visit);
	};
	visit(sf);
	return out;
}

describe('size limits of src/lib/sim', () => {
	const files = tsFiles(ROOT);

	it('finds the engine files', () => expect(files.length).toBeGreaterThan(20));

	it(`no file is longer than ${MAX_FILE_LINES} lines`, () => {
		const long = files
			.filter((f) => !EXCEPTIONS.has(relative(ROOT, f)))
			.map((f) => ({ file: relative(ROOT, f), lines: readFileSync(f, 'utf8').split('\n').length }))
			.filter((x) => x.lines > MAX_FILE_LINES);
		expect(long).toEqual([]);
	});

	it(`no function is longer than ${MAX_FUNCTION_LINES} lines`, () => {
		const long = files
			.filter((f) => !EXCEPTIONS.has(relative(ROOT, f)))
			.flatMap((f) =>
			functionLengths(f, readFileSync(f, 'utf8'))
				.filter((x) => x.lines > MAX_FUNCTION_LINES)
				.map((x) => `${relative(ROOT, f)}:${x.line} ${x.name} (${x.lines} lines)`)
		);
		expect(long).toEqual([]);
	});

	it('the scanner measures what it should (a planted long function is caught)', () => {
		const body = Array.from({ length: 160 }, (_, i) => `\tconst x${i} = ${i};`).join('\n');
		const text = `export function planted(): void {\n${body}\n}\nconst short = () => 1;\nconst s = "function fake() {";\n`;
		const found = functionLengths('planted.ts', text);
		expect(found.find((x) => x.name === 'planted')?.lines).toBe(162);
		expect(found.find((x) => x.name === 'short')?.lines).toBe(1);
		expect(found).toHaveLength(2);
	});
});
