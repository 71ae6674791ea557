/**
 * A binary min-heap of (key, id) pairs in typed arrays, for the completion events of one GPU:
 * key = the GPU step count at which a decoding sequence emits its last token, id = request index.
 * Entries are never removed from the middle: a preempted request leaves a stale entry that the
 * caller recognises (by checking the request's state) and skips when it reaches the top.
 * Ties are broken by id so the order, and with it every run, is deterministic.
 */

/** Plain-data heap; create with createStepHeap, use with the functions below. */
export interface StepHeap {
	keys: Float64Array;
	ids: Int32Array;
	size: number;
}

/** An empty heap with room for `capacity` entries (it grows when needed). */
export function createStepHeap(capacity = 16): StepHeap {
	return { keys: new Float64Array(capacity), ids: new Int32Array(capacity), size: 0 };
}

function less(h: StepHeap, i: number, j: number): boolean {
	const a = h.keys[i];
	const b = h.keys[j];
	return a < b || (a === b && h.ids[i] < h.ids[j]);
}

/** Adds (key, id). O(log n). */
export function heapPush(h: StepHeap, key: number, id: number): void {
	if (h.size === h.keys.length) {
		const keys = new Float64Array(h.keys.length * 2);
		const ids = new Int32Array(h.ids.length * 2);
		keys.set(h.keys);
		ids.set(h.ids);
		h.keys = keys;
		h.ids = ids;
	}
	let i = h.size++;
	h.keys[i] = key;
	h.ids[i] = id;
	while (i > 0) {
		const p = (i - 1) >> 1;
		if (!less(h, i, p)) break;
		swap(h, i, p);
		i = p;
	}
}

/** Removes the smallest entry (the caller read it with h.keys[0] / h.ids[0]). O(log n). */
export function heapPop(h: StepHeap): void {
	const last = --h.size;
	if (last <= 0) return;
	h.keys[0] = h.keys[last];
	h.ids[0] = h.ids[last];
	let i = 0;
	for (;;) {
		const l = 2 * i + 1;
		if (l >= last) break;
		const r = l + 1;
		const c = r < last && less(h, r, l) ? r : l;
		if (!less(h, c, i)) break;
		swap(h, i, c);
		i = c;
	}
}

function swap(h: StepHeap, i: number, j: number): void {
	const k = h.keys[i];
	h.keys[i] = h.keys[j];
	h.keys[j] = k;
	const d = h.ids[i];
	h.ids[i] = h.ids[j];
	h.ids[j] = d;
}
