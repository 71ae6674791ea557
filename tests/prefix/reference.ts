/**
 * Independent, slow models of prefix caching for the tests (no code shared with
 * src/lib/sim/engine/prefix-cache.ts): block keys are strings of the whole id chain, the LRU list is
 * a plain array.
 *
 *   - unlimitedBound: the hit rate an infinite cache would reach, from the trace alone: a request's
 *     leading full blocks (at most prompt − 1 tokens, as in vLLM) count when any earlier request's
 *     prompt had the same block;
 *   - sequentialReference: the whole cache when requests run one after another on one replica (each
 *     finishes before the next arrives): hits per request, evictions, final LRU order.
 */
import type { PrefixBlocks } from '../../src/lib/trace/types';

/** The content key of engine block j of request i: the chain of ids up to the one holding its last token, and j. */
export function refKey(b: PrefixBlocks, i: number, j: number, blockSize: number): string {
	const last = Math.floor(((j + 1) * blockSize - 1) / b.blockTokens);
	return `${Array.from(b.ids.subarray(b.offsets[i], b.offsets[i] + last + 1)).join(',')}#${j}`;
}

/** Full engine blocks of request i's prompt that its ids cover. */
export function refCacheable(b: PrefixBlocks, i: number, prompt: number, blockSize: number): number {
	const covered = Math.min(prompt, (b.offsets[i + 1] - b.offsets[i]) * b.blockTokens);
	return Math.floor(covered / blockSize);
}

/** Blocks request i may hit: cacheable and at most prompt − 1 tokens. */
export function refHittable(b: PrefixBlocks, i: number, prompt: number, blockSize: number): number {
	return Math.min(refCacheable(b, i, prompt, blockSize), Math.floor((Math.max(1, prompt) - 1) / blockSize));
}

/** The unlimited-cache bound: per request (in order) the blocks an infinite cache would hit, and the token totals. */
export function unlimitedBound(b: PrefixBlocks, prompt: Uint32Array, blockSize: number, served: (i: number) => boolean): { hitBlocks: number[]; hitTokens: number; promptTokens: number } {
	const seen = new Set<string>();
	const hitBlocks: number[] = [];
	let hitTokens = 0;
	let promptTokens = 0;
	for (let i = 0; i < prompt.length; i++) {
		if (!served(i)) {
			hitBlocks.push(0);
			continue;
		}
		const max = refHittable(b, i, prompt[i], blockSize);
		let h = 0;
		while (h < max && seen.has(refKey(b, i, h, blockSize))) h++;
		hitBlocks.push(h);
		hitTokens += h * blockSize;
		promptTokens += prompt[i];
		for (let j = 0; j < refCacheable(b, i, prompt[i], blockSize); j++) seen.add(refKey(b, i, j, blockSize));
	}
	return { hitBlocks, hitTokens, promptTokens };
}

/**
 * The cache when requests run one at a time on one replica of `capacityBlocks` blocks: each request
 * takes references on its cached prefix, evicts least-recently-used unowned blocks while its new blocks
 * do not fit, caches its full prompt blocks once computed (sharing any already cached), grows to its
 * peak (prompt + output − 1 tokens) evicting as needed, then drops its references last block first.
 */
export function sequentialReference(b: PrefixBlocks, prompt: Uint32Array, output: Uint32Array, blockSize: number, capacityBlocks: number) {
	const ref = new Map<string, number>();
	let lru: string[] = [];
	let evictions = 0;
	const hits: number[] = [];
	const blocks = (tokens: number) => Math.ceil(tokens / blockSize);
	const evictUntil = (used: () => number) => {
		while (used() > capacityBlocks && lru.length > 0) {
			const k = lru.shift() as string;
			ref.delete(k);
			evictions++;
		}
	};
	for (let i = 0; i < prompt.length; i++) {
		const p = Math.max(1, prompt[i]);
		const keys: string[] = [];
		for (let j = 0; j < refCacheable(b, i, prompt[i], blockSize); j++) keys.push(refKey(b, i, j, blockSize));
		const max = refHittable(b, i, prompt[i], blockSize);
		let h = 0;
		while (h < max && ref.has(keys[h])) h++;
		hits.push(h);
		for (let j = 0; j < h; j++) {
			const r = ref.get(keys[j]) as number;
			if (r === 0) lru = lru.filter((k) => k !== keys[j]);
			ref.set(keys[j], r + 1);
		}
		let own = blocks(p) - h; // blocks only this request holds
		evictUntil(() => ref.size + own);
		// Prefill done: its full prompt blocks join the cache (or share the copy cached meanwhile).
		for (let j = h; j < keys.length; j++) {
			const r = ref.get(keys[j]);
			if (r === undefined) ref.set(keys[j], 1);
			else {
				if (r === 0) lru = lru.filter((k) => k !== keys[j]);
				ref.set(keys[j], r + 1);
			}
			own--;
		}
		const peak = output[i] > 0 ? p + output[i] - 1 : p;
		own = blocks(peak) - keys.length;
		evictUntil(() => ref.size + own);
		for (let j = keys.length - 1; j >= 0; j--) {
			const r = (ref.get(keys[j]) as number) - 1;
			ref.set(keys[j], r);
			if (r === 0) lru.push(keys[j]);
		}
	}
	return { hits, evictions, lru };
}
