import { describe, expect, test } from 'vitest';
import { GLOSSARY, termsIn, tooltipFor } from '../../src/lib/charts/glossary';

describe('glossary', () => {
	test('the words issue 17 lists are defined', () => {
		for (const word of ['TTFT', 'TPOT', 'TBT', 'ITL', 'E2E', 'P95', 'goodput', 'SLO attainment', 'bins', 'knee', 'oracle', 'MFU', 'η']) {
			expect(termsIn(word).length, word).toBeGreaterThan(0);
		}
	});

	test('a header naming two terms gets both definitions; ids are unique', () => {
		expect(termsIn('P95 TTFT').map((t) => t.id)).toEqual(['ttft', 'percentile']);
		expect(tooltipFor('P95 E2E')).toContain('end-to-end');
		expect(tooltipFor('Workload')).toBe('');
		expect(new Set(GLOSSARY.map((t) => t.id)).size).toBe(GLOSSARY.length);
	});
});
