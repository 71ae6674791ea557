/**
 * Shaping parameters against double precision (issue: `--rps-scale 1e-300` gave P50/P95 E2E of
 * exactly 0 and a 300-digit throughput). Each case here failed before the limits existed: the
 * workload was shaped and simulated without a word.
 */
import { describe, expect, it } from 'vitest';
import { paramsFromQuery } from '../../src/lib/state/url';
import { simulate } from '../../src/lib/sim/index';
import { scenarioFromFlags } from '../../cli/commands/simulate';
import { synthesizeBurstGpt } from '../../src/lib/trace/synth';
import { DEFAULT_SHAPE, shapeWorkload } from '../../src/lib/trace/workload';
import { checkRpsScale, checkWorkloadClock, MAX_WORKLOAD_SPAN_S, MIN_RPS_SCALE } from '../../src/lib/trace/workload-limits';

const trace = synthesizeBurstGpt(200, 3);
const span = trace.arrivalS[199] - trace.arrivalS[0];
const shape = (rpsScale: number) => ({ ...DEFAULT_SHAPE, size: 200, timing: { kind: 'scale' as const, rpsScale } });

describe('RPS scale and rate against double precision', () => {
	it('refuses 1e-300 and 1e-12 with a message that says why and what to use', () => {
		for (const s of [1e-300, 1e-12]) {
			const r = shapeWorkload(trace, shape(s));
			expect(r.ok).toBe(false);
			if (!r.ok) {
				expect(r.error.field).toBe('rpsScale');
				expect(r.error.message).toMatch(/cannot resolve a microsecond/);
				expect(r.error.message).toMatch(/at least/);
			}
		}
	});

	it('refuses a scale that stretches this trace past 2^32 s, even when the scale alone is allowed', () => {
		const justTooSmall = (span / MAX_WORKLOAD_SPAN_S) * 0.5;
		expect(checkRpsScale(justTooSmall)).toBeNull();
		const r = shapeWorkload(trace, shape(justTooSmall));
		expect(r.ok || r.error.code).toBe('rps-scale-out-of-range');
	});

	it('keeps the study defaults and ordinary scales, and latencies stay positive', () => {
		for (const s of [200, 1, 1e-3, 1e6]) expect(shapeWorkload(trace, shape(s)).ok).toBe(true);
		const r = shapeWorkload(trace, shape(1e-3));
		if (!r.ok) throw new Error(r.error.message);
		const res = simulate(r.workload, scenarioFromFlags({}));
		expect(res.summary.e2eP50S).toBeGreaterThan(0);
	});

	it('warns where resolution is coarser than 60 ns, refuses past a microsecond', () => {
		expect(checkWorkloadClock(trace, 2 ** 29, 200, shape(1)).warning).toMatch(/resolved to about/);
		expect(checkWorkloadClock(trace, 2 ** 33, 200, shape(1)).error?.code).toBe('rps-scale-out-of-range');
		expect(checkWorkloadClock(trace, 10, 200, { ...shape(1), timing: { kind: 'rate', requestsPerS: 1e-12 } }).error?.code).toBe('rate-out-of-range');
		expect(checkWorkloadClock(trace, 10, 200, { ...shape(1), selection: { kind: 'window', startS: 1e17, endS: 1e17 + 1 } }).error?.code).toBe('bad-window');
	});

	it('the page refuses ?rps=1e-300 and says so (it falls back to the default)', () => {
		const { params, notices } = paramsFromQuery('?rps=1e-300');
		expect(params.rps).toBe(200);
		expect(notices.join(' ')).toMatch(/rps: an RPS scale of 1\.000e-300/);
		expect(paramsFromQuery(`?rps=${MIN_RPS_SCALE}`).params.rps).toBe(MIN_RPS_SCALE);
	});
});
