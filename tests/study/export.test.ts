import { describe, expect, it } from 'vitest';
import { csvCell, studyFiles, toCsv } from '../../src/lib/study/export';
import { studyConfig } from '../../src/lib/study/config';
import type { StudyResult } from '../../src/lib/study/types';
import { binEffect, efficiencyTable, recommend, scalingAnalysis, selectOptimized, summarizeWorkloads } from '../../src/lib/study/analyze';
import { row } from './fixtures';

describe('csv cells', () => {
	const cases: [Parameters<typeof csvCell>[0], string][] = [
		[1.5, '1.5'],
		[0, '0'],
		[NaN, ''],
		[Infinity, ''],
		[-Infinity, ''],
		[null, ''],
		[undefined, ''],
		['a,b', '"a,b"'],
		['say "hi"', '"say ""hi"""'],
		['line\nbreak', '"line\nbreak"'],
		[' pad', '" pad"'],
		['plain', 'plain']
	];
	for (const [v, want] of cases) it(`${String(v)} -> ${want}`, () => expect(csvCell(v)).toBe(want));
	it('document', () => expect(toCsv(['a', 'b'], [[1, null]])).toBe('a,b\n1,\n'));
});

function tinyResult(): StudyResult {
	const step1 = [
		row(10, 1, 1, { e2eP95S: 4, slaViolationRate: 0.1 }),
		row(10, 2, 1, { e2eP95S: 2, e2eP99S: NaN }),
		row(10, 1, 2, { e2eP95S: null, outputTokPerS: null, tokPerSPerGpu: null })
	];
	const sizes = [10];
	const scaling = [scalingAnalysis(step1, 10, 1, 0.1)];
	return {
		engineVersion: 't',
		config: studyConfig({ sizes, gpuCounts: [1, 2], binCounts: [1, 2] }),
		workloads: [{ size: 10, requests: 10, label: 'tiny, "quoted"', synthetic: true, offeredTokPerS: null, arrivalSpanS: 0 }],
		step1,
		summary: summarizeWorkloads(step1, sizes),
		scaling,
		binEffect: [binEffect(step1, 10)],
		efficiency: efficiencyTable(step1, [1, 2], sizes),
		optimized: [selectOptimized(step1, 10, 'latency', 0.05)],
		step2: [
			{ key: 'k', size: 10, method: 'static', gpus: 1, bins: 1, batch: 8, summary: null, series: null, error: 'boom, "bad"' },
			{ key: '', size: 10, method: 'optimized', gpus: 0, bins: 0, batch: null, summary: null, series: null, error: 'no pick' }
		],
		recommendations: recommend(step1, 10, scaling[0], 0.05),
		arrivalBound: [],
		failures: [{ key: 'n=10|multibin|g=2|k=2', step: 1, size: 10, method: 'multibin', gpus: 2, bins: 2, reason: 'worker died' }],
		cancelled: false,
		wallS: 1
	};
}

describe('study files', () => {
	const files = Object.fromEntries(studyFiles(tinyResult()).map((f) => [f.file, f.text]));

	it('the five files, with the study names', () => {
		expect(Object.keys(files).sort()).toEqual(
			['optimal_configs.json', 'step1_all_results.csv', 'step1_scaling_analysis.csv', 'step1_summary_table.csv', 'step2_comparison.csv'].sort()
		);
	});

	it('one row per configuration, failed ones included with their reason', () => {
		const lines = files['step1_all_results.csv'].trimEnd().split('\n');
		expect(lines).toHaveLength(1 + 4);
		expect(lines[0]).toMatch(/^workload_requests,gpus,bins,status,.*e2e_p95_s.*,error$/);
		expect(lines[4]).toMatch(/^10,2,2,failed,.*worker died$/);
		const header = lines[0].split(',');
		for (const l of lines.slice(1)) expect(l.split(',').length).toBe(header.length);
	});

	it('no NaN, Infinity or "undefined" anywhere; JSON parses', () => {
		for (const [name, text] of Object.entries(files)) {
			expect(text, name).not.toMatch(/NaN|Infinity|undefined/);
		}
		const j = JSON.parse(files['optimal_configs.json']);
		expect(j.workloads[0].size).toBe(10);
		expect(j.workloads[0].recommendations).toHaveLength(3);
		expect(j.failures).toHaveLength(1);
	});

	it('summary, scaling and step 2 row counts', () => {
		expect(files['step1_summary_table.csv'].trimEnd().split('\n')).toHaveLength(2);
		expect(files['step1_scaling_analysis.csv'].trimEnd().split('\n')).toHaveLength(1 + 2);
		const s2 = files['step2_comparison.csv'].trimEnd().split('\n');
		expect(s2).toHaveLength(3);
		expect(s2[2]).toMatch(/^10,optimized,,,,not run,.*no pick$/);
		expect(s2[1]).toMatch(/,failed,.*"boom, ""bad"""$/);
	});
});
