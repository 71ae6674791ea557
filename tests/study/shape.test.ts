/** Sizes fit the trace: a size above the trace runs the whole trace once, with a notice. */
import { describe, expect, it } from 'vitest';
import { studyConfig } from '../../src/lib/study/config';
import { planStep1 } from '../../src/lib/study/plan';
import fc from 'fast-check';
import { fitSizes, studyTracePrefix, studyWorkloads, usableRows } from '../../src/lib/study/shape';
import { withPromptSharing } from '../../src/lib/trace/synth-sharing';
import { synthesizeBurstGpt } from '../../src/lib/trace/synth';

describe('fitSizes', () => {
	it.each([
		[[1000, 10000], 20000, [1000, 10000], 0],
		[[1000, 10000, 100000, 1000000], 19366, [1000, 10000, 19366], 1],
		[[50000], 19366, [19366], 1],
		[[19366], 19366, [19366], 0],
		[[10, 10, 5], 100, [5, 10], 0]
	])('%j on %i rows -> %j', (sizes, rows, want, notices) => {
		const f = fitSizes(sizes, rows, 'azure.csv');
		expect(f.sizes).toEqual(want);
		expect(f.notices).toHaveLength(notices);
	});
	it('the notice names the trace, its length and the clamped sizes', () => {
		expect(fitSizes([1000, 100000, 1000000], 19366, 'azure_conv.csv').notices[0]).toBe(
			'azure_conv.csv has 19,366 usable requests, fewer than the sizes 100,000, 1,000,000: they run as one workload of the whole trace (19,366 requests), once.'
		);
	});
});

describe('a 19,366-row trace with the default sizes gets a study', () => {
	const trace = synthesizeBurstGpt(19366, 5);
	it('three workloads (1K, 10K, the whole trace) and a plan', () => {
		const r = studyWorkloads(trace, studyConfig());
		if (!r.ok) throw new Error(r.error.message);
		expect(r.workloads.map((w) => w.workload.arrivalS.length)).toEqual([1000, 10000, 19366]);
		expect(r.config.sizes).toEqual([1000, 10000, 19366]);
		expect(r.notices).toHaveLength(1);
		expect(planStep1(r.config).every((s) => s.size <= 19366)).toBe(true);
	});
	it('dropping failed rows counts only rows with output', () => {
		const withOutput = usableRows(trace, false);
		expect(withOutput).toBeLessThan(19366);
		const r = studyWorkloads(trace, studyConfig({ keepFailed: false, sizes: [100, 1_000_000] }));
		if (!r.ok) throw new Error(r.error.message);
		expect(r.config.sizes).toEqual([100, withOutput]);
	});
	it('an empty trace is a readable error', () => {
		const empty = { ...trace, arrivalS: new Float64Array(0), promptTokens: new Uint32Array(0), outputTokens: new Uint32Array(0) };
		const r = studyWorkloads(empty, studyConfig());
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.error.message).toMatch(/has no usable requests/);
	});
});

describe('a study at a chosen request rate', () => {
	it('every workload is re-timed to the mean rate (offered req/s = rate), and the setting says so', async () => {
		const trace = synthesizeBurstGpt(3000, 4);
		const r = studyWorkloads(trace, studyConfig({ sizes: [1000, 3000], requestsPerS: 5.5 }));
		if (!r.ok) throw new Error(r.error.message);
		for (const w of r.workloads) {
			const a = w.workload.arrivalS;
			expect((a.length - 1) / (a[a.length - 1] - a[0])).toBeCloseTo(5.5, 9);
		}
		const { studySetting } = await import('../../src/lib/study/setting');
		expect(studySetting({ config: r.config, workloads: [] }).requestsPerS).toBe(5.5);
	});
});

describe('the trace prefix the page sends to shape a study', () => {
	// Failed rows, sessions and block identities included, so every column the prefix cuts is checked.
	const trace = withPromptSharing(synthesizeBurstGpt(3000, 11), { systemPromptTokens: 256, meanTurns: 3 }, 11);

	it('gives the same workloads, sizes and notices as the whole trace, for any sizes', () => {
		fc.assert(
			fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 3500 }), { minLength: 1, maxLength: 4 }), fc.boolean(), (sizes, keepFailed) => {
				const config = studyConfig({ sizes, keepFailed });
				const part = studyTracePrefix(trace, config);
				expect(JSON.stringify(studyWorkloads(part, config))).toBe(JSON.stringify(studyWorkloads(trace, config)));
			}),
			{ numRuns: 60 }
		);
	});

	it('holds only the rows up to the largest size, as copies', () => {
		const part = studyTracePrefix(trace, { sizes: [100, 1000], keepFailed: true });
		expect(part.arrivalS.length).toBe(1000);
		expect(part.arrivalS.buffer.byteLength).toBe(1000 * 8); // not a view: a clone would carry the whole buffer
		expect(part.prefixBlocks?.offsets.length).toBe(1001);
		// Too few usable rows for the largest size: the sizes are fitted to the whole trace, so all of it goes.
		expect(studyTracePrefix(trace, { sizes: [5000], keepFailed: true })).toBe(trace);
		expect(studyTracePrefix(trace, { sizes: [Number.NaN], keepFailed: true })).toBe(trace);
	});
});
