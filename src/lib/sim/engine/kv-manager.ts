/**
 * The KV cache of every replica, in blocks: one manager per run, shared by both batching regimes.
 * Continuous batching pages KV in blocks of `blockSize` tokens (vLLM) and grows a sequence block by
 * block (kv-blocks.ts has the stretch arithmetic); request-level batching reserves a whole batch's
 * prompt + output up front at token granularity (blockSize 1). `used[r]` is replica r's blocks in use,
 * which a KV-aware router or a prefix cache reads and extends.
 */
import { DROP_REASONS } from '../records';
import { blocksFor } from './kv-blocks';
import type { RequestTable } from './request-table';

export interface KvBlockManager {
	blockSize: number;
	/** Blocks one replica holds: floor(KV capacity in tokens / blockSize). */
	totalBlocks: number;
	/** Blocks in use per replica. */
	used: Int32Array;
}

export function createKvBlockManager(capacityTokens: number, blockSize: number, replicas: number): KvBlockManager {
	const bs = Math.max(1, Math.floor(blockSize));
	return { blockSize: bs, totalBlocks: Math.floor(capacityTokens / bs), used: new Int32Array(replicas) };
}

/** Code stored in dropCode for a request whose KV can never fit one replica. */
export const DROP_EXCEEDS_KV = 1 + DROP_REASONS.indexOf('exceeds-kv-capacity');

/**
 * Drops (in table.dropCode) the served requests whose peak KV, in blocks, exceeds one replica's blocks.
 * peakTokens(i) is request i's largest KV footprint under the regime's rules. Returns how many.
 */
export function dropOverCapacity(table: RequestTable, kv: KvBlockManager, peakTokens: (i: number) => number): number {
	let dropped = 0;
	for (let i = 0; i < table.n; i++) {
		if (table.dropCode[i] !== 0) continue;
		if (blocksFor(peakTokens(i), kv.blockSize) > kv.totalBlocks) {
			// The table's codes start as the context's array: copy before the first change.
			if (dropped === 0) table.dropCode = table.dropCode.slice();
			table.dropCode[i] = DROP_EXCEEDS_KV;
			dropped++;
		}
	}
	return dropped;
}
