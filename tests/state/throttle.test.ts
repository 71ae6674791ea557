/**
 * The progress throttle of a running study (src/lib/state/throttle.ts): the first value at once, then
 * at most one per interval and always the newest; flush hands on what is pending; cancel drops it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttleLatest } from '../../src/lib/state/throttle';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('throttleLatest', () => {
	it('hands on the first value at once and the newest of a burst when the interval ends', () => {
		const seen: number[] = [];
		const t = throttleLatest<number>((v) => seen.push(v), 250);
		for (let i = 1; i <= 10; i++) t.push(i);
		expect(seen).toEqual([1]);
		vi.advanceTimersByTime(249);
		expect(seen).toEqual([1]);
		vi.advanceTimersByTime(1);
		expect(seen).toEqual([1, 10]);
		// Nothing pending: the next interval passes quietly, and the next push after it goes at once.
		vi.advanceTimersByTime(250);
		expect(seen).toEqual([1, 10]);
		t.push(11);
		expect(seen).toEqual([1, 10, 11]);
	});

	it('flush hands on the pending value now; cancel drops it', () => {
		const seen: string[] = [];
		const t = throttleLatest<string>((v) => seen.push(v), 250);
		t.push('a');
		t.push('b');
		t.flush();
		expect(seen).toEqual(['a', 'b']);
		t.push('c');
		t.cancel();
		vi.advanceTimersByTime(1000);
		expect(seen).toEqual(['a', 'b']);
	});
});
