/**
 * Exact order statistics of many doubles by the bits of their values (a one-digit radix selection).
 *
 * A double's 64 bits, with the sign handled (negative values' bits flipped, non-negative values' sign
 * bit set), order the same way the values do. One pass counts the values by their top 16 bits (sign,
 * exponent and 4 mantissa bits: 16 buckets per power of two), which says in which bucket each wanted
 * rank lies; a second pass copies only those buckets' values out, and the ranks are found among them
 * by Floyd–Rivest selection (floyd-rivest.ts). Latencies spread over many powers of two, so the copied
 * buckets hold a small share of the values: two sequential passes instead of selection's repeated
 * partitions of the whole array, and the input is neither reordered nor written.
 *
 * The values found are the same order statistics selection or a sort finds, so every quantile built
 * from them is bit-identical. NaN ranks above +Infinity and −0 below +0, as Float64Array's sort
 * orders them.
 */
import { selectInPlace } from './floyd-rivest';

/** Whether this platform stores a double's high word second (every platform a browser or Node runs on). */
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Buckets of the first pass: the top 16 bits of the ordered 64-bit key. */
const BUCKETS = 1 << 16;
const counts = new Uint32Array(BUCKETS);
/** Per bucket: its group's index among the copied buckets + 1 (0 = not copied). */
const groupOf = new Int32Array(BUCKETS);

/** The ordered top 16 bits of a double whose high 32-bit word is `hi`. */
function topDigit(hi: number): number {
	return (hi & 0x80000000 ? ~hi : hi | 0x80000000) >>> 16;
}

/**
 * The order statistics of ranks (0-based, ascending, each < to − from) of a[from .. to), in that order.
 * `scratch` holds at least to − from doubles; its contents are overwritten. `a` is not modified.
 */
export function orderStatistics(a: Float64Array, from: number, to: number, ranks: readonly number[], scratch: Float64Array): number[] {
	const n = to - from;
	// The high words of the doubles, read in place (little-endian: word 2i + 1 of a double i).
	const words = new Uint32Array(a.buffer, a.byteOffset + from * 8, n * 2);
	counts.fill(0);
	for (let i = 1; i < 2 * n; i += 2) counts[topDigit(words[i])]++;

	// Each rank's bucket, and how many values lie in the buckets below it.
	const bucketOfRank: number[] = [];
	const belowOfRank: number[] = [];
	let bucket = 0;
	let below = 0;
	for (const r of ranks) {
		while (below + counts[bucket] <= r) below += counts[bucket++];
		bucketOfRank.push(bucket);
		belowOfRank.push(below);
	}

	// The distinct buckets wanted, in ascending order, each a group laid out in scratch at its offset.
	const groups: { bucket: number; start: number; size: number }[] = [];
	for (const b of bucketOfRank) {
		if (groups.length > 0 && groups[groups.length - 1].bucket === b) continue;
		const start = groups.length === 0 ? 0 : groups[groups.length - 1].start + groups[groups.length - 1].size;
		groups.push({ bucket: b, start, size: counts[b] });
		groupOf[b] = groups.length;
	}
	const fill = new Int32Array(groups.map((g) => g.start));
	for (let i = 0; i < n; i++) {
		const g = groupOf[topDigit(words[2 * i + 1])];
		if (g !== 0) scratch[fill[g - 1]++] = a[from + i];
	}
	for (const g of groups) groupOf[g.bucket] = 0;

	// Within its group a rank is (rank − values below the bucket); selection ascends like quantilesBySelect.
	const out: number[] = [];
	let gi = 0;
	let lo = 0;
	for (let j = 0; j < ranks.length; j++) {
		while (groups[gi].bucket !== bucketOfRank[j]) {
			gi++;
			lo = groups[gi].start;
		}
		const g = groups[gi];
		const k = g.start + ranks[j] - belowOfRank[j];
		selectInPlace(scratch, k, lo, g.start + g.size - 1);
		out.push(scratch[k]);
		// Everything in the group left of k is now ≤ scratch[k]: later ranks in this group select right of it.
		lo = k;
	}
	return out;
}
