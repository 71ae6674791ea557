/**
 * Browser downloads of text files and charts (SVG as is, PNG rasterised at 2×). Blob URLs only:
 * nothing leaves the tab, and the CSP allows blob: images.
 */

/** Saves a Blob under a file name. */
export function downloadBlob(blob: Blob, fileName: string): void {
	const url = URL.createObjectURL(blob);
	const a = document.createElement('a');
	a.href = url;
	a.download = fileName;
	a.rel = 'noopener';
	document.body.appendChild(a);
	a.click();
	a.remove();
	// Give the browser time to start the download before the URL is revoked.
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Saves text (CSV, JSON) with its MIME type. */
export function downloadText(text: string, fileName: string, type = 'text/csv'): void {
	downloadBlob(new Blob([text], { type: `${type};charset=utf-8` }), fileName);
}

/** A standalone SVG document of a rendered <svg> (namespaces and a white background added). */
export function svgText(svg: SVGSVGElement): string {
	const clone = svg.cloneNode(true) as SVGSVGElement;
	clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
	clone.setAttribute('xmlns:xlink', 'http://www.w3.org/1999/xlink');
	const text = new XMLSerializer().serializeToString(clone);
	return text.startsWith('<?xml') ? text : `<?xml version="1.0" encoding="UTF-8"?>\n${text}`;
}

/** Saves a rendered chart as an SVG file. */
export function downloadSvg(svg: SVGSVGElement, fileName: string): void {
	downloadBlob(new Blob([svgText(svg)], { type: 'image/svg+xml' }), fileName);
}

/** Saves a rendered chart as a PNG (scale × its size, on white). */
export async function downloadPng(svg: SVGSVGElement, fileName: string, scale = 2): Promise<void> {
	const w = Number(svg.getAttribute('width')) || svg.getBoundingClientRect().width;
	const h = Number(svg.getAttribute('height')) || svg.getBoundingClientRect().height;
	const url = URL.createObjectURL(new Blob([svgText(svg)], { type: 'image/svg+xml' }));
	try {
		const img = new Image();
		await new Promise<void>((resolve, reject) => {
			img.onload = () => resolve();
			img.onerror = () => reject(new Error('the chart could not be rasterised'));
			img.src = url;
		});
		const canvas = document.createElement('canvas');
		canvas.width = Math.round(w * scale);
		canvas.height = Math.round(h * scale);
		const ctx = canvas.getContext('2d');
		if (!ctx) throw new Error('no 2D canvas');
		ctx.fillStyle = '#ffffff';
		ctx.fillRect(0, 0, canvas.width, canvas.height);
		ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
		const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/png'));
		if (!blob) throw new Error('PNG encoding failed');
		downloadBlob(blob, fileName);
	} finally {
		URL.revokeObjectURL(url);
	}
}
