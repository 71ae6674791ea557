/**
 * The import direction of src/lib, checked from the source text: no circle among the top-level
 * folders, and the pure inner folders (core, trace, catalog) never reach into the engine (sim).
 * A circle makes every folder in it one unit in practice: none can be read, tested or moved alone.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const LIB = resolve(__dirname, '../../src/lib');

/** Every .ts / .svelte file under a folder. */
function sourceFiles(dir: string): string[] {
	const out: string[] = [];
	for (const name of readdirSync(dir)) {
		const p = join(dir, name);
		if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
		else if (/\.(ts|svelte)$/.test(name)) out.push(p);
	}
	return out;
}

/** Static imports, re-exports, dynamic imports and worker URLs: every way one file names another. */
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\bnew URL\(\s*)['"]([^'"]+)['"]/g;

/** The specifiers a source text names. */
export function specifiers(text: string): string[] {
	return [...text.matchAll(SPECIFIER)].map((m) => m[1]);
}

/** The top-level folder of src/lib a specifier lands in, or undefined when it leaves src/lib. */
function targetFolder(fromFile: string, spec: string): string | undefined {
	let abs: string;
	if (spec.startsWith('$lib/')) abs = join(LIB, spec.slice(5));
	else if (spec.startsWith('.')) abs = resolve(dirname(fromFile), spec);
	else return undefined; // a package
	const rel = relative(LIB, abs);
	if (rel.startsWith('..')) return undefined;
	const top = rel.split(sep)[0];
	// A file directly in src/lib (no folder) is its own node.
	return top;
}

/** folder -> folders it imports (excluding itself), with one example import per edge. */
function folderGraph(): Map<string, Map<string, string>> {
	const graph = new Map<string, Map<string, string>>();
	for (const file of sourceFiles(LIB)) {
		const from = relative(LIB, file).split(sep)[0];
		if (!graph.has(from)) graph.set(from, new Map());
		for (const spec of specifiers(readFileSync(file, 'utf8'))) {
			const to = targetFolder(file, spec);
			if (to === undefined || to === from) continue;
			const edges = graph.get(from)!;
			if (!edges.has(to)) edges.set(to, `${relative(LIB, file)} imports '${spec}'`);
		}
	}
	return graph;
}

/** Strongly connected components of more than one node (Tarjan): each one is a circle of folders. */
export function circles(graph: Map<string, Map<string, string>>): string[][] {
	let index = 0;
	const idx = new Map<string, number>();
	const low = new Map<string, number>();
	const stack: string[] = [];
	const onStack = new Set<string>();
	const out: string[][] = [];
	const visit = (v: string) => {
		idx.set(v, index);
		low.set(v, index++);
		stack.push(v);
		onStack.add(v);
		for (const w of graph.get(v)?.keys() ?? []) {
			if (!idx.has(w)) {
				visit(w);
				low.set(v, Math.min(low.get(v)!, low.get(w)!));
			} else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
		}
		if (low.get(v) === idx.get(v)) {
			const comp: string[] = [];
			let w: string;
			do {
				w = stack.pop()!;
				onStack.delete(w);
				comp.push(w);
			} while (w !== v);
			if (comp.length > 1) out.push(comp.sort());
		}
	};
	for (const v of graph.keys()) if (!idx.has(v)) visit(v);
	return out;
}

describe('import direction of src/lib', () => {
	const graph = folderGraph();

	it('finds the folders and their imports (the scan itself works)', () => {
		expect([...graph.keys()]).toEqual(expect.arrayContaining(['core', 'sim', 'trace', 'catalog', 'state']));
		expect(graph.get('state')?.has('sim')).toBe(true);
	});

	it('has no circle among the top-level folders', () => {
		const found = circles(graph).map((c) =>
			c.map((f) => `${f} -> {${[...(graph.get(f)?.entries() ?? [])].filter(([t]) => c.includes(t)).map(([t, why]) => `${t}: ${why}`).join('; ')}}`).join('\n')
		);
		expect(found).toEqual([]);
	});

	it.each(['core', 'trace', 'catalog'])('%s does not import the engine (sim)', (folder) => {
		expect(graph.get(folder)?.get('sim')).toBeUndefined();
	});

	it('core imports nothing of servescope', () => {
		expect([...(graph.get('core')?.values() ?? [])]).toEqual([]);
	});

	it('the circle finder reports a planted circle', () => {
		const planted = new Map([
			['a', new Map([['b', 'x']])],
			['b', new Map([['c', 'x']])],
			['c', new Map([['a', 'x']])],
			['d', new Map([['a', 'x']])]
		]);
		expect(circles(planted)).toEqual([['a', 'b', 'c']]);
	});

	it('the scanner sees every import form', () => {
		const text = `import a from '../x';\nimport type { B } from "$lib/y";\nexport { c } from './z';\nconst w = import('../w');\nnew URL('../workers/p.ts', import.meta.url);\nimport '../side';`;
		expect(specifiers(text)).toEqual(['../x', '$lib/y', './z', '../w', '../workers/p.ts', '../side']);
	});
});
