/**
 * The prefix cache inside continuous batching (engine/prefix-cache.ts has the cache itself). What
 * changes when it is on:
 *   - admission: a request's leading cached blocks are shared, not allocated, and its prefill starts
 *     after them (prefilled = hit tokens, so chunks price only the rest while attention still spans the
 *     whole context); free space counts the unowned cached blocks, evicted LRU when the room is needed;
 *   - chunk ends: full prompt blocks just computed join the cache;
 *   - finish / preemption: cached blocks lose a reference and stay (unowned) instead of being freed;
 *   - decode growth: unowned cached blocks are evicted before any running request is preempted.
 * With the cache off (S.prefix === null) none of this runs and the scheduler's arithmetic is unchanged.
 */
import { blocksFor } from '../../engine/kv-blocks';
import {
	acquire,
	blockKey,
	createPrefixCache,
	evict,
	hittableBlocks,
	isCached,
	longestCachedPrefix,
	register,
	release,
	unownedAmong,
	type PrefixCache
} from '../../engine/prefix-cache';
import type { PrefixRecords } from '../../records';
import type { PrefixBlocks } from '../../../trace/types';
import type { ContinuousRun, ReplicaState } from './state';

/** Most points the cache series keeps (decimated by halves when full). */
const SERIES_MAX = 1024;

export interface PrefixRun {
	cache: PrefixCache;
	/** Per request: leading blocks that are cache entries it references (always a prefix). */
	linked: Uint32Array;
	/** Per request: its cacheable prompt blocks; [linked, pendTo) are still being computed while it prefills. */
	pendTo: Uint32Array;
	/** Per request: 1 once its first admission was counted. */
	counted: Uint8Array;
	/** Per running request: the cache slots of its linked blocks (release reads them instead of looking keys up). */
	slots: (Int32Array | null)[];
	/** Replica whose cache the fits test reads, and the decoder blocks reserved there this step. */
	at: number;
	reserve: number;
	/**
	 * Per replica, the last request looked up, the replica's eviction count then, and its cached prefix in
	 * blocks. Entries leave only by eviction, so while that count holds the prefix is still cached and a new
	 * lookup resumes after it: the queue head is asked about at every step, at O(1) instead of O(prefix).
	 */
	memoId: Int32Array;
	memoEvicted: Float64Array;
	memoHit: Int32Array;
	records: PrefixRecords;
	stride: number;
	tick: number;
}

export function createPrefixRun(blocks: PrefixBlocks, idsAreChains: boolean, promptTokens: Uint32Array, blockSize: number, replicas: number): PrefixRun {
	const n = promptTokens.length;
	return {
		cache: createPrefixCache(blocks, promptTokens, blockSize, replicas, idsAreChains),
		linked: new Uint32Array(n),
		pendTo: new Uint32Array(n),
		counted: new Uint8Array(n),
		slots: new Array<Int32Array | null>(n).fill(null),
		at: 0,
		reserve: 0,
		memoId: new Int32Array(replicas).fill(-1),
		memoEvicted: new Float64Array(replicas),
		memoHit: new Int32Array(replicas),
		records: {
			blockSize,
			promptTokens: 0,
			hitTokens: 0,
			inFlightBlocks: 0,
			evictions: 0,
			recomputeHitTokens: 0,
			hitBlocks: new Uint32Array(n),
			series: { tS: [], cachedBlocks: [], evictions: [] }
		},
		stride: 1,
		tick: 0
	};
}

/** Blocks left for prompts on replica g this step (the decoders' `need` reserved), unowned cached blocks included. */
export function freeForAdmission(S: ContinuousRun, P: PrefixRun, g: number, need: number): number {
	P.at = g;
	P.reserve = need;
	return S.totalBlocks - S.kv.used[g] - need + P.cache.replicas[g].evictable;
}

/** Request id's cached prefix on replica P.at, in blocks (memoised per replica, see memoId). */
function hitOf(S: ContinuousRun, P: PrefixRun, id: number): number {
	const r = P.at;
	const pc = P.cache;
	const max = hittableBlocks(pc, id, S.passPrompt[id]);
	const evicted = pc.replicas[r].evicted;
	let h = P.memoId[r] === id && P.memoEvicted[r] === evicted ? Math.min(P.memoHit[r], max) : 0;
	while (h < max && isCached(pc, r, id, h)) h++;
	P.memoId[r] = id;
	P.memoEvicted[r] = evicted;
	P.memoHit[r] = h;
	return h;
}

/** What admitting request id on replica P.at takes from freeForAdmission's count: new blocks + revived unowned ones. */
export function admitCost(S: ContinuousRun, P: PrefixRun, id: number): number {
	const h = hitOf(S, P, id);
	return blocksFor(S.passPrompt[id], S.blockSize) - h + unownedAmong(P.cache, P.at, id, h);
}

/**
 * Whether request id fits in `free` on replica P.at. The unowned hit blocks are counted only when the
 * answer depends on them (new blocks alone fit, all hit blocks unowned would not), as they cost O(prefix).
 */
export function fitsWithCache(S: ContinuousRun, P: PrefixRun, id: number, free: number): boolean {
	const h = hitOf(S, P, id);
	const fresh = blocksFor(S.passPrompt[id], S.blockSize) - h;
	if (fresh > free) return false;
	if (fresh + h <= free) return true;
	return fresh + unownedAmong(P.cache, P.at, id, h) <= free;
}

/** admitCost when request id fits in `free`, else Infinity (the admission loop's test, cheap when it does not fit). */
export function costIfFits(S: ContinuousRun, P: PrefixRun, id: number, free: number): number {
	return fitsWithCache(S, P, id, free) ? admitCost(S, P, id) : Infinity;
}

/**
 * Admits request id on replica g (admitCost fitted): references its cached prefix, evicts what the new
 * blocks need, marks the rest as being computed, counts the hit. Returns the hit in tokens (the prefill
 * starts after them).
 */
export function admitCached(S: ContinuousRun, P: PrefixRun, g: ReplicaState, id: number, t: number): number {
	P.at = g.index;
	const h = hitOf(S, P, id);
	const pc = P.cache;
	const r = g.index;
	const cacheable = Math.min(pc.idBlocks[id], Math.floor(S.passPrompt[id] / S.blockSize));
	const slots = new Int32Array(Math.max(h, cacheable));
	P.slots[id] = slots;
	acquire(pc, r, id, h, slots);
	const fresh = blocksFor(S.passPrompt[id], S.blockSize) - h;
	const used = S.kv.used;
	const short = used[r] + P.reserve + fresh - S.totalBlocks;
	if (short > 0) used[r] -= evict(pc, r, short);
	used[r] += fresh;
	P.linked[id] = h;
	P.pendTo[id] = Math.max(h, cacheable);
	const rec = P.records;
	if (P.counted[id] === 0) {
		P.counted[id] = 1;
		rec.promptTokens += S.table.promptTokens[id];
		rec.hitTokens += h * S.blockSize;
		rec.hitBlocks[id] = h;
		rec.inFlightBlocks += inFlight(S, P, g, id, h, hittableBlocks(pc, id, S.passPrompt[id]));
	} else rec.recomputeHitTokens += h * S.blockSize;
	S.prefilled[id] = h * S.blockSize;
	sample(S, P, t);
	return h * S.blockSize;
}

/**
 * Blocks from `from` on (below `max`) that request id wanted but another prefilling request on g is
 * still computing: they are not cached yet (they join as chunks complete), so no cache size would have
 * given them to id. A prefiller computes blocks [linked, pendTo) of its own; equal keys are equal content.
 */
function inFlight(S: ContinuousRun, P: PrefixRun, g: ReplicaState, id: number, from: number, max: number): number {
	const pc = P.cache;
	let best = 0;
	for (let k = g.preHead; k < g.pre.length; k++) {
		const p = g.pre[k];
		if (p === id || from < P.linked[p] || from >= P.pendTo[p]) continue;
		const end = Math.min(max, P.pendTo[p]);
		let j = from;
		while (j < end && blockKey(pc, p, j) === blockKey(pc, id, j)) j++;
		if (j - from > best) best = j - from;
	}
	return best;
}

/** Request id's prefill reached S.prefilled[id] on replica g: its newly full prompt blocks join the cache. */
export function registerComputed(S: ContinuousRun, P: PrefixRun, g: ReplicaState, id: number): void {
	const upTo = Math.min(P.pendTo[id], Math.floor(S.prefilled[id] / S.blockSize));
	const from = P.linked[id];
	if (upTo <= from) return;
	const pc = P.cache;
	for (let j = from; j < upTo; j++) {
		// Another request cached the same block first: share it and free this copy.
		if (!register(pc, g.index, id, j, P.slots[id] as Int32Array)) S.kv.used[g.index]--;
	}
	P.linked[id] = upTo;
}

/** Request id leaves replica g holding `heldTokens` of KV: private blocks are freed, cached ones stay. */
export function releaseBlocks(S: ContinuousRun, P: PrefixRun, g: ReplicaState, id: number, heldTokens: number, t: number): void {
	const linked = P.linked[id];
	S.kv.used[g.index] -= blocksFor(heldTokens, S.blockSize) - linked;
	if (linked > 0) release(P.cache, g.index, P.slots[id] as Int32Array, linked);
	P.slots[id] = null;
	P.linked[id] = 0;
	P.pendTo[id] = 0;
	sample(S, P, t);
}

/** Evicts unowned cached blocks of replica g until `need` more blocks fit; false when they cannot. */
export function makeRoom(S: ContinuousRun, P: PrefixRun, g: number, need: number): boolean {
	const over = S.kv.used[g] + need - S.totalBlocks;
	if (over > 0) S.kv.used[g] -= evict(P.cache, g, over);
	return S.kv.used[g] + need <= S.totalBlocks;
}

/** Unowned cached blocks replica g can give up (a decode stretch may grow into them). */
export function evictableOf(P: PrefixRun, g: number): number {
	return P.cache.replicas[g].evictable;
}

/** Adds a point to the bounded series: every `stride`-th event; when full, every other point goes and the stride doubles. */
function sample(S: ContinuousRun, P: PrefixRun, t: number): void {
	if (++P.tick < P.stride) return;
	P.tick = 0;
	const s = P.records.series;
	if (s.tS.length >= SERIES_MAX) {
		const keep = (a: number[]) => a.filter((_, k) => k % 2 === 0);
		s.tS = keep(s.tS);
		s.cachedBlocks = keep(s.cachedBlocks);
		s.evictions = keep(s.evictions);
		P.stride *= 2;
	}
	let cached = 0;
	for (const c of P.cache.replicas) cached += c.evictable;
	s.tS.push(t);
	s.cachedBlocks.push(cached);
	s.evictions.push(P.cache.evictions);
}

/** The run's records (evictions copied from the cache). */
export function prefixRecords(P: PrefixRun): PrefixRecords {
	P.records.evictions = P.cache.evictions;
	return P.records;
}

/**
 * Leading prompt tokens of request id cached on replica g right now (what a prefix-aware router reads,
 * deploy/routing/prefix-aware.ts); 0 without a cache. Changes nothing.
 */
export function cachedPrefixTokens(S: ContinuousRun, g: number, id: number): number {
	const P = S.prefix;
	if (P === null) return 0;
	return longestCachedPrefix(P.cache, g, id, hittableBlocks(P.cache, id, S.passPrompt[id])).blocks * S.blockSize;
}

/** Unowned blocks cached on replica g (they stay in kv.used at the end of a run). */
export function cachedAtEnd(P: PrefixRun | null, g: number): number {
	return P === null ? 0 : P.cache.replicas[g].map.size;
}
