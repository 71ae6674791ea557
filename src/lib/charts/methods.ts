/**
 * The batching methods as charts show them: order, legend label and colour. This is the one place the
 * charts name the methods. When the method registry (src/lib/sim/methods/) lands, CHART_METHODS becomes
 * a one-line derivation from it (its ids, labels and chart colours in its chart order).
 */
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

/** Step 2 methods in chart order: request-level batching from simplest up, then iteration-level, then Step 1's pick. */
export const CHART_METHODS: readonly ChartMethod[] = (
	[
		['static', 'Static'],
		['dynamic', 'Dynamic'],
		['multibin', 'Multi-bin'],
		['continuous', 'Continuous'],
		['optimized', 'Optimized (Step 1)']
	] as const
).map(([id, label], i) => ({ id, label, color: categoryColor(i) }));

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
