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

	test('shared workload sizes, ascending', () => {
		expect(sharedSizes(result('h100-sxm', [1000, 300, 50]), result('h100-sxm', [300, 1000, 7]))).toEqual([300, 1000]);
	});
});
