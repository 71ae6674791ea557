import { describe, expect, test } from 'vitest';
import { downloadText, hasDom, svgMarkupToFile, svgToPngBlob } from '../../src/lib/charts/export';

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
