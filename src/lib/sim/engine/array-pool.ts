/**
 * Per-request typed arrays handed from one run to the next. A 1M-request run needs about ten arrays of
 * a million doubles (records, then the summary's latency columns); allocating them fresh each run costs
 * more than the simulation itself where first touches of new memory are slow (each page is faulted in
 * and zeroed by the kernel; on a loaded or sandboxed machine that is 5-10 ms per MB). A study runs the
 * same workload sizes dozens of times in one worker, so arrays of an exact length are kept and reused.
 *
 * Rules that keep reuse invisible:
 * - An array is handed out at most once until it is given back; only the code that owns it gives it
 *   back (simulate() after summarize, summarize for its scratch columns), so no caller ever sees its
 *   data change under it. Callers of runRegime() that never give back simply get fresh arrays.
 * - Exact lengths only, so an array that leaves (postMessage, a test) is never a view on a bigger buffer.
 * - The contents of a taken array are unspecified: the taker fills what it reads.
 * - At most POOL_MAX_BYTES are kept; the oldest arrays go first.
 */

type Pooled = Float64Array | Int32Array | Uint32Array | Uint16Array | Uint8Array;

/**
 * Bytes kept between runs at most: the columns of about one 1M-request run, its summary and, for
 * continuous batching, its per-request scheduler state (64 + 65 bytes per request).
 */
export const POOL_MAX_BYTES = 160 * 1024 * 1024;

const kept: Pooled[] = [];
let keptBytes = 0;

function take<T extends Pooled>(ctor: { new (n: number): T }, n: number): T {
	for (let i = kept.length - 1; i >= 0; i--) {
		const a = kept[i];
		if (a.length === n && a instanceof ctor) {
			kept.splice(i, 1);
			keptBytes -= a.byteLength;
			return a as T;
		}
	}
	return new ctor(n);
}

/** A Float64Array of exactly n elements (contents unspecified). */
export function takeFloat64(n: number): Float64Array {
	return take(Float64Array, n);
}

/** An Int32Array of exactly n elements (contents unspecified). */
export function takeInt32(n: number): Int32Array {
	return take(Int32Array, n);
}

/** A Uint32Array of exactly n elements (contents unspecified). */
export function takeUint32(n: number): Uint32Array {
	return take(Uint32Array, n);
}

/** A Uint16Array of exactly n elements (contents unspecified). */
export function takeUint16(n: number): Uint16Array {
	return take(Uint16Array, n);
}

/** A Uint8Array of exactly n elements (contents unspecified). */
export function takeUint8(n: number): Uint8Array {
	return take(Uint8Array, n);
}

/**
 * Gives arrays back for a later take. Only whole arrays (not views) of at least 4,096 elements are
 * kept: smaller ones are cheap to allocate. The caller must not touch them afterwards.
 */
export function giveBack(...arrays: (Pooled | undefined)[]): void {
	for (const a of arrays) {
		if (!a || a.length < 4096 || a.byteOffset !== 0 || a.byteLength !== a.buffer.byteLength || kept.includes(a)) continue;
		kept.push(a);
		keptBytes += a.byteLength;
	}
	while (keptBytes > POOL_MAX_BYTES && kept.length > 0) keptBytes -= kept.shift()!.byteLength;
}

/** Drops every kept array (memory-conscious callers: after a study, before a big parse). */
export function releasePool(): void {
	kept.length = 0;
	keptBytes = 0;
}

/** Bytes kept now (for memory estimates and tests). */
export function pooledBytes(): number {
	return keptBytes;
}
