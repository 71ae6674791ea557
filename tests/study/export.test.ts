import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvCell, referenceLayoutFiles, studyFiles, toCsv } from '../../src/lib/study/export';
import { studyConfig } from '../../src/lib/study/config';
import type { StudyResult } from '../../src/lib/study/types';
import { binEffect, efficiencyTable, scalingAnalysis, summarizeWorkloads } from '../../src/lib/study/analyze';
import { recommend, selectOptimized } from '../../src/lib/study/recommend';
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
		row(10, 1, 1, { e2eP95S: 4, sloAttainment: 0.5 }),
		row(10, 2, 1, { e2eP95S: 2, e2eP99S: NaN }),
		row(10, 1, 2, { e2eP95S: null, outputTokPerS: null, tokPerSPerGpu: null })
	];
	const sizes = [10];
	const scaling = [scalingAnalysis(step1, 10, 1, 0.1)];
	return {
		engineVersion: 't',
		config: studyConfig({ sizes, gpuCounts: [1, 2], binCounts: [1, 2] }),
		notices: [],
		oracleRuns: [],
		workloads: [{ size: 10, requests: 10, label: 'tiny, "quoted"', synthetic: true, offeredTokPerS: null, offeredReqPerS: null, arrivalSpanS: 0 }],
		step1,
		summary: summarizeWorkloads(step1, sizes),
		scaling,
		binEffect: [binEffect(step1, 10)],
		efficiency: efficiencyTable(step1, [1, 2], sizes),
		optimized: [selectOptimized(step1, 10, 'latency', 0.95)],
		step2: [
			{ key: 'k', size: 10, method: 'static', gpus: 1, bins: 1, batch: 8, summary: null, series: null, error: 'boom, "bad"' },
			{ key: '', size: 10, method: 'optimized', gpus: 0, bins: 0, batch: null, summary: null, series: null, error: 'no pick' }
		],
		recommendations: recommend(step1, 10, { attainment: 0.95, kneeThreshold: 0.1, sla: { tbtS: 0.05, ttftS: 2 }, costPerGpuHour: 0 }),
		arrivalBound: [],
		failures: [{ key: 'n=10|multibin|g=2|k=2', step: 1, size: 10, method: 'multibin', gpus: 2, bins: 2, reason: 'worker died' }],
		cancelled: false,
		wallS: 1
	};
}

describe('study files', () => {
	const files = Object.fromEntries(studyFiles(tinyResult()).map((f) => [f.file, f.text]));

	it('the seven files, with the study names', () => {
		expect(Object.keys(files).sort()).toEqual(
			['optimal_configs.json', 'step1_all_results.csv', 'step1_scaling_analysis.csv', 'step1_summary_table.csv', 'step2_comparison.csv', 'bin_effect.csv', 'gpu_efficiency.csv'].sort()
		);
	});

	it('the reference layout: the six file names of the reference study', () => {
		expect(referenceLayoutFiles(tinyResult()).map((f) => f.file)).toEqual([
			'step1_all_results_final.csv',
			'step1_summary_table.csv',
			'step1_scaling_analysis.csv',
			'step2_comparison.csv',
			'step2_comparison_1m.csv',
			'step1_grid_search_results_optimal_configs.json'
		]);
	});

	it('step1_all_results.csv: model, gpu, method, offered rate, attainment, goodput, ITL and the setting on every row', () => {
		const [head, first] = Papa.parse<string[]>(files['step1_all_results.csv'].trimEnd()).data;
		const col = (name: string) => {
			const i = head.indexOf(name);
			expect(i, name).toBeGreaterThanOrEqual(0);
			return first[i];
		};
		expect(col('model')).toBe('qwen3-1.7b');
		expect(col('gpu')).toBe('rtx-4080-12gb');
		expect(col('method')).toBe('multibin');
		expect(col('offered_req_per_s')).toBe('10');
		expect(col('slo_attainment')).toBe('0.5');
		expect(col('meets_slo')).toBe('no');
		expect(col('goodput_req_per_s')).toBe('10');
		expect(col('itl_p95_ms')).toBe('30');
		expect(col('tpot_p95_ms')).toBe('30');
		expect(col('output_tok_per_s')).toBe('100');
		expect(col('total_tok_per_s')).toBe('300');
		expect(col('rps_scale')).toBe('200');
		expect(col('ttft_slo_s')).toBe('2');
		expect(col('tpot_slo_ms')).toBe('50');
		expect(col('slo_attainment_target')).toBe('0.95');
		expect(col('predictor')).toBe('noisy predictor (σ = 0.7)');
	});

	it('bin_effect.csv and gpu_efficiency.csv: one row per bin count / GPU count × size', () => {
		// Bin count 2 has no P95 in the fixture (its only run has none): one bin-count row.
		expect(files['bin_effect.csv'].trimEnd().split('\n')).toHaveLength(1 + 1);
		expect(files['bin_effect.csv']).toMatch(/^workload_requests,model,gpu,bins,best_e2e_p95_s,/);
		expect(files['gpu_efficiency.csv'].trimEnd().split('\n')).toHaveLength(1 + 2);
	});

	it('optimal_configs.json: every recommendation carries gpus, bins, method and sloAttainment, or gpus null and a reason', () => {
		const j = JSON.parse(files['optimal_configs.json']);
		expect(j.setting).toMatchObject({ model: 'qwen3-1.7b', gpu: 'rtx-4080-12gb', rpsScale: 200, tpotSloMs: 50, ttftSloS: 2 });
		for (const r of j.workloads[0].recommendations) {
			expect(r).toHaveProperty('reason');
			if (r.gpus === null) continue;
			for (const k of ['gpus', 'bins', 'method', 'sloAttainment']) expect(r, k).toHaveProperty(k);
		}
		expect(j.workloads[0].recommendations[0]).toMatchObject({ kind: 'min-cost', gpus: 2, bins: 1, method: 'multibin', sloAttainment: 1 });
	});

	it('one row per configuration, failed ones included with their reason', () => {
		const lines = files['step1_all_results.csv'].trimEnd().split('\n');
		expect(lines).toHaveLength(1 + 4);
		expect(lines[0]).toMatch(/^workload_requests,model,gpu,method,gpus,bins,status,meets_slo,.*e2e_p95_s.*,error,replicas,total_gpus,trace,.*,tp,tp_defaulted,weights,kv_dtype,routing$/);
		expect(lines[4]).toMatch(/^10,qwen3-1.7b,rtx-4080-12gb,multibin,2,2,failed,,.*worker died,/);
		const rows = Papa.parse<string[]>(files['step1_all_results.csv'].trimEnd()).data;
		for (const r of rows.slice(1)) expect(r.length).toBe(rows[0].length);
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
		expect(s2[2]).toMatch(/^10,qwen3-1.7b,rtx-4080-12gb,optimized,,,,not run,.*no pick,/);
		expect(s2[1]).toMatch(/,failed,.*"boom, ""bad""",/);
	});
});
