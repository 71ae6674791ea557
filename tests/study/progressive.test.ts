import { describe, expect, it } from 'vitest';
import { studyConfig } from '../../src/lib/study/config';
import { inProcessExecutor } from '../../src/lib/study/in-process';
import { FIRST_PARTIAL_MS, firstWorkloadFirst, PARTIAL_INTERVAL_MS, partialDue } from '../../src/lib/study/progressive';
import { planStep1 } from '../../src/lib/study/plan';
import { runStudy } from '../../src/lib/study/run-study';
import type { StudyProgress, StudyResult } from '../../src/lib/study/types';
import { estimateSecondsLeft } from '../../src/lib/state/study.svelte';
import { synthesizeBurstGpt } from '../../src/lib/trace/synth';

const trace = synthesizeBurstGpt(2000, 3);
const config = studyConfig({ sizes: [500, 2000], gpuCounts: [1, 2, 4], binCounts: [1, 2] });
const comparable = (r: StudyResult) => JSON.stringify({ ...r, wallS: 0 });

describe('progressive study results', () => {
	it('holds interval partials back until the first workload is complete, or FIRST_PARTIAL_MS passed', () => {
		const at = (nowMs: number, o: { completedWorkload?: boolean; anyComplete?: boolean; lastMs?: number } = {}) =>
			partialDue({ completedWorkload: false, anyComplete: false, lastMs: 0, simStartedAtMs: 0, nowMs, ...o });
		expect(at(PARTIAL_INTERVAL_MS * 2)).toBe(false);
		expect(at(10, { completedWorkload: true })).toBe(true);
		expect(at(PARTIAL_INTERVAL_MS * 2, { anyComplete: true, lastMs: PARTIAL_INTERVAL_MS })).toBe(true);
		expect(at(PARTIAL_INTERVAL_MS * 2, { anyComplete: true, lastMs: PARTIAL_INTERVAL_MS * 2 - 1 })).toBe(false);
		expect(at(FIRST_PARTIAL_MS - 1)).toBe(false);
		expect(at(FIRST_PARTIAL_MS)).toBe(true);
		expect(at(FIRST_PARTIAL_MS + 100, { lastMs: FIRST_PARTIAL_MS })).toBe(false);
	});

	it('hands out the smallest workload as a batch of its own first, then the rest in plan order, every planned run once', () => {
		const plan = planStep1(config);
		const { first, rest } = firstWorkloadFirst(plan);
		expect(plan[0].size).toBe(2000); // the plan itself stays largest first
		expect(first.length).toBeGreaterThan(0);
		expect(first.every((s) => s.size === 500)).toBe(true);
		expect(rest.some((s) => s.size === 500)).toBe(false);
		expect(rest.map((s) => s.key)).toEqual(plan.filter((s) => s.size !== 500).map((s) => s.key));
		expect([...first, ...rest].map((s) => s.key).sort()).toEqual(plan.map((s) => s.key).sort());
	});

	it('fills in as runs finish, completes the smallest workload first, and ends with the same result as without partials', async () => {
		const partials: StudyResult[] = [];
		const final = await runStudy({ trace }, config, inProcessExecutor(), undefined, (p) => partials.push(p));
		const plain = await runStudy({ trace }, config, inProcessExecutor());
		expect(comparable(final)).toBe(comparable(plain));
		expect(final.partial).toBeUndefined();
		expect(partials.length).toBeGreaterThanOrEqual(2);
		// Rows only ever grow; the first workload to complete is the smallest.
		for (let i = 1; i < partials.length; i++) expect(partials[i].step1.length).toBeGreaterThanOrEqual(partials[i - 1].step1.length);
		const firstDone = partials.find((p) => p.partial!.sizesDone.length > 0)!;
		expect(firstDone.partial!.sizesDone).toEqual([500]);
		// A complete workload reads as in the final result; an incomplete one has no summary yet.
		expect(firstDone.summary).toEqual(final.summary.filter((s) => s.size === 500));
		expect(firstDone.optimized).toEqual(final.optimized.filter((s) => s.size === 500));
		expect(firstDone.step1.filter((r) => r.size === 500)).toEqual(final.step1.filter((r) => r.size === 500));
		const last = partials[partials.length - 1];
		expect(last.partial!.sizesDone).toEqual([500, 2000]);
		expect(last.step1).toEqual(final.step1);
		expect(last.scaling).toEqual(final.scaling);
		expect(last.step2).toEqual([]);
	});
});

describe('time left', () => {
	const p = (o: Partial<StudyProgress>): StudyProgress => ({ phase: 'step1', runsDone: 1, runsTotal: 10, requestsDone: 1000, requestsTotal: 4000, ...o });
	it('weighs runs by requests and starts the clock at the first simulation', () => {
		// 10 s elapsed, of which the first 6 s shaped workloads: 1000 requests in 4 s, 3000 left → 12 s.
		expect(estimateSecondsLeft(p({ simStartedAtMs: 6000 }), 10, 10_000)).toBeCloseTo(12, 9);
		// Without the mark the whole elapsed time counts.
		expect(estimateSecondsLeft(p({}), 10, 10_000)).toBeCloseTo(30, 9);
		expect(estimateSecondsLeft(p({ requestsDone: 0 }), 10, 10_000)).toBeNull();
		expect(estimateSecondsLeft(p({ requestsDone: 4000 }), 10, 10_000)).toBe(0);
	});
});
