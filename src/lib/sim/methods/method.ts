/**
 * What a batching method is, as one record: its name and label, the sentence that says what it is and
 * where it comes from, its regime, its defaults, how it turns a base scenario into its own, its checks,
 * its CLI help line and how charts show it. A new method is a new file in this folder plus a registry entry.
 */
import type { MethodName } from './names';
import type { Scenario } from '../types';

/** Per-run choices a caller may set on top of the method's defaults. */
export interface MethodOptions {
	gpus?: number;
	/** Bins over predicted output length (multibin; continuous admits by bin when > 1). */
	bins?: number;
	/** Fixed batch size (static). */
	batch?: number;
}

export interface MethodDef {
	name: MethodName;
	/** Short label for tables, selects and legends, e.g. "Multi-bin". */
	label: string;
	/** One sentence: what it is and whose idea it is. */
	description: string;
	/** Request-level (a batch decodes until its longest request ends) or iteration-level (vLLM-like). */
	regime: 'request' | 'iteration';
	/** The method's own defaults (the study and the CLI start from them). */
	defaults: { bins: number; batch?: number };
	/** One line of `cli simulate --help`. */
	cliHelp: string;
	/** Position in tables and charts (ascending). */
	order: number;
	/** Chart colour (Okabe–Ito, colour-blind safe; the same index as charts/palette.ts CATEGORICAL). */
	colour: string;
	/** The method's scenario on `base` (model, GPU, SLO, seed, sizing bounds...). */
	scenario(base: Scenario, opts?: MethodOptions): Scenario;
	/** Problems with a scenario labelled as this method (beyond the generic checks), as "field: message". */
	validate(s: Scenario): { field: string; message: string }[];
	/** The part of a study run key that names what the engine runs, e.g. "static-b8". */
	keyPart(s: Scenario): string;
}

/** Regime check shared by every method: the label must describe what the engine will run. */
export function regimeProblems(def: Pick<MethodDef, 'name' | 'regime'>, s: Scenario): { field: string; message: string }[] {
	if (s.regime === def.regime) return [];
	return [
		{
			field: 'regime',
			message: `method ${def.name} is ${def.regime}-level, but the scenario's regime is "${s.regime}"; choose the method again to reset its settings.`
		}
	];
}
