/**
 * Reads every drawn <text> of a server-rendered chart SVG and estimates its box the way the layouts do
 * (font size × 0.6 per character, ascent 0.8 em, descent 0.2 em), following inherited font sizes,
 * <g transform="translate(..)"> offsets, tspans and rotate(-90) axis titles. Tests use it to assert
 * that no two labels of a chart overlap and that none leaves the SVG.
 */
import type { Box } from '../../src/lib/charts/text-boxes';

/** One drawn line of text and its estimated box. */
export interface DrawnText {
	text: string;
	box: Box;
}

const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

function attr(attrs: string, name: string): string | undefined {
	return new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(attrs)?.[1];
}

function translate(attrs: string): [number, number] {
	const m = /translate\(\s*(-?[\d.]+)[ ,]+(-?[\d.]+)\s*\)/.exec(attr(attrs, 'transform') ?? '');
	return m ? [Number(m[1]), Number(m[2])] : [0, 0];
}

/** Box of a line of text at (x, y) with anchor, font size, a "middle" baseline when dy is ~0.32–0.35 em, optional rotate(-90). */
function boxOf(text: string, x: number, y: number, fontPx: number, anchor: string, middle: boolean, rotated: boolean): Box {
	const w = text.length * fontPx * 0.6;
	const a0 = anchor === 'middle' ? -w / 2 : anchor === 'end' ? -w : 0;
	const up = middle ? 0.5 * fontPx : 0.8 * fontPx;
	const down = fontPx - up;
	if (!rotated) return { x0: x + a0, x1: x + a0 + w, y0: y - up, y1: y + down };
	// rotate(-90): the text runs upwards from (x, y); "up" points to -x.
	return { x0: x - up, x1: x + down, y0: y - a0 - w, y1: y - a0 };
}

/** Every drawn text line of an SVG document, with its box. */
export function drawnTexts(svg: string): DrawnText[] {
	const out: DrawnText[] = [];
	const stack: { tag: string; font: number; dx: number; dy: number }[] = [{ tag: 'root', font: 16, dx: 0, dy: 0 }];
	const re = /<(\/?)([a-zA-Z]+)((?:\s[^>]*?)?)(\/?)>/g;
	let m: RegExpExecArray | null;
	while ((m = re.exec(svg))) {
		const [, close, tag, attrs, self] = m;
		const top = stack[stack.length - 1];
		if (close) {
			if (tag !== 'text' && tag !== 'tspan') stack.pop();
			continue;
		}
		if (tag === 'text') {
			const end = svg.indexOf('</text>', re.lastIndex);
			const inner = svg.slice(re.lastIndex, end);
			re.lastIndex = end + 7;
			const font = Number(attr(attrs, 'font-size') ?? top.font);
			const anchor = attr(attrs, 'text-anchor') ?? 'start';
			const middle = /^0\.3\d?em$/.test(attr(attrs, 'dy') ?? '');
			const transform = attr(attrs, 'transform') ?? '';
			const rotated = /rotate\(-90\)/.test(transform);
			const [tx, ty] = translate(attrs);
			let x = Number(attr(attrs, 'x') ?? 0) + tx + top.dx;
			let y = Number(attr(attrs, 'y') ?? 0) + ty + top.dy;
			const spans = [...inner.matchAll(/<tspan([^>]*)>([^<]*)<\/tspan>/g)];
			const lines = spans.length ? spans.map((s) => ({ attrs: s[1], text: s[2] })) : [{ attrs: '', text: inner.replace(/<[^>]+>/g, '') }];
			for (const line of lines) {
				const lx = attr(line.attrs, 'x');
				if (lx !== undefined) x = Number(lx) + tx + top.dx;
				y += Number(attr(line.attrs, 'dy') ?? 0);
				const text = decode(line.text);
				if (text.trim()) out.push({ text, box: boxOf(text, x, y, font, anchor, middle, rotated) });
			}
			continue;
		}
		if (self) continue;
		const [tx, ty] = translate(attrs);
		stack.push({ tag, font: Number(attr(attrs, 'font-size') ?? top.font), dx: top.dx + tx, dy: top.dy + ty });
	}
	return out;
}

/** Pairs of texts whose boxes overlap by more than half a pixel, as readable strings (empty when none). */
export function overlappingTexts(svg: string): string[] {
	const t = drawnTexts(svg);
	const bad: string[] = [];
	for (let i = 0; i < t.length; i++)
		for (let j = i + 1; j < t.length; j++) {
			const a = t[i].box;
			const b = t[j].box;
			if (a.x0 < b.x1 - 0.5 && b.x0 < a.x1 - 0.5 && a.y0 < b.y1 - 0.5 && b.y0 < a.y1 - 0.5) bad.push(`"${t[i].text}" × "${t[j].text}"`);
		}
	return bad;
}

/** Texts whose boxes leave the SVG's width × height (empty when none). */
export function textsOutside(svg: string): string[] {
	const w = Number(/<svg[^>]*\swidth="([\d.]+)"/.exec(svg)?.[1]);
	const h = Number(/<svg[^>]*\sheight="([\d.]+)"/.exec(svg)?.[1]);
	return drawnTexts(svg)
		.filter(({ box }) => box.x0 < -0.5 || box.y0 < -0.5 || box.x1 > w + 0.5 || box.y1 > h + 0.5)
		.map((t) => `"${t.text}" at ${JSON.stringify(t.box)}`);
}
