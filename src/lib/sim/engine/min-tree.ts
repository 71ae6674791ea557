/**
 * An indexed minimum over slots 0..n−1 (a tournament tree): each slot holds a key, the tree answers the
 * slot with the smallest key, ties to the LOWEST index, in O(1), and a key changes in O(log n). The
 * router keeps one over each replica's outstanding count (least-outstanding's answer without scanning
 * every replica) and request-level routing one over each replica's next last-token time (which
 * replicas' batch members to count down at an arrival, without visiting the others).
 *
 * Keys are float64 (exact for counts); +Infinity is allowed. The tie rule is the one the routing
 * policies' scans use (deploy/routing/pick.ts), so both give the same replica.
 */
/** Up to this many slots a scan of the packed keys is cheaper than a tree walk (measured: static batching on 16 replicas). */
const SCAN_UP_TO = 32;

export class MinTree {
	/*
	 * Heap layout over `size` leaves (a power of two): node i's children are 2i and 2i + 1, slot g is leaf
	 * size + g. Each node holds its winner's key and slot, so a match reads its two children directly.
	 * Padding leaves hold +Infinity and a slot past every real one, so they never win a tie.
	 */
	private readonly nodeKey: Float64Array;
	private readonly nodeSlot: Int32Array;
	private readonly size: number;
	/** Small trees: the keys in slot order, and the winner when known (−1: rescan on the next question). */
	private readonly flat: Float64Array | null;
	private best = 0;

	constructor(n: number, initial = 0) {
		if (!(n >= 1)) throw new Error(`MinTree needs at least one slot (got ${n}).`);
		this.flat = n <= SCAN_UP_TO ? new Float64Array(n).fill(initial) : null;
		let size = 1;
		while (size < n) size *= 2;
		this.size = size;
		this.nodeKey = new Float64Array(2 * size).fill(Infinity);
		this.nodeSlot = new Int32Array(2 * size);
		for (let j = 0; j < size; j++) {
			this.nodeSlot[size + j] = j;
			if (j < n) this.nodeKey[size + j] = initial;
		}
		for (let i = size - 1; i >= 1; i--) this.match(i);
	}

	/** The slot with the smallest key, the lowest index among equals. */
	argmin(): number {
		if (this.flat !== null) return this.best >= 0 ? this.best : this.rescan();
		return this.nodeSlot[1];
	}

	/** The smallest key. */
	min(): number {
		if (this.flat !== null) return this.flat[this.best >= 0 ? this.best : this.rescan()];
		return this.nodeKey[1];
	}

	/** Slot g's key. */
	keyOf(g: number): number {
		if (this.flat !== null) return this.flat[g];
		return this.nodeKey[this.size + g];
	}

	/** Sets slot g's key and replays the matches on its path to the root, stopping where a winner is unchanged. */
	set(g: number, value: number): void {
		const flat = this.flat;
		if (flat !== null) {
			const old = flat[g];
			if (old === value) return;
			flat[g] = value;
			const b = this.best;
			if (b < 0) return;
			// A lower key, or an equal one at a lower slot, takes over; the winner's own key rising needs a rescan.
			if (value < flat[b] || (value === flat[b] && g < b)) this.best = g;
			else if (g === b && value > old) this.best = -1;
			return;
		}
		const key = this.nodeKey;
		const slot = this.nodeSlot;
		let i = this.size + g;
		if (key[i] === value) return;
		key[i] = value;
		i >>= 1;
		while (i >= 1) {
			const l = 2 * i;
			// The left child's slots all come before the right's: the right wins only when strictly smaller.
			const w = key[l + 1] < key[l] ? l + 1 : l;
			const k = key[w];
			const s = slot[w];
			if (key[i] === k && slot[i] === s) return; // nothing above depends on anything else
			key[i] = k;
			slot[i] = s;
			i >>= 1;
		}
	}

	private rescan(): number {
		const flat = this.flat as Float64Array;
		let b = 0;
		for (let g = 1; g < flat.length; g++) if (flat[g] < flat[b]) b = g;
		this.best = b;
		return b;
	}

	private match(i: number): void {
		const l = 2 * i;
		const w = this.nodeKey[l + 1] < this.nodeKey[l] ? l + 1 : l;
		this.nodeKey[i] = this.nodeKey[w];
		this.nodeSlot[i] = this.nodeSlot[w];
	}
}
