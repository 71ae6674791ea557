/**
 * The page's chart text size, shared through Svelte context: a presentation mode (a projector, a talk)
 * calls provideChartFontScale(() => 1.25) in a component above the charts, and every chart below it
 * draws larger text and lays out for it. A chart's own `fontScale` prop wins over the context.
 */
import { getContext, setContext } from 'svelte';

const KEY = Symbol('servescope-chart-font-scale');

/** Makes `get()` the text size factor of every chart rendered below the calling component. */
export function provideChartFontScale(get: () => number): void {
	setContext(KEY, get);
}

/** The provider's getter, or a getter of 1 when no component above provides one (call during component init). */
export function chartFontScale(): () => number {
	return getContext<(() => number) | undefined>(KEY) ?? (() => 1);
}
