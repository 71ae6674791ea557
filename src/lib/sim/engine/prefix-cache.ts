/**
 * Automatic prefix caching (vLLM's APC; SGLang's radix cache keeps the same reuse as a tree): KV
 * blocks carry a content identity, finished requests' blocks stay cached with no owner, and a new
 * request's leading blocks that match cached ones are not recomputed.
 *
 * Identity. Engine block j of request i (tokens [j·B, (j+1)·B), B = engine block size) is identified by
 * the chain of the trace's block ids up to the id block holding its last token, plus j (the trace's
 * blocks are 512 tokens for Mooncake, 64 for sessions, and map onto any engine block size this way).
 * Chains are numbered densely once per run (equal chains = equal leading tokens), so a key is one
 * exact double: chain · 2^20 + j. Only full blocks of the prompt that the ids cover are cacheable;
 * as in vLLM, at most prompt − 1 tokens can hit (the last token is always computed for its logits).
 *
 * Accounting (per replica). Every cache entry is one physical block and counts in kv.used exactly
 * like a live block. An entry has a reference count: the running requests that use it. At ref 0 it sits
 * in a least-recently-used list (head = evicted first); a finished request's blocks enter that list
 * last block first, as vLLM frees them, so a prefix's tail goes before its head. Eviction happens only
 * when space is needed. Blocks join the cache as their prefill chunk completes, so a request admitted
 * while another still computes the same blocks cannot hit them (continuous/prefix-ops.ts counts these).
 *
 * Plain typed arrays (block-table.ts is the key → slot index); nothing allocated per block.
 */
import type { PrefixBlocks } from '../../trace/types';
import { createBlockTable, tableDelete, tableGet, tableSet, type BlockTable } from './block-table';

/** 2^20: engine block index field of a key (a request holds fewer blocks than that). */
const J_SPAN = 1048576;

/** One replica's cache. */
export interface ReplicaPrefixCache {
	/** Key → slot of every cached block (referenced or not). */
	map: BlockTable;
	key: Float64Array;
	ref: Int32Array;
	/** LRU list of ref-0 slots through prev/next (−1 ends); head is evicted first. */
	prev: Int32Array;
	next: Int32Array;
	head: number;
	tail: number;
	/** Unused slots (a stack). */
	freeSlots: Int32Array;
	freeTop: number;
	/** Entries at ref 0 (evictable). */
	evictable: number;
	/** Blocks evicted so far: entries leave only by eviction, so a cached prefix found when this was n is still cached while it is n. */
	evicted: number;
}

/** The prefix cache of one run: identities per request and one cache per replica. */
export interface PrefixCache {
	blockSize: number;
	/** Dense chain id per position of blocks.ids (same CSR offsets). */
	chain: Uint32Array;
	offsets: Uint32Array;
	idTokens: number;
	/** Cacheable engine blocks per request: full blocks of the prompt that the ids cover. */
	idBlocks: Uint32Array;
	replicas: ReplicaPrefixCache[];
	evictions: number;
}

/** Dense ids of the chains of block ids (equal id sequences from the start get equal ids, from 1). */
export function chainIds(blocks: PrefixBlocks): Uint32Array {
	const { offsets, ids } = blocks;
	const n = offsets.length - 1;
	const chain = new Uint32Array(ids.length);
	const byNumber = new Map<number, number>();
	const byString = new Map<string, number>();
	let next = 1;
	for (let i = 0; i < n; i++) {
		let parent = 0;
		for (let p = offsets[i]; p < offsets[i + 1]; p++) {
			// parent · 2^32 + id stays an exact double while parent < 2^21; beyond, a string key.
			let c: number | undefined;
			if (parent < 2097152) {
				const k = parent * 4294967296 + ids[p];
				c = byNumber.get(k);
				if (c === undefined) byNumber.set(k, (c = next++));
			} else {
				const k = `${parent}:${ids[p]}`;
				c = byString.get(k);
				if (c === undefined) byString.set(k, (c = next++));
			}
			chain[p] = c;
			parent = c;
		}
	}
	return chain;
}

/**
 * The cache for a run. `idsAreChains`: the ids already identify their whole prefix (ids derived from
 * sessions are unique per stream position), so numbering chains would only cost time and memory.
 */
export function createPrefixCache(blocks: PrefixBlocks, promptTokens: Uint32Array, blockSize: number, replicas: number, idsAreChains = false): PrefixCache {
	const n = promptTokens.length;
	const idBlocks = new Uint32Array(n);
	for (let i = 0; i < n; i++) {
		const covered = Math.min(promptTokens[i], (blocks.offsets[i + 1] - blocks.offsets[i]) * blocks.blockTokens);
		idBlocks[i] = Math.min(J_SPAN - 1, Math.floor(covered / blockSize));
	}
	const reps: ReplicaPrefixCache[] = [];
	for (let r = 0; r < replicas; r++) reps.push(createReplicaCache(64));
	let chain: Uint32Array;
	if (idsAreChains) {
		chain = new Uint32Array(blocks.ids.length);
		for (let p = 0; p < chain.length; p++) chain[p] = blocks.ids[p] + 1;
	} else chain = chainIds(blocks);
	return { blockSize, chain, offsets: blocks.offsets, idTokens: blocks.blockTokens, idBlocks, replicas: reps, evictions: 0 };
}

function createReplicaCache(cap: number): ReplicaPrefixCache {
	const c: ReplicaPrefixCache = {
		map: createBlockTable(cap),
		key: new Float64Array(cap),
		ref: new Int32Array(cap),
		prev: new Int32Array(cap),
		next: new Int32Array(cap),
		head: -1,
		tail: -1,
		freeSlots: new Int32Array(cap),
		freeTop: 0,
		evictable: 0,
		evicted: 0
	};
	for (let s = cap - 1; s >= 0; s--) c.freeSlots[c.freeTop++] = s;
	return c;
}

/** The key of engine block j of request i (j < idBlocks[i]). */
export function blockKey(pc: PrefixCache, i: number, j: number): number {
	const idBlock = Math.floor(((j + 1) * pc.blockSize - 1) / pc.idTokens);
	return pc.chain[pc.offsets[i] + idBlock] * J_SPAN + j;
}

/** Blocks of request i a lookup may hit for a pass of `passTokens` tokens: full, identified, ≤ pass − 1 tokens. */
export function hittableBlocks(pc: PrefixCache, i: number, passTokens: number): number {
	return Math.min(pc.idBlocks[i], Math.floor((passTokens - 1) / pc.blockSize));
}

/**
 * The longest cached prefix of request i on replica r, in blocks (at most `max`), and how many of those
 * blocks have no owner (reviving them takes them out of the evictable pool). Pure: changes nothing, so a
 * router may ask every replica.
 */
export function longestCachedPrefix(pc: PrefixCache, r: number, i: number, max: number): { blocks: number; unowned: number } {
	const c = pc.replicas[r];
	let h = 0;
	let unowned = 0;
	while (h < max) {
		const s = tableGet(c.map, blockKey(pc, i, h));
		if (s < 0) break;
		if (c.ref[s] === 0) unowned++;
		h++;
	}
	return { blocks: h, unowned };
}

/** Whether block j of request i is cached on replica r. */
export function isCached(pc: PrefixCache, r: number, i: number, j: number): boolean {
	return tableGet(pc.replicas[r].map, blockKey(pc, i, j)) >= 0;
}

/** How many of request i's first h blocks (all cached on r) have no owner. */
export function unownedAmong(pc: PrefixCache, r: number, i: number, h: number): number {
	const c = pc.replicas[r];
	let u = 0;
	for (let j = 0; j < h; j++) if (c.ref[tableGet(c.map, blockKey(pc, i, j))] === 0) u++;
	return u;
}

/** Takes a reference on the first h blocks of request i on replica r (cached: a lookup said so); their slots go to `slots`. */
export function acquire(pc: PrefixCache, r: number, i: number, h: number, slots: Int32Array): void {
	const c = pc.replicas[r];
	for (let j = 0; j < h; j++) {
		const s = tableGet(c.map, blockKey(pc, i, j));
		slots[j] = s;
		if (c.ref[s]++ === 0) unlinkLru(c, s);
	}
}

/**
 * Block j of request i was just computed on replica r and joins the cache with one reference (its slot
 * goes to slots[j]). Returns
 * false when the same content was cached meanwhile (another request computed it first): the request
 * takes a reference on that entry instead and its own copy is freed (the caller releases one block).
 */
export function register(pc: PrefixCache, r: number, i: number, j: number, slots: Int32Array): boolean {
	const c = pc.replicas[r];
	const k = blockKey(pc, i, j);
	const found = tableGet(c.map, k);
	if (found >= 0) {
		slots[j] = found;
		if (c.ref[found]++ === 0) unlinkLru(c, found);
		return false;
	}
	if (c.freeTop === 0) growSlots(c);
	const s = c.freeSlots[--c.freeTop];
	c.key[s] = k;
	c.ref[s] = 1;
	tableSet(c.map, k, s);
	slots[j] = s;
	return true;
}

/**
 * Drops a request's references on its first `linked` blocks (their slots, as acquire and register
 * recorded them: a referenced entry is never evicted, so they are still its blocks), last block first
 * (vLLM's free order).
 */
export function release(pc: PrefixCache, r: number, slots: Int32Array, linked: number): void {
	const c = pc.replicas[r];
	for (let j = linked - 1; j >= 0; j--) {
		const s = slots[j];
		if (--c.ref[s] === 0) appendLru(c, s);
	}
}

/** Evicts up to `blocks` least-recently-used unowned blocks of replica r; returns how many went. */
export function evict(pc: PrefixCache, r: number, blocks: number): number {
	const c = pc.replicas[r];
	let done = 0;
	while (done < blocks && c.head >= 0) {
		const s = c.head;
		unlinkLru(c, s);
		tableDelete(c.map, c.key[s]);
		c.freeSlots[c.freeTop++] = s;
		done++;
	}
	pc.evictions += done;
	c.evicted += done;
	return done;
}

function appendLru(c: ReplicaPrefixCache, s: number): void {
	c.prev[s] = c.tail;
	c.next[s] = -1;
	if (c.tail >= 0) c.next[c.tail] = s;
	else c.head = s;
	c.tail = s;
	c.evictable++;
}

function unlinkLru(c: ReplicaPrefixCache, s: number): void {
	const p = c.prev[s];
	const q = c.next[s];
	if (p >= 0) c.next[p] = q;
	else c.head = q;
	if (q >= 0) c.prev[q] = p;
	else c.tail = p;
	c.evictable--;
}

function growSlots(c: ReplicaPrefixCache): void {
	const old = c.key.length;
	const cap = old * 2;
	const grow = <T extends Float64Array | Int32Array>(a: T): T => {
		const b = new (a.constructor as new (n: number) => T)(cap);
		b.set(a);
		return b;
	};
	c.key = grow(c.key);
	c.ref = grow(c.ref);
	c.prev = grow(c.prev);
	c.next = grow(c.next);
	const free = new Int32Array(cap);
	free.set(c.freeSlots.subarray(0, c.freeTop));
	for (let s = cap - 1; s >= old; s--) free[c.freeTop++] = s;
	c.freeSlots = free;
}

/** The keys of the unowned blocks of replica r in eviction order (tests and the reference model compare it). */
export function evictionOrder(pc: PrefixCache, r: number): number[] {
	const c = pc.replicas[r];
	const out: number[] = [];
	for (let s = c.head; s >= 0; s = c.next[s]) out.push(c.key[s]);
	return out;
}
