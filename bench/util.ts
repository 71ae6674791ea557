/** Helpers for benchmarks: timing, medians, memory. Figures are printed, never asserted. */

/** Runs fn `runs` times (after one warm-up unless warmup = false) and returns the wall times in ms. */
export async function timeRuns(fn: () => unknown | Promise<unknown>, runs = 5, warmup = true): Promise<number[]> {
	if (warmup) await fn();
	const times: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t0 = performance.now();
		await fn();
		times.push(performance.now() - t0);
	}
	return times;
}

/** Median of a list of numbers. */
export function median(xs: number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	const m = s.length >> 1;
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** "median 812 ms (min 790, max 850, n=5)". */
export function describe(timesMs: number[]): string {
	const f = (x: number) => x.toFixed(x < 10 ? 2 : 0);
	return `median ${f(median(timesMs))} ms (min ${f(Math.min(...timesMs))}, max ${f(Math.max(...timesMs))}, n=${timesMs.length})`;
}

/** Forces a GC when node runs with --expose-gc (bench memory figures need it). */
export function gc(): void {
	(globalThis as { gc?: () => void }).gc?.();
}
