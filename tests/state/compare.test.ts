import { describe, expect, test } from 'vitest';
import { differences, sharedSizes, type CompareSide } from '../../src/lib/state/compare';
import { defaultParams } from '../../src/lib/state/params';
import { studyConfigFromParams } from '../../src/lib/state/scenario-build';
import type { StudyResult } from '../../src/lib/study/types';

const result = (gpu: string, sizes: number[]) =>
	({ config: studyConfigFromParams({ ...defaultParams(), gpu }), workloads: sizes.map((size) => ({ size })) }) as unknown as StudyResult;
const side = (tag: string, r: StudyResult): CompareSide => ({ tag, result: r, traceName: 't.csv', traceHash: 'ab'.repeat(32) });

describe('comparing two studies', () => {
	test('names only the settings that differ', () => {
		const d = differences(side('A', result('h100-sxm', [1])), side('B', result('a100-80gb-sxm', [1])));
		expect(d).toHaveLength(1);
		expect(d[0]).toMatch(/^GPU: NVIDIA H100.*\(A\) vs NVIDIA A100.*\(B\)$/);
		expect(differences(side('A', result('h100-sxm', [1])), side('B', result('h100-sxm', [1])))).toEqual([]);
	});

	test('names grid differences too: GPU counts and Step 1 without continuous batching', () => {
		const withGrid = (o: Partial<StudyResult['config']>) => ({ ...result('h100-sxm', [1]), config: { ...result('h100-sxm', [1]).config, ...o } }) as StudyResult;
		const d = differences(side('A', withGrid({})), side('B', withGrid({ gpuCounts: [1, 2, 4], step1Continuous: false })));
		expect(d).toEqual(['GPU counts: 1, 2, 4, 8, 16, 32, 64, 100 (A) vs 1, 2, 4 (B)', 'Step 1 continuous batching: on (A) vs off (B)']);
		expect(differences(side('A', withGrid({ sizes: [1000, 10000] })), side('B', withGrid({ sizes: [1000, 10000] })))).toEqual([]);
	});

	test('shared workload sizes, ascending', () => {
		expect(sharedSizes(result('h100-sxm', [1000, 300, 50]), result('h100-sxm', [300, 1000, 7]))).toEqual([300, 1000]);
	});
});
