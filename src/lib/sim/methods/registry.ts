/**
 * The batching methods by name: the single source every consumer reads (types, validation, the CLI's
 * lists and help, the page's selects, the study's Step 2 rows, chart order, colours and legends).
 */
import type { Scenario } from '../types';
import { continuousMethod } from './continuous';
import { dynamicMethod } from './dynamic';
import { dynamicCapMethod } from './dynamic-cap';
import type { MethodDef, MethodOptions } from './method';
import { multibinMethod } from './multibin';
import { METHOD_NAMES, type MethodName } from './names';
import { staticMethod } from './static';

export const METHODS: Readonly<Record<MethodName, MethodDef>> = {
	static: staticMethod,
	dynamic: dynamicMethod,
	multibin: multibinMethod,
	continuous: continuousMethod,
	'dynamic-cap': dynamicCapMethod
};

/** Every method in chart/table order. */
export const METHOD_LIST: readonly MethodDef[] = Object.values(METHODS).sort((a, b) => a.order - b.order);

/** Whether a string names a method. */
export function isMethodName(v: unknown): v is MethodName {
	return typeof v === 'string' && (METHOD_NAMES as readonly string[]).includes(v);
}

/** The method's record; throws for an unknown name (callers validate input with isMethodName first). */
export function methodDef(name: MethodName): MethodDef {
	const m = METHODS[name];
	if (!m) throw new Error(`Unknown batching method "${String(name)}"; use one of ${METHOD_NAMES.join(', ')}.`);
	return m;
}

/** The scenario for a named method on `base`. */
export function scenarioFor(name: MethodName, base: Scenario, opts?: MethodOptions): Scenario {
	return methodDef(name).scenario(base, opts);
}

/** The CLI help block listing every method, one per line. */
export function methodsHelp(indent = '                        '): string {
	return METHOD_LIST.map((m) => indent + m.cliHelp).join('\n');
}

export { METHOD_NAMES, type MethodName, type MethodDef, type MethodOptions };
