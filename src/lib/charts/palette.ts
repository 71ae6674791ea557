/**
 * Colour-blind-safe colours. Categories (series, methods) use the Okabe–Ito palette (Okabe & Ito 2008),
 * distinguishable under the common colour-vision deficiencies, with a dash pattern per series so lines
 * also read in grey print. Sequential values (heatmaps) use viridis from d3-scale-chromatic.
 */
import { color as d3color, interpolateViridis, interpolateCividis } from 'd3';

/** Okabe–Ito without its yellow (too light on white for thin lines), black last. */
export const CATEGORICAL: readonly string[] = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000'];

/** Dash patterns paired with the colours ('' = solid); they cycle with a different period than the colours. */
export const DASHES: readonly string[] = ['', '6 3', '2 3', '8 3 2 3', '4 2 1 2', '10 4'];

/** Colour of the i-th category. */
export function categoryColor(i: number): string {
	return CATEGORICAL[((i % CATEGORICAL.length) + CATEGORICAL.length) % CATEGORICAL.length];
}

/** Dash pattern of the i-th series. */
export function categoryDash(i: number): string {
	// 7 colours × 6 dashes: (i mod 7, i mod 6) stays unique for the first 42 series.
	return DASHES[((i % DASHES.length) + DASHES.length) % DASHES.length];
}

/** Named sequential colour maps (both perceptually uniform and colour-blind safe). */
export type SequentialName = 'viridis' | 'cividis';

/** The interpolator t ∈ [0, 1] → colour of a sequential map. */
export function sequential(name: SequentialName): (t: number) => string {
	return name === 'cividis' ? interpolateCividis : interpolateViridis;
}

/** WCAG relative luminance of a CSS colour (0 = black, 1 = white). */
export function luminance(css: string): number {
	const c = d3color(css)?.rgb();
	if (!c) return 0;
	const lin = (v: number) => {
		const s = v / 255;
		return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
	};
	return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

/**
 * Black or white text for a background, whichever has the higher WCAG contrast ratio.
 * The crossover sits at luminance ≈ 0.179 (equal contrast against both).
 */
export function textColorOn(background: string): '#000000' | '#ffffff' {
	const l = luminance(background);
	return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#000000' : '#ffffff';
}
