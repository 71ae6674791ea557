/** Shared helpers for chart tests: render a component on the server to standalone SVG text. */
import { render } from 'svelte/server';
import type { ComponentProps } from 'svelte';
import BarChart from '../../src/lib/charts/BarChart.svelte';
import { svgMarkupToFile } from '../../src/lib/charts/export';
import Heatmap from '../../src/lib/charts/Heatmap.svelte';
import Histogram from '../../src/lib/charts/Histogram.svelte';
import LineChart from '../../src/lib/charts/LineChart.svelte';

/** Server-renders a LineChart to standalone SVG text (hydration comments removed). */
export const lineSvg = (props: ComponentProps<typeof LineChart>): string => svgMarkupToFile(render(LineChart, { props }).body);

/** Server-renders a Heatmap to standalone SVG text. */
export const heatmapSvg = (props: ComponentProps<typeof Heatmap>): string => svgMarkupToFile(render(Heatmap, { props }).body);

/** Server-renders a BarChart to standalone SVG text. */
export const barSvg = (props: ComponentProps<typeof BarChart>): string => svgMarkupToFile(render(BarChart, { props }).body);

/** Server-renders a Histogram to standalone SVG text. */
export const histogramSvg = (props: ComponentProps<typeof Histogram>): string => svgMarkupToFile(render(Histogram, { props }).body);

/** Attribute values of every `name="..."` in the markup. */
export function attrs(svg: string, name: string): string[] {
	return [...svg.matchAll(new RegExp(`\\s${name}="([^"]*)"`, 'g'))].map((m) => m[1]);
}

/** Snippets around NaN, Infinity or "undefined" in the markup (empty when there are none). */
export function badNumbers(svg: string): string[] {
	return [...svg.matchAll(/NaN|Infinity|undefined/g)].map((m) => svg.slice(Math.max(0, (m.index ?? 0) - 40), (m.index ?? 0) + 20));
}
