import { afterEach, describe, expect, test, vi } from 'vitest';
import { downloadBlob, downloadSvg, downloadText, hasDom, svgMarkupToFile, svgToPngBlob, textMime } from '../../src/lib/charts/export';

describe('svgMarkupToFile', () => {
	test.each([
		['<!--[--><svg xmlns="http://www.w3.org/2000/svg"><!--[0--><g></g><!--]--></svg><!--]-->', '<svg xmlns="http://www.w3.org/2000/svg"><g></g></svg>'],
		['<svg width="1"><title>a</title></svg>', '<svg xmlns="http://www.w3.org/2000/svg" width="1"><title>a</title></svg>'],
		['<div>x</div><svg><g/></svg><p>y</p>', '<svg xmlns="http://www.w3.org/2000/svg"><g/></svg>']
	])('%s', (markup, want) => {
		expect(svgMarkupToFile(markup)).toBe(`<?xml version="1.0" encoding="UTF-8"?>\n${want}\n`);
	});

	test('markup without an <svg> is an error that says so', () => {
		expect(() => svgMarkupToFile('<div></div>')).toThrow(/no <svg>/);
	});
});

describe('DOM-only helpers in Node', () => {
	test('hasDom is false and the helpers explain what they need', async () => {
		expect(hasDom()).toBe(false);
		expect(() => downloadText('a', 'a.csv')).toThrow(/needs a browser/);
		await expect(svgToPngBlob({} as SVGSVGElement)).rejects.toThrow(/needs a browser/);
	});
});

describe('textMime', () => {
	test.each([
		['text/csv', 'text/csv;charset=utf-8'],
		['application/json', 'application/json;charset=utf-8'],
		['text/plain;charset=utf-8', 'text/plain;charset=utf-8'],
		['image/svg+xml; charset=UTF-8', 'image/svg+xml; charset=UTF-8']
	])('%s → %s', (type, want) => {
		expect(textMime(type)).toBe(want);
	});
});

describe('downloads with a stand-in DOM', () => {
	/** A minimal document/window: records the link clicked and the blob behind its URL. */
	function fakeDom() {
		const clicked: { href: string; download: string; rel: string }[] = [];
		const blobs = new Map<string, Blob>();
		const revoked: string[] = [];
		let n = 0;
		vi.stubGlobal('window', {});
		vi.stubGlobal('document', {
			body: { appendChild: () => undefined },
			createElement: () => {
				const a = { href: '', download: '', rel: '', style: { display: '' }, click: () => clicked.push({ href: a.href, download: a.download, rel: a.rel }), remove: () => undefined };
				return a;
			}
		});
		vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
			const url = `blob:test/${n++}`;
			blobs.set(url, b as Blob);
			return url;
		});
		vi.spyOn(URL, 'revokeObjectURL').mockImplementation((u) => void revoked.push(u));
		return { clicked, blobs, revoked };
	}

	afterEach(() => {
		vi.unstubAllGlobals();
		vi.restoreAllMocks();
		vi.useRealTimers();
	});

	test('downloadText saves the text under its name, UTF-8, and revokes the URL later', async () => {
		vi.useFakeTimers();
		const dom = fakeDom();
		downloadText('a,b\n1,2\n', 'runs.csv', 'text/csv');
		expect(dom.clicked).toEqual([{ href: 'blob:test/0', download: 'runs.csv', rel: 'noopener' }]);
		const blob = dom.blobs.get('blob:test/0');
		expect(blob?.type).toBe('text/csv;charset=utf-8');
		expect(await blob?.text()).toBe('a,b\n1,2\n');
		expect(dom.revoked).toEqual([]);
		vi.advanceTimersByTime(10_000);
		expect(dom.revoked).toEqual(['blob:test/0']);
	});

	test('downloadSvg of server markup writes a standalone .svg file', async () => {
		const dom = fakeDom();
		downloadSvg('<!--[--><svg width="2"><g></g></svg><!--]-->', 'chart');
		expect(dom.clicked[0].download).toBe('chart.svg');
		const blob = dom.blobs.get(dom.clicked[0].href);
		expect(blob?.type).toBe('image/svg+xml;charset=utf-8');
		expect(await blob?.text()).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="2"><g></g></svg>\n');
	});

	test('downloadBlob keeps a Blob as it is', async () => {
		const dom = fakeDom();
		downloadBlob(new Blob([new Uint8Array([137, 80, 78, 71])], { type: 'image/png' }), 'chart.png');
		expect(dom.clicked[0].download).toBe('chart.png');
		expect(dom.blobs.get(dom.clicked[0].href)?.type).toBe('image/png');
	});
});
