import { describe, expect, test } from 'vitest';
import { MAX_POINTS, rateOverTime } from '../../src/lib/state/rate-series';

describe('request rate over time', () => {
	test('per-minute buckets: a burst shows as its own minute', () => {
		// 60 requests spread over minute 0, 120 in the first 10 s of minute 2, one at 5 min.
		const t: number[] = [];
		for (let i = 0; i < 60; i++) t.push(i);
		for (let i = 0; i < 120; i++) t.push(120 + i / 12);
		t.push(300);
		const ones = t.map(() => 1);
		const r = rateOverTime(t, ones, ones.map(() => 2));
		expect(r).not.toBeNull();
		if (!r) return;
		expect(r.bucketS).toBe(60);
		expect(r.unit).toBe('min');
		expect(r.x.slice(0, 3)).toEqual([0, 1, 2]);
		expect(r.reqPerS[0]).toBe(1);
		expect(r.reqPerS[1]).toBe(0);
		expect(r.reqPerS[2]).toBe(2);
		expect(r.outputTokPerS[2]).toBe(4);
		expect(r.peakReqPerS).toBe(2);
		expect(r.meanReqPerS).toBeCloseTo(181 / 300, 12);
	});

	test('long traces get wider buckets and an hour axis; too little data gives null', () => {
		const t = Array.from({ length: 1000 }, (_, i) => i * 600); // 166 hours
		const r = rateOverTime(t, t, t);
		expect(r?.unit).toBe('h');
		expect(r?.x.length).toBeLessThanOrEqual(MAX_POINTS);
		expect((r?.bucketS ?? 0) % 60).toBe(0);
		expect(rateOverTime([5], [1], [1])).toBeNull();
		expect(rateOverTime([5, 5], [1, 1], [1, 1])).toBeNull();
	});
});
