/**
 * The batching methods as charts show them: order, legend label and colour, derived from the method
 * registry (src/lib/sim/methods/), so a new method appears in every chart legend without an edit here.
 */
import { METHOD_LIST } from '../sim/methods/registry';
import type { Step2Method } from '../study/types';
import { categoryColor } from './palette';

/** One method as a chart draws it. */
export interface ChartMethod {
	id: Step2Method;
	/** Legend and tooltip label. */
	label: string;
	/** Fixed colour, so a method keeps it when others are absent from a study. */
	color: string;
}

/** Step 2 methods in chart order, from the method registry (its labels, colours and order), then Step 1's pick. */
export const CHART_METHODS: readonly ChartMethod[] = [
	...METHOD_LIST.map((m) => ({ id: m.name as Step2Method, label: m.label, color: m.colour })),
	{ id: 'optimized', label: 'Optimized (Step 1)', color: categoryColor(METHOD_LIST.length) }
];

/** The chart entry of a method id; an unknown id (a method added elsewhere first) gets a grey and its id as label. */
export function chartMethod(id: Step2Method): ChartMethod {
	return CHART_METHODS.find((m) => m.id === id) ?? { id, label: id, color: '#777777' };
}

/** The given methods in chart order, unknown ones last in their given order. */
export function inChartOrder(ids: Iterable<Step2Method>): ChartMethod[] {
	const want = new Set(ids);
	const known = CHART_METHODS.filter((m) => want.has(m.id));
	const rest = [...want].filter((id) => !CHART_METHODS.some((m) => m.id === id)).map(chartMethod);
	return [...known, ...rest];
}
