/**
 * Chart exports: SVG markup and PNG images of rendered charts, and file downloads.
 * String helpers are pure (server-rendered markup works too); the DOM parts check for a browser
 * first and report a plain error instead of throwing on `document` in Node.
 * Covers all of src/lib/components/download.ts (downloadBlob, downloadText, downloadSvg, downloadPng;
 * its svgText is svgToString here, which also inlines computed styles), so the page can use this module alone.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';

/**
 * Presentation properties copied from computed style into attributes when serialising, so an SVG
 * styled by page CSS (focus rings, scoped classes) looks the same opened on its own.
 */
const INLINE_PROPS = [
	'fill',
	'stroke',
	'stroke-width',
	'stroke-dasharray',
	'opacity',
	'fill-opacity',
	'stroke-opacity',
	'font-family',
	'font-size',
	'font-weight',
	'text-anchor',
	'dominant-baseline',
	'visibility'
] as const;

/** True when running in a browser with a DOM (not in Node, not in a worker). */
export function hasDom(): boolean {
	return typeof document !== 'undefined' && typeof window !== 'undefined';
}

/**
 * Standalone SVG text from server-rendered markup: drops Svelte's hydration comments, makes sure the
 * root carries the SVG namespace and prepends the XML declaration.
 */
export function svgMarkupToFile(markup: string): string {
	let s = markup.replace(/<!--[\s\S]*?-->/g, '').trim();
	if (!/^<svg[\s>]/.test(s)) {
		const at = s.indexOf('<svg');
		if (at < 0) throw new Error('svgMarkupToFile: the markup holds no <svg> element.');
		s = s.slice(at, s.lastIndexOf('</svg>') + 6);
	}
	if (!/^<svg[^>]*\sxmlns=/.test(s)) s = s.replace(/^<svg/, `<svg xmlns="${SVG_NS}"`);
	return `<?xml version="1.0" encoding="UTF-8"?>\n${s}\n`;
}

/**
 * Serialises a live <svg> element to a standalone SVG document: namespaces set, computed
 * presentation styles inlined on every element, explicit width/height so image viewers size it.
 */
export function svgToString(svg: SVGSVGElement): string {
	if (!hasDom()) throw new Error('svgToString needs a browser DOM; on the server render the component with svelte/server.');
	const clone = svg.cloneNode(true) as SVGSVGElement;
	clone.setAttribute('xmlns', SVG_NS);
	clone.setAttribute('xmlns:xlink', XLINK_NS);
	const box = svg.viewBox?.baseVal;
	if (!clone.getAttribute('width') && box && box.width) clone.setAttribute('width', String(box.width));
	if (!clone.getAttribute('height') && box && box.height) clone.setAttribute('height', String(box.height));
	// Walk original and clone in step: computed style only exists on the element in the document.
	const src = [svg, ...Array.from(svg.querySelectorAll('*'))];
	const dst = [clone, ...Array.from(clone.querySelectorAll('*'))];
	for (let i = 0; i < src.length && i < dst.length; i++) {
		const cs = window.getComputedStyle(src[i]);
		const style: string[] = [];
		for (const p of INLINE_PROPS) {
			const v = cs.getPropertyValue(p);
			if (v) style.push(`${p}:${v}`);
		}
		if (style.length) dst[i].setAttribute('style', style.join(';'));
		dst[i].removeAttribute('class');
		dst[i].removeAttribute('tabindex');
	}
	omitPageOnly(clone);
	return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}\n`;
}

/**
 * Removes what belongs to the page, not to the chart: elements marked data-export="omit" (the heatmap's
 * selected-cell outline), so an exported SVG or PNG never keeps the page's current highlight.
 */
export function omitPageOnly(root: Element): void {
	for (const el of Array.from(root.querySelectorAll('[data-export="omit"]'))) el.remove();
}

/** Saves a Blob as a file through a temporary <a download> link. */
export function downloadBlob(blob: Blob, filename: string): void {
	if (!hasDom()) throw new Error('downloadBlob needs a browser.');
	const url = URL.createObjectURL(blob);
	const a = document.createElement('a');
	a.href = url;
	a.download = filename;
	a.rel = 'noopener';
	a.style.display = 'none';
	document.body.appendChild(a);
	a.click();
	a.remove();
	// Revoke later: some browsers start the download asynchronously after click().
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * A text MIME type with its charset: "text/csv" → "text/csv;charset=utf-8"; a type that names a charset
 * is kept as given. Text blobs are UTF-8 (Blob encodes strings so), and saying so keeps spreadsheet apps
 * from guessing another encoding for non-ASCII names in a CSV.
 */
export function textMime(type: string): string {
	return /;\s*charset=/i.test(type) ? type : `${type};charset=utf-8`;
}

/**
 * Saves text as a file (CSV, JSON, SVG) with a MIME type; ";charset=utf-8" is added when the type has
 * no charset, so `downloadText(csv, 'runs.csv', 'text/csv')` saves the same file as the page's former
 * components/download.ts did.
 */
export function downloadText(text: string, filename: string, type = 'text/plain;charset=utf-8'): void {
	downloadBlob(new Blob([text], { type: textMime(type) }), filename);
}

/** Saves a chart as an .svg file (the name gets ".svg" when it lacks it). */
export function downloadSvg(svg: SVGSVGElement | string, filename: string): void {
	const text = typeof svg === 'string' ? svgMarkupToFile(svg) : svgToString(svg);
	downloadText(text, filename.endsWith('.svg') ? filename : `${filename}.svg`, 'image/svg+xml;charset=utf-8');
}

/** Pixel size of an SVG's drawing: its width/height attributes, else its viewBox, else its box. */
function svgSize(svg: SVGSVGElement): { w: number; h: number } {
	const w = Number(svg.getAttribute('width'));
	const h = Number(svg.getAttribute('height'));
	if (w > 0 && h > 0) return { w, h };
	const box = svg.viewBox?.baseVal;
	if (box && box.width > 0 && box.height > 0) return { w: box.width, h: box.height };
	const r = svg.getBoundingClientRect();
	return { w: Math.max(1, r.width), h: Math.max(1, r.height) };
}

/**
 * Draws the chart onto a canvas at `scale`× (default 2, crisp on high-density screens and slides)
 * on a white background and returns a PNG Blob.
 */
export async function svgToPngBlob(svg: SVGSVGElement, scale = 2): Promise<Blob> {
	if (!hasDom()) throw new Error('svgToPngBlob needs a browser with a canvas.');
	const { w, h } = svgSize(svg);
	const text = svgToString(svg);
	const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml;charset=utf-8' }));
	try {
		const img = new Image();
		img.decoding = 'async';
		await new Promise<void>((resolve, reject) => {
			img.onload = () => resolve();
			img.onerror = () => reject(new Error('The chart could not be drawn as an image (SVG failed to load).'));
			img.src = url;
		});
		const canvas = document.createElement('canvas');
		canvas.width = Math.round(w * scale);
		canvas.height = Math.round(h * scale);
		const ctx = canvas.getContext('2d');
		if (!ctx) throw new Error('This browser gave no 2D canvas; PNG export is unavailable, use SVG.');
		ctx.fillStyle = '#ffffff';
		ctx.fillRect(0, 0, canvas.width, canvas.height);
		ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
		return await new Promise<Blob>((resolve, reject) =>
			canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The canvas produced no PNG.'))), 'image/png')
		);
	} finally {
		URL.revokeObjectURL(url);
	}
}

/** Saves a chart as a .png file at 2× scale. */
export async function downloadPng(svg: SVGSVGElement, filename: string, scale = 2): Promise<void> {
	const blob = await svgToPngBlob(svg, scale);
	downloadBlob(blob, filename.endsWith('.png') ? filename : `${filename}.png`);
}
