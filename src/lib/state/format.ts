/**
 * Number formatting for tables and captions. Never prints NaN or Infinity: null, undefined and
 * non-finite values read "n/a" (issue 7, numerical safety).
 */

const nf = new Intl.NumberFormat('en-US');
/** One formatter per digit count: building an Intl.NumberFormat costs ~50 µs, and a results page formats thousands of numbers. */
const sigFormats = new Map<number, Intl.NumberFormat>();
function sigFormat(digits: number): Intl.NumberFormat {
	let f = sigFormats.get(digits);
	if (!f) sigFormats.set(digits, (f = new Intl.NumberFormat('en-US', { maximumSignificantDigits: digits })));
	return f;
}

/** Whole number with thousands separators ("1,000,000"). */
export function fmtInt(v: number | null | undefined): string {
	return v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : nf.format(Math.round(v));
}

/** A number with `digits` significant digits, plain notation ("0.0123", "1,230"). */
export function fmtSig(v: number | null | undefined, digits = 3): string {
	if (v === null || v === undefined || !Number.isFinite(v)) return 'n/a';
	if (v === 0) return '0';
	const a = Math.abs(v);
	if (a >= 10 ** digits) return nf.format(Math.round(v));
	return sigFormat(digits).format(v);
}

/** A share as a percentage ("4.2%"). */
export function fmtPct(v: number | null | undefined, digits = 1): string {
	return v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : `${(v * 100).toFixed(digits)}%`;
}

/** Seconds in a readable unit ("850 ms", "12.3 s", "4.1 min", "2.0 h"). */
export function fmtSeconds(v: number | null | undefined): string {
	if (v === null || v === undefined || !Number.isFinite(v)) return 'n/a';
	const a = Math.abs(v);
	if (a < 1) return `${fmtSig(v * 1000)} ms`;
	if (a < 120) return `${fmtSig(v)} s`;
	if (a < 7200) return `${fmtSig(v / 60, 2)} min`;
	if (a < 172800) return `${fmtSig(v / 3600, 2)} h`;
	return `${fmtSig(v / 86400, 2)} days`;
}

/** Bytes in binary units ("3.2 GiB"), as GPU memory is counted. */
export function fmtBytes(v: number | null | undefined): string {
	if (v === null || v === undefined || !Number.isFinite(v)) return 'n/a';
	const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
	let x = v;
	let i = 0;
	while (Math.abs(x) >= 1024 && i < units.length - 1) {
		x /= 1024;
		i++;
	}
	return `${i === 0 ? x : x.toFixed(x < 10 ? 2 : 1)} ${units[i]}`;
}
