import { describe, expect, test } from 'vitest';
import { overContext, workloadDrops } from '../../src/lib/state/drops';
import type { SimSummary } from '../../src/lib/sim/types';
import type { StudyResult } from '../../src/lib/study/types';

const summary = (dropped: number) => ({ dropped }) as SimSummary;
const result = {
	workloads: [
		{ size: 100, requests: 100, label: 'a', synthetic: false, offeredTokPerS: 1, arrivalSpanS: 1 },
		{ size: 200, requests: 200, label: 'b', synthetic: false, offeredTokPerS: 1, arrivalSpanS: 1 }
	],
	step1: [
		{ key: 'n=100|g=1', size: 100, method: 'multibin', gpus: 1, bins: 1, summary: summary(0) },
		{ key: 'n=200|g=1', size: 200, method: 'multibin', gpus: 1, bins: 1, summary: summary(5) },
		{ key: 'n=200|g=2', size: 200, method: 'multibin', gpus: 2, bins: 1, summary: summary(7) }
	],
	step2: [{ key: 'n=200|g=1', size: 200, method: 'dynamic', gpus: 1, bins: 1, batch: null, summary: summary(5), series: null }]
} as unknown as StudyResult;

describe('dropped requests per workload', () => {
	test('counts each run once, gives the range and the reasons with how many runs gave them', () => {
		const warnings = new Map([
			['n=200|g=1', ['5 request(s) have prompt + output above the context']],
			['n=200|g=2', ['5 request(s) have prompt + output above the context', '2 request(s) need more KV cache', '31 preemption(s): KV ran short']],
			['n=100|g=1', ['3 preemption(s): KV ran short']]
		]);
		const all = workloadDrops(result, warnings);
		expect(all.map((x) => x.size)).toEqual([100, 200]);
		const d = all.slice(1);
		expect(d[0]).toMatchObject({ size: 200, requests: 200, minDropped: 5, maxDropped: 7, runs: 2 });
		expect(d[0].reasons).toEqual([
			{ text: '5 request(s) have prompt + output above the context', runs: 2 },
			{ text: '2 request(s) need more KV cache', runs: 1 },
			{ text: '31 preemption(s): KV ran short', runs: 1 }
		]);
		expect(all[0].reasons).toEqual([{ text: '3 preemption(s): KV ran short', runs: 1 }]);
	});

	test('warnings differing only in their first count merge into one line with the range', () => {
		const w = new Map([
			['n=200|g=1', ['5 preemption(s): KV ran short']],
			['n=200|g=2', ['915 preemption(s): KV ran short']]
		]);
		expect(workloadDrops(result, w)[0].reasons).toEqual([{ text: '5 to 915 preemption(s): KV ran short', runs: 2 }]);
	});

	test('a study without drops or warnings shows nothing; a restored one still shows counts', () => {
		expect(workloadDrops({ ...result, step1: [result.step1[0]], step2: [] }, new Map())).toEqual([]);
		expect(workloadDrops(result, new Map())[0].reasons).toEqual([]);
	});

	test('requests over a context length', () => {
		expect(overContext([10, 100, 5], [5, 1, 0], 100)).toBe(1);
		expect(overContext([], [], 1)).toBe(0);
	});
});
