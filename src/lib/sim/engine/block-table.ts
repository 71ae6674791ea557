/**
 * An open-addressing hash table from block keys (exact doubles up to 2^53) to slot numbers, for the
 * prefix cache's hot path. A JS Map with such keys boxes every key that is not a small integer, which
 * made the cache several times slower than the engine without it; here keys live in a Float64Array and
 * nothing is allocated per operation. Linear probing with backward-shift deletion (no tombstones);
 * the table doubles when it is half full.
 */

export interface BlockTable {
	keys: Float64Array;
	/** Slot + 1 per bucket; 0 = empty. */
	vals: Int32Array;
	mask: number;
	size: number;
}

export function createBlockTable(capacity = 256): BlockTable {
	let cap = 16;
	while (cap < capacity * 2) cap *= 2;
	return { keys: new Float64Array(cap), vals: new Int32Array(cap), mask: cap - 1, size: 0 };
}

/** The key's home bucket: both 32-bit halves mixed by MurmurHash3's finaliser (every input bit reaches the low bits the mask keeps). */
function bucketOf(t: BlockTable, key: number): number {
	const lo = key % 4294967296 | 0;
	const hi = Math.floor(key / 4294967296) | 0;
	let h = lo ^ Math.imul(hi, 0x9e3779b1);
	h ^= h >>> 16;
	h = Math.imul(h, 0x85ebca6b);
	h ^= h >>> 13;
	h = Math.imul(h, 0xc2b2ae35);
	h ^= h >>> 16;
	return h & t.mask;
}

/** The slot stored for `key`, or −1. */
export function tableGet(t: BlockTable, key: number): number {
	const { keys, vals, mask } = t;
	for (let b = bucketOf(t, key); ; b = (b + 1) & mask) {
		const v = vals[b];
		if (v === 0) return -1;
		if (keys[b] === key) return v - 1;
	}
}

/** Stores key → slot (the key must be absent). */
export function tableSet(t: BlockTable, key: number, slot: number): void {
	if ((t.size + 1) * 2 > t.vals.length) grow(t);
	const { keys, vals, mask } = t;
	let b = bucketOf(t, key);
	while (vals[b] !== 0) b = (b + 1) & mask;
	keys[b] = key;
	vals[b] = slot + 1;
	t.size++;
}

/** Removes `key` (present or not). */
export function tableDelete(t: BlockTable, key: number): void {
	const { keys, vals, mask } = t;
	let b = bucketOf(t, key);
	for (; ; b = (b + 1) & mask) {
		if (vals[b] === 0) return;
		if (keys[b] === key) break;
	}
	t.size--;
	// Backward shift: move later entries of the probe run into the hole when their home allows it.
	let hole = b;
	for (let c = (b + 1) & mask; vals[c] !== 0; c = (c + 1) & mask) {
		const home = bucketOf(t, keys[c]);
		// c's entry may move to `hole` iff home is not cyclically in (hole, c].
		const between = hole <= c ? home > hole && home <= c : home > hole || home <= c;
		if (!between) {
			keys[hole] = keys[c];
			vals[hole] = vals[c];
			hole = c;
		}
	}
	vals[hole] = 0;
}

function grow(t: BlockTable): void {
	const oldKeys = t.keys;
	const oldVals = t.vals;
	const cap = oldVals.length * 2;
	t.keys = new Float64Array(cap);
	t.vals = new Int32Array(cap);
	t.mask = cap - 1;
	t.size = 0;
	for (let b = 0; b < oldVals.length; b++) if (oldVals[b] !== 0) tableSet(t, oldKeys[b], oldVals[b] - 1);
}
