/**
 * A result's series as IndexedDB stores them: each long list of numbers as a typed array, given back
 * as the same plain numbers on read.
 *
 * Why: Chromium's IndexedDB put serializes a value and then reads a clone of it back on the page's
 * thread (to take its keys), and a value over 64 KiB is wrapped in a Blob. A study result's series
 * (CDFs, timeline, per-replica queues: about 9,000 numbers, 50–70 KB) held as plain arrays made each
 * put cost about 1.9 ms of the page's thread, 0.9 s of a default study's 264 puts. As typed arrays a
 * clone is a copy of bytes, and whole-number lists (queue lengths, counts) take 4 bytes a value.
 *
 * The round trip is exact: a list becomes a Uint32Array only when every value is a whole number in
 * [0, 2^32) and not -0, otherwise a Float64Array, which holds any double (NaN and ±Infinity included)
 * bit for bit. Records stored before this (plain arrays) read as they are.
 */

import { isObject } from './record-shape';

/** Lists shorter than this stay plain arrays: a typed array saves nothing on a handful of values. */
const MIN_PACKED = 8;

/** An object to walk into: not an array, not a typed array (by shape, so records from any realm qualify). */
function isPlainObject(x: unknown): x is Record<string, unknown> {
	return isObject(x) && !ArrayBuffer.isView(x);
}

function allNumbers(a: readonly unknown[]): a is number[] {
	for (let i = 0; i < a.length; i++) if (typeof a[i] !== 'number') return false;
	return true;
}

function fitsUint32(a: readonly number[]): boolean {
	for (let i = 0; i < a.length; i++) {
		const v = a[i];
		if (!(Number.isInteger(v) && v >= 0 && v <= 0xffffffff) || Object.is(v, -0)) return false;
	}
	return true;
}

/** A copy of `x` with every list of at least MIN_PACKED numbers as a typed array (see the header). */
export function packSeries<T>(x: T): T {
	return pack(x) as T;
}

function pack(x: unknown): unknown {
	if (Array.isArray(x)) {
		if (x.length >= MIN_PACKED && allNumbers(x)) return fitsUint32(x) ? Uint32Array.from(x) : Float64Array.from(x);
		return x.map(pack);
	}
	if (isPlainObject(x)) {
		const out: Record<string, unknown> = {};
		for (const k of Object.keys(x)) out[k] = pack(x[k]);
		return out;
	}
	return x;
}

/** `x` with every typed array read back as a plain array of the same numbers (plain arrays pass through). */
export function unpackSeries<T>(x: T): T {
	return unpack(x) as T;
}

function unpack(x: unknown): unknown {
	if (ArrayBuffer.isView(x) && !(x instanceof DataView)) return Array.from(x as Uint32Array | Float64Array);
	if (Array.isArray(x)) return x.map(unpack);
	if (isPlainObject(x)) {
		const out: Record<string, unknown> = {};
		for (const k of Object.keys(x)) out[k] = unpack(x[k]);
		return out;
	}
	return x;
}
