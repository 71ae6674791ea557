/** The synthetic BurstGPT-like generator: determinism, published statistics, CSV round trip. */
import { describe, expect, it } from 'vitest';
import { parseTraceBytes } from '../../src/lib/trace/parse';
import { tokenStats } from '../../src/lib/trace/summary';
import { BURSTGPT_V1_HEADER, burstGptCsvLines, synthesizeBurstGpt } from '../../src/lib/trace/synth';
import { utf8 } from './helpers';

const N = 300_000;
const trace = synthesizeBurstGpt(N, 7);

describe('synthesizeBurstGpt', () => {
	it('is deterministic per seed and differs across seeds', () => {
		const a = synthesizeBurstGpt(2000, 42);
		const b = synthesizeBurstGpt(2000, 42);
		const c = synthesizeBurstGpt(2000, 43);
		expect(a).toEqual(b);
		expect(a.promptTokens).not.toEqual(c.promptTokens);
	});

	it('says it is synthetic', () => {
		expect(trace.synthetic).toBe(true);
		expect(trace.format).toBe('synthetic');
		expect(trace.name).toMatch(/synthetic/);
	});

	it.each([
		// column, p25, p50, p75, mean, max (BurstGPT_1 published), relative tolerance
		['request', 137, 251, 758, 611, 29_700],
		['response', 7, 34, 134, 123, 7_300]
	] as const)('%s tokens match BurstGPT_1 quantiles and mean', (col, p25, p50, p75, mean, max) => {
		const s = tokenStats(col === 'request' ? trace.promptTokens : trace.outputTokens)!;
		const near = (x: number, target: number, tol: number) => expect(Math.abs(x - target) / target, `${x} vs ${target}`).toBeLessThan(tol);
		near(s.p25, p25, 0.1);
		near(s.p50, p50, 0.06);
		near(s.p75, p75, 0.06);
		near(s.mean, mean, 0.06);
		expect(s.max).toBeLessThanOrEqual(max);
		expect(s.max).toBeGreaterThan(max * 0.3);
	});

	it('has 1.78% failed rows, ~15% GPT-4, ~10% conversation log', () => {
		let failed = 0;
		let gpt4 = 0;
		let conv = 0;
		for (let i = 0; i < N; i++) {
			if (trace.outputTokens[i] === 0) failed++;
			if (trace.modelNames[trace.modelCode[i]] === 'GPT-4') gpt4++;
			if (trace.logTypeNames[trace.logTypeCode[i]] === 'Conversation log') conv++;
		}
		expect(failed / N).toBeCloseTo(0.0178, 3);
		expect(gpt4 / N).toBeCloseTo(0.15, 2);
		expect(conv / N).toBeCloseTo(0.1, 2);
	});

	it('has integer, non-decreasing timestamps from 0, mean gap ~3.69 s and CV ~13 (bursty)', () => {
		const t = trace.arrivalS;
		expect(t[0]).toBe(0);
		let s = 0;
		let s2 = 0;
		let bad = 0;
		for (let i = 1; i < N; i++) {
			const g = t[i] - t[i - 1];
			if (!Number.isInteger(t[i]) || g < 0) bad++;
			s += g;
			s2 += g * g;
		}
		expect(bad).toBe(0);
		const mean = s / (N - 1);
		const cv = Math.sqrt(s2 / (N - 1) - mean * mean) / mean;
		expect(mean).toBeGreaterThan(3.69 * 0.9);
		expect(mean).toBeLessThan(3.69 * 1.1);
		expect(cv).toBeGreaterThan(9);
		expect(cv).toBeLessThan(18);
	});

	it('round-trips through BurstGPT v1 CSV', () => {
		const small = synthesizeBurstGpt(5000, 3);
		const lines = [...burstGptCsvLines(small)];
		expect(lines[0]).toBe(BURSTGPT_V1_HEADER);
		expect(lines).toHaveLength(5001);
		const o = parseTraceBytes(utf8(lines.join('\n') + '\n'), { name: 'synth.csv' });
		expect(o.ok).toBe(true);
		if (!o.ok) return;
		expect(o.report.format).toBe('burstgpt-v1');
		expect(o.trace.arrivalS).toEqual(small.arrivalS);
		expect(o.trace.promptTokens).toEqual(small.promptTokens);
		expect(o.trace.outputTokens).toEqual(small.outputTokens);
		expect(o.report.failedRows).toBe(small.outputTokens.filter((v) => v === 0).length);
	});

	it('handles n = 0 and fractional n', () => {
		expect(synthesizeBurstGpt(0, 1).arrivalS.length).toBe(0);
		expect(synthesizeBurstGpt(2.7, 1).arrivalS.length).toBe(2);
	});
});
