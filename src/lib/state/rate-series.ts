/**
 * The trace over time: requests per second and tokens per second, averaged per minute (per several
 * minutes for a long trace, so a chart holds at most MAX_POINTS points). Burstiness is why the study
 * exists: a mean rate of 0.3 req/s can hide minutes at 30. Pure: no DOM, no Svelte
 * (tests/state/rate-series.test.ts).
 */

/** Most points a series gets (a 19-hour trace at one per minute is 1,140). */
export const MAX_POINTS = 1500;

/** Rates per time bucket; x is the bucket's start, in `unit` since the first arrival. */
export interface RateSeries {
	/** Bucket width in seconds (a whole number of minutes, at least 60). */
	bucketS: number;
	/** x axis unit: minutes for spans up to 3 hours, hours beyond. */
	unit: 'min' | 'h';
	x: number[];
	reqPerS: number[];
	promptTokPerS: number[];
	outputTokPerS: number[];
	/** The busiest bucket's request rate and the mean over the span (req/s). */
	peakReqPerS: number;
	meanReqPerS: number;
}

/** Buckets arrivals (seconds, non-decreasing) into minutes; null for fewer than 2 requests or a zero span. */
export function rateOverTime(arrivalS: ArrayLike<number>, promptTokens: ArrayLike<number>, outputTokens: ArrayLike<number>): RateSeries | null {
	const n = arrivalS.length;
	if (n < 2) return null;
	const t0 = arrivalS[0];
	const span = arrivalS[n - 1] - t0;
	if (!(span > 0) || !Number.isFinite(span)) return null;
	const bucketS = 60 * Math.max(1, Math.ceil(span / 60 / MAX_POINTS));
	const buckets = Math.floor(span / bucketS) + 1;
	const req = new Float64Array(buckets);
	const pr = new Float64Array(buckets);
	const out = new Float64Array(buckets);
	for (let i = 0; i < n; i++) {
		const b = Math.min(buckets - 1, Math.floor((arrivalS[i] - t0) / bucketS));
		req[b]++;
		pr[b] += promptTokens[i];
		out[b] += outputTokens[i];
	}
	const unit: RateSeries['unit'] = span > 3 * 3600 ? 'h' : 'min';
	const perUnit = unit === 'h' ? 3600 : 60;
	// The last bucket may be partial: its rate is over the part the trace covers.
	const width = (b: number) => (b === buckets - 1 ? Math.max(1, span - b * bucketS) : bucketS);
	const x: number[] = [];
	const reqPerS: number[] = [];
	const promptTokPerS: number[] = [];
	const outputTokPerS: number[] = [];
	let peak = 0;
	for (let b = 0; b < buckets; b++) {
		const w = width(b);
		x.push((b * bucketS) / perUnit);
		reqPerS.push(req[b] / w);
		promptTokPerS.push(pr[b] / w);
		outputTokPerS.push(out[b] / w);
		if (req[b] / w > peak) peak = req[b] / w;
	}
	return { bucketS, unit, x, reqPerS, promptTokPerS, outputTokPerS, peakReqPerS: peak, meanReqPerS: n / span };
}
