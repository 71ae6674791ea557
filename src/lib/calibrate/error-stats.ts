/** Relative-error summaries of predictions against measurements (fractions: 0.05 = 5%). */

/** Median, 90th percentile (linear interpolation, as numpy) and maximum of absolute relative errors. */
export interface ErrorStats {
	n: number;
	medianAbsErr: number;
	p90AbsErr: number;
	maxAbsErr: number;
	/** Rows predicted within 10%. */
	within10: number;
}

function quantile(sorted: number[], q: number): number {
	if (sorted.length === 0) return NaN;
	const pos = (sorted.length - 1) * q;
	const lo = Math.floor(pos);
	const hi = Math.ceil(pos);
	return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Summary of |predicted − measured| / measured over rows. */
export function errorStats(absErrs: number[]): ErrorStats {
	const s = [...absErrs].sort((a, b) => a - b);
	return {
		n: s.length,
		medianAbsErr: quantile(s, 0.5),
		p90AbsErr: quantile(s, 0.9),
		maxAbsErr: s.length ? s[s.length - 1] : NaN,
		within10: s.filter((e) => e <= 0.1).length
	};
}
