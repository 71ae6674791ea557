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
export class MinTree {
	readonly key: Float64Array;
	/** winner[i] for internal node i (1-based heap layout over `size` leaves): the best slot below it; −1 = none. */
	private readonly winner: Int32Array;
	private readonly size: number;

	constructor(n: number, initial = 0) {
		if (!(n >= 1)) throw new Error(`MinTree needs at least one slot (got ${n}).`);
		let size = 1;
		while (size < n) size *= 2;
		this.size = size;
		this.key = new Float64Array(n).fill(initial);
		this.winner = new Int32Array(2 * size).fill(-1);
		for (let g = 0; g < n; g++) this.winner[size + g] = g;
		for (let i = size - 1; i >= 1; i--) this.winner[i] = this.better(this.winner[2 * i], this.winner[2 * i + 1]);
	}

	/** The slot with the smallest key, the lowest index among equals. */
	argmin(): number {
		return this.winner[1];
	}

	/** The smallest key. */
	min(): number {
		return this.key[this.winner[1]];
	}

	/** Sets slot g's key and replays the matches on its path to the root. */
	set(g: number, value: number): void {
		const key = this.key;
		if (key[g] === value) return;
		key[g] = value;
		const w = this.winner;
		let i = (this.size + g) >> 1;
		while (i >= 1) {
			const a = w[2 * i];
			const b = w[2 * i + 1];
			// a's slots all come before b's: b wins only when strictly smaller (ties to the lower index).
			const best = b < 0 || (a >= 0 && !(key[b] < key[a])) ? a : b;
			if (w[i] === best && best !== g) {
				// The winner here did not change and is not g: nothing above can change either, unless
				// g's key moved there. g is below i, so if g did not win here it cannot win higher up.
				break;
			}
			w[i] = best;
			i >>= 1;
		}
	}

	private better(a: number, b: number): number {
		if (b < 0) return a;
		if (a < 0) return b;
		return this.key[b] < this.key[a] ? b : a;
	}
}
