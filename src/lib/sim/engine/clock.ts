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

/*
 * The sift loops read the heap's arrays into locals and compare inline (time, then index): they run at
 * every batch start and end, millions of times a run.
 */

function siftUp(c: GpuClock, i: number): void {
	const { heap, pos, timeS } = c;
	const g = heap[i];
	const tg = timeS[g];
	while (i > 0) {
		const p = (i - 1) >> 1;
		const pg = heap[p];
		const tp = timeS[pg];
		// g goes above its parent iff it is strictly earlier, or as early with a lower index.
		if (!(tg < tp || (tg === tp && g < pg))) break;
		heap[i] = pg;
		pos[pg] = i;
		i = p;
	}
	heap[i] = g;
	pos[g] = i;
}

function siftDown(c: GpuClock, i: number): void {
	const { heap, pos, timeS } = c;
	const size = c.size;
	const g = heap[i];
	const tg = timeS[g];
	for (;;) {
		const l = 2 * i + 1;
		if (l >= size) break;
		const r = l + 1;
		let m = heap[l];
		let tm = timeS[m];
		let mi = l;
		if (r < size) {
			const rg = heap[r];
			const tr = timeS[rg];
			if (tr < tm || (tr === tm && rg < m)) {
				m = rg;
				tm = tr;
				mi = r;
			}
		}
		if (!(tm < tg || (tm === tg && m < g))) break;
		heap[i] = m;
		pos[m] = i;
		i = mi;
	}
	heap[i] = g;
	pos[g] = i;
}

/** Sets (or moves) GPU g's pending decision to time tS. */
export function schedule(c: GpuClock, g: number, tS: number): void {
	const i = c.pos[g];
	if (i < 0) {
		c.timeS[g] = tS;
		const i = c.size++;
		c.heap[i] = g;
		c.pos[g] = i;
		siftUp(c, i);
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
		const m = c.heap[last];
		c.heap[0] = m;
		c.pos[m] = 0;
		siftDown(c, 0);
	}
	return g;
}

/** Earliest pending decision time, +Infinity when no GPU has one. */
export function earliestS(c: GpuClock): number {
	return c.size === 0 ? Infinity : c.timeS[c.heap[0]];
}
