/**
 * The global event order of the iteration-level engine: each GPU has at most one pending decision
 * time (the end of its current step or decode stretch, or an earlier step boundary at which it was
 * asked to admit a queued request). GPUs are popped in (time, GPU index) order, so ties go to the
 * lowest index and every run is deterministic. An indexed binary heap: a GPU's time can move in O(log G).
 */

/** Plain-data indexed heap over GPU indices 0..G−1. */
export interface GpuClock {
	/** Heap array of GPU indices. */
	heap: Int32Array;
	/** Position of each GPU in `heap`, −1 when it has no pending decision. */
	pos: Int32Array;
	/** Pending decision time of each GPU (valid while pos ≥ 0). */
	timeS: Float64Array;
	size: number;
}

/** A clock for `gpus` GPUs, none scheduled. */
export function createGpuClock(gpus: number): GpuClock {
	return { heap: new Int32Array(gpus), pos: new Int32Array(gpus).fill(-1), timeS: new Float64Array(gpus), size: 0 };
}

function before(c: GpuClock, a: number, b: number): boolean {
	const ta = c.timeS[a];
	const tb = c.timeS[b];
	return ta < tb || (ta === tb && a < b);
}

function place(c: GpuClock, i: number, g: number): void {
	c.heap[i] = g;
	c.pos[g] = i;
}

function siftUp(c: GpuClock, i: number): void {
	const g = c.heap[i];
	while (i > 0) {
		const p = (i - 1) >> 1;
		const pg = c.heap[p];
		if (!before(c, g, pg)) break;
		place(c, i, pg);
		i = p;
	}
	place(c, i, g);
}

function siftDown(c: GpuClock, i: number): void {
	const g = c.heap[i];
	for (;;) {
		const l = 2 * i + 1;
		if (l >= c.size) break;
		const r = l + 1;
		let m = c.heap[l];
		let mi = l;
		if (r < c.size && before(c, c.heap[r], m)) {
			m = c.heap[r];
			mi = r;
		}
		if (!before(c, m, g)) break;
		place(c, i, m);
		i = mi;
	}
	place(c, i, g);
}

/** Sets (or moves) GPU g's pending decision to time tS. */
export function schedule(c: GpuClock, g: number, tS: number): void {
	const i = c.pos[g];
	if (i < 0) {
		c.timeS[g] = tS;
		place(c, c.size++, g);
		siftUp(c, c.size - 1);
		return;
	}
	const old = c.timeS[g];
	c.timeS[g] = tS;
	if (tS < old) siftUp(c, i);
	else siftDown(c, i);
}

/** Removes and returns the GPU with the earliest decision (−1 when none). */
export function popEarliest(c: GpuClock): number {
	if (c.size === 0) return -1;
	const g = c.heap[0];
	c.pos[g] = -1;
	const last = --c.size;
	if (last > 0) {
		place(c, 0, c.heap[last]);
		siftDown(c, 0);
	}
	return g;
}

/** Earliest pending decision time, +Infinity when no GPU has one. */
export function earliestS(c: GpuClock): number {
	return c.size === 0 ? Infinity : c.timeS[c.heap[0]];
}
