/** The shared SLO / predictor flags of `simulate` and `study`, and `simulate --rate` / --json fields. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { predictorFromFlags, policyFromFlags, sloFromFlags } from '../../cli/slo-flags';

describe('SLO flags', () => {
	it.each([
		[{}, { sla: { tbtS: 0.05, ttftS: 2 }, attainment: 0.95 }],
		[{ 'ttft-slo-s': '1', 'tpot-slo-ms': '30', 'e2e-slo-s': '20', attainment: '0.99' }, { sla: { tbtS: 0.03, ttftS: 1, e2eS: 20 }, attainment: 0.99 }],
		[{ attainment: '90' }, { sla: { tbtS: 0.05, ttftS: 2 }, attainment: 0.9 }],
		[{ 'no-ttft-slo': true }, { sla: { tbtS: 0.05 }, attainment: 0.95 }],
		// The older names still work.
		[{ 'sla-tbt-ms': '20', 'sla-ttft-s': '3', 'sla-e2e-s': '9' }, { sla: { tbtS: 0.02, ttftS: 3, e2eS: 9 }, attainment: 0.95 }]
	])('%j', (flags, want) => expect(sloFromFlags(flags)).toEqual(want));

	it.each([
		[{ 'tpot-slo-ms': '0' }, /--tpot-slo-ms must be a number between/],
		[{ 'ttft-slo-s': 'soon' }, /--ttft-slo-s must be a number/],
		[{ attainment: '0' }, /--attainment must be a number/],
		[{ 'tpot-slo-ms': '30', 'sla-tbt-ms': '40' }, /give only --tpot-slo-ms/],
		[{ 'no-ttft-slo': true, 'ttft-slo-s': '1' }, /contradict/]
	])('%j is refused', (flags, msg) => expect(() => sloFromFlags(flags)).toThrow(msg));
});

describe('predictor and policy flags', () => {
	it('default: the realistic noisy predictor (σ 0.7), oldest-first bins', () => {
		expect(predictorFromFlags({})).toEqual({ kind: 'noisy', sigma: 0.7 });
		expect(policyFromFlags({})).toBe('oldest');
	});
	it.each([
		[{ predictor: 'oracle' }, { kind: 'oracle' }],
		[{ predictor: 'prompt' }, { kind: 'prompt' }],
		[{ predictor: 'noisy', sigma: '0.3' }, { kind: 'noisy', sigma: 0.3 }],
		[{ sigma: '1.2' }, { kind: 'noisy', sigma: 1.2 }]
	])('%j', (flags, want) => expect(predictorFromFlags(flags)).toEqual(want));
	it.each([
		[{ predictor: 'psychic' }, /--predictor must be one of oracle, noisy, prompt/],
		[{ predictor: 'oracle', sigma: '0.5' }, /--sigma applies to --predictor noisy only/]
	])('%j is refused', (flags, msg) => expect(() => predictorFromFlags(flags)).toThrow(msg));
	it('policy', () => {
		expect(policyFromFlags({ policy: 'round-robin' })).toBe('round-robin');
		expect(() => policyFromFlags({ policy: 'lifo' })).toThrow(/--policy must be one of oldest, round-robin, longest/);
	});
});

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;

describe('simulate --json and --rate', () => {
	it('re-times to the mean rate asked and reports the SLO fields', async () => {
		const { stdout } = await run('node', ['--import', 'tsx', 'cli/main.ts', 'simulate', '--synthetic', '--requests', '500', '--rate', '3', '--method', 'continuous', '--json'], { cwd: root });
		const j = JSON.parse(stdout);
		for (const k of ['sloAttainment', 'goodputReqPerS', 'itlP50Ms', 'itlP95Ms', 'itlP99Ms', 'offeredReqPerS', 'offeredTokPerS']) expect(j, k).toHaveProperty(k);
		expect(j.offeredReqPerS).toBeCloseTo(3, 9);
		expect(j.slo).toEqual({ ttftS: 2, tpotMs: 50, e2eS: null, attainment: 0.95 });
		expect(j.workload).toMatch(/3 req\/s/);
		expect(typeof j.meetsSlo).toBe('boolean');
	});
	it('--rate with --rps-scale is refused', async () => {
		await expect(run('node', ['--import', 'tsx', 'cli/main.ts', 'simulate', '--synthetic', '--rate', '3', '--rps-scale', '10'], { cwd: root })).rejects.toMatchObject({ code: 2 });
	});
});
