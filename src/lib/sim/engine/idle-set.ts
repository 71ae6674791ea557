/**
 * The idle replicas as a bitset, so the lowest idle index (the tie rule of both schedulers) is found in
 * O(G / 32) and adding or removing one is O(1).
 */
export interface IdleSet {
	size: number;
	add(g: number): void;
	remove(g: number): void;
	/** Lowest idle replica, −1 when none. */
	lowest(): number;
	/** Removes and returns the lowest idle replica (−1 when none). */
	popLowest(): number;
}

/** A set holding every replica 0..replicas−1 (all idle at the start of a run). */
export function createIdleSet(replicas: number): IdleSet {
	const bits = new Uint32Array(Math.ceil(replicas / 32));
	for (let g = 0; g < replicas; g++) bits[g >>> 5] |= 1 << (g & 31);
	const set: IdleSet = {
		size: replicas,
		add(g) {
			bits[g >>> 5] |= 1 << (g & 31);
			set.size++;
		},
		remove(g) {
			bits[g >>> 5] &= ~(1 << (g & 31));
			set.size--;
		},
		lowest() {
			for (let w = 0; w < bits.length; w++) {
				const x = bits[w];
				if (x !== 0) return (w << 5) + (31 - Math.clz32(x & -x));
			}
			return -1;
		},
		popLowest() {
			const g = set.lowest();
			if (g >= 0) set.remove(g);
			return g;
		}
	};
	return set;
}
