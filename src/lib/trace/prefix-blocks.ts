/**
 * Block identities of prompts: which leading tokens of a request's prompt are the same content as
 * another request's. A prefix cache (sim/engine/prefix-cache.ts) reuses the KV of such tokens.
 *
 * Layout (CSR, plain typed arrays so it crosses workers and IndexedDB): request i's block ids are
 * ids[offsets[i] .. offsets[i + 1]), one per `blockTokens` tokens of its prompt, in order; the last
 * one may cover a partial block. Two requests whose first k ids are equal have the same first
 * k × blockTokens tokens (ids identify a block's content given everything before it, so the chain of
 * ids is the identity: sim code never compares an id out of its chain).
 *
 * Sources:
 *   - Mooncake JSONL `hash_ids` (blocks of 512 tokens, MOONCAKE_BLOCK_TOKENS), kept as given;
 *   - conversations (BurstGPT v2.0 "Session ID", a mapped session column, the synthetic multi-turn
 *     mode): ASSUMPTION — a turn's prompt extends the previous turn's prompt plus its response, so the
 *     turns of one session are prefixes of one growing token stream (sessionBlocks below).
 */
import type { PrefixBlocks } from './types';

/** Tokens per Mooncake hash id (the trace's README: one hash per 512-token block). */
export const MOONCAKE_BLOCK_TOKENS = 512;
/**
 * Tokens per derived block for conversations. Finer than Mooncake's 512 so a short chat turn still
 * shares most of its prompt; coarser than an engine block (16) to keep the ids to ~1 per 64 prompt
 * tokens in memory. A shared prefix is credited in whole blocks of this size.
 */
export const SESSION_BLOCK_TOKENS = 64;

/** 32-bit FNV-1a of a string's UTF-16 code units; 0 is reserved for "no session" and maps to 1. */
export function fnv1a32(s: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < s.length; i++) {
		h ^= s.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	h >>>= 0;
	return h === 0 ? 1 : h;
}

/** Growable CSR of block ids, filled row by row while a trace is parsed. */
export interface BlockIdBuilder {
	rows: number;
	offsets: Uint32Array;
	ids: Uint32Array;
	count: number;
}

export function createBlockIdBuilder(): BlockIdBuilder {
	return { rows: 0, offsets: new Uint32Array(4097), ids: new Uint32Array(16384), count: 0 };
}

/** Sets row `row`'s ids (rows skipped since the last call get none). Returns false if an id is not a 32-bit whole number. */
export function pushBlockIds(b: BlockIdBuilder, row: number, ids: readonly unknown[]): boolean {
	for (const v of ids) if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffffffff) return false;
	while (b.rows < row) closeRow(b);
	if (b.count + ids.length > b.ids.length) {
		const grown = new Uint32Array(Math.max(b.ids.length * 2, b.count + ids.length));
		grown.set(b.ids.subarray(0, b.count));
		b.ids = grown;
	}
	for (const v of ids) b.ids[b.count++] = v as number;
	closeRow(b);
	return true;
}

function closeRow(b: BlockIdBuilder): void {
	if (b.rows + 2 > b.offsets.length) {
		const grown = new Uint32Array(b.offsets.length * 2);
		grown.set(b.offsets);
		b.offsets = grown;
	}
	b.rows++;
	b.offsets[b.rows] = b.count;
}

/** The finished CSR for `n` rows, rows reordered by `order` (order[k] = old row of new row k) when given. */
export function finishBlockIds(b: BlockIdBuilder, n: number, blockTokens: number, order?: Uint32Array): PrefixBlocks {
	while (b.rows < n) closeRow(b);
	const offsets = b.offsets.slice(0, n + 1);
	const ids = b.ids.slice(0, b.count);
	const built = { blockTokens, offsets, ids };
	return order ? selectBlocks(built, order) : built;
}

/** The CSR of the chosen rows (rows[k] = trace row of workload request k). */
export function selectBlocks(src: PrefixBlocks, rows: ArrayLike<number>): PrefixBlocks {
	const n = rows.length;
	const offsets = new Uint32Array(n + 1);
	let total = 0;
	for (let k = 0; k < n; k++) {
		total += src.offsets[rows[k] + 1] - src.offsets[rows[k]];
		offsets[k + 1] = total;
	}
	const ids = new Uint32Array(total);
	for (let k = 0; k < n; k++) ids.set(src.ids.subarray(src.offsets[rows[k]], src.offsets[rows[k] + 1]), offsets[k]);
	return { blockTokens: src.blockTokens, offsets, ids };
}

/** What deriving blocks from sessions found: the blocks and how many turns broke the assumption. */
export interface SessionBlocks {
	blocks: PrefixBlocks;
	/** Requests with a session. */
	turns: number;
	/** Turns whose prompt is shorter than the previous turn's prompt + response (a new stream starts). */
	restarts: number;
}

/**
 * Block ids from conversations, for rows in arrival order. ASSUMPTION (stated wherever used): a turn's
 * prompt extends the previous turn's prompt plus its response, so every turn of a session reads a prefix
 * of one token stream; stream block j (tokens [j·B, (j+1)·B)) has one id for the whole session. A turn
 * whose prompt is shorter than that (a truncated or edited conversation) starts a new stream. The last,
 * partial block of a prompt gets an id of its own (its content is not a full stream block). Rows with
 * session key 0 get fresh ids (nothing to share). Ids are allocated densely from 0.
 */
export function sessionBlocks(sessionKey: Uint32Array, promptTokens: Uint32Array, outputTokens: Uint32Array, blockTokens = SESSION_BLOCK_TOKENS): SessionBlocks {
	const n = sessionKey.length;
	const offsets = new Uint32Array(n + 1);
	for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i] + Math.ceil(promptTokens[i] / blockTokens);
	const ids = new Uint32Array(offsets[n]);
	let next = 0;
	// Per session: the first id of its stream's blocks (allocated lazily), how many exist, and the length
	// the next turn's prompt must reach to extend it (previous prompt + response).
	const streams = new Map<number, { ids: number[]; extendsAt: number }>();
	let turns = 0;
	let restarts = 0;
	for (let i = 0; i < n; i++) {
		const p = promptTokens[i];
		const full = Math.floor(p / blockTokens);
		let at = offsets[i];
		const key = sessionKey[i];
		if (key === 0) {
			for (let j = 0; j < offsets[i + 1] - offsets[i]; j++) ids[at++] = next++;
			continue;
		}
		turns++;
		let s = streams.get(key);
		if (s && p < s.extendsAt) {
			restarts++;
			s = undefined;
		}
		if (!s) {
			s = { ids: [], extendsAt: 0 };
			streams.set(key, s);
		}
		while (s.ids.length < full) s.ids.push(next++);
		for (let j = 0; j < full; j++) ids[at++] = s.ids[j];
		if (full * blockTokens < p) ids[at++] = next++;
		s.extendsAt = p + outputTokens[i];
	}
	return { blocks: { blockTokens, offsets, ids }, turns, restarts };
}

/** Prompt tokens covered by request i's ids (they may cover less than its prompt, never more). */
export function identifiedTokens(b: PrefixBlocks, i: number, promptTokens: number): number {
	return Math.min(promptTokens, (b.offsets[i + 1] - b.offsets[i]) * b.blockTokens);
}
