/**
 * A trace's prompt-sharing columns in a stored record: session keys and block identities (Mooncake
 * hash_ids, or derived from sessions). Without them a trace restored from browser storage would lose
 * what its prefix cache hits and what session routing reads, and silently simulate with no sharing.
 * Read back with the same care as the other columns: a damaged record is skipped and reported.
 */
import type { PrefixBlocks, PrefixSource, Trace } from '../trace/types';
import { isObject } from './record-shape';

const SOURCES: readonly PrefixSource[] = ['hash-ids', 'sessions'];

/** What a columns record holds of a trace's sharing (all optional: records from before it have none). */
export interface TracePrefixColumns {
	/** Uint32 per request (0 = none). */
	sessionKey?: ArrayBuffer;
	prefixBlocks?: { blockTokens: number; offsets: ArrayBuffer; ids: ArrayBuffer };
	prefixSource?: PrefixSource;
}

/** A copy of a typed array's bytes (stored records never share a buffer with a live trace). */
function bytesCopy(a: Uint32Array): ArrayBuffer {
	return a.slice().buffer as ArrayBuffer;
}

/** The sharing columns of `trace`, empty when it has none. */
export function prefixColumnsOf(trace: Trace): TracePrefixColumns {
	const out: TracePrefixColumns = {};
	if (trace.sessionKey) out.sessionKey = bytesCopy(trace.sessionKey);
	if (trace.prefixBlocks) {
		const b = trace.prefixBlocks;
		out.prefixBlocks = { blockTokens: b.blockTokens, offsets: bytesCopy(b.offsets), ids: bytesCopy(b.ids) };
	}
	if (trace.prefixSource) out.prefixSource = trace.prefixSource;
	return out;
}

/** The Trace fields the record's sharing columns give, or what is wrong with them (n = the record's requests). */
export function prefixFieldsFrom(rec: Record<string, unknown>, n: number): { fields: Pick<Trace, 'sessionKey' | 'prefixBlocks' | 'prefixSource'> } | { problem: string } {
	const fields: Pick<Trace, 'sessionKey' | 'prefixBlocks' | 'prefixSource'> = {};
	if (rec.sessionKey !== undefined) {
		if (!(rec.sessionKey instanceof ArrayBuffer) || rec.sessionKey.byteLength !== n * 4) return { problem: `session keys are not ${n * 4} bytes for ${n} requests` };
		fields.sessionKey = new Uint32Array(rec.sessionKey);
	}
	if (rec.prefixBlocks !== undefined) {
		const b = rec.prefixBlocks;
		if (!isObject(b) || !(b.offsets instanceof ArrayBuffer) || !(b.ids instanceof ArrayBuffer)) return { problem: 'block identities are not bytes' };
		if (typeof b.blockTokens !== 'number' || !Number.isInteger(b.blockTokens) || b.blockTokens < 1) return { problem: 'block identities have no block size' };
		if (b.offsets.byteLength !== (n + 1) * 4 || b.ids.byteLength % 4 !== 0) return { problem: `block identity offsets are not ${(n + 1) * 4} bytes for ${n} requests` };
		const offsets = new Uint32Array(b.offsets);
		const ids = new Uint32Array(b.ids);
		if (offsets[0] !== 0 || offsets[n] !== ids.length) return { problem: 'block identity offsets do not span the ids' };
		for (let i = 0; i < n; i++) if (offsets[i + 1] < offsets[i]) return { problem: `block identity offsets decrease at request ${i + 1}` };
		const blocks: PrefixBlocks = { blockTokens: b.blockTokens, offsets, ids };
		fields.prefixBlocks = blocks;
	}
	if (rec.prefixSource !== undefined) {
		if (!SOURCES.includes(rec.prefixSource as PrefixSource)) return { problem: 'unknown block identity source' };
		if (fields.prefixBlocks === undefined) return { problem: 'a block identity source without block identities' };
		fields.prefixSource = rec.prefixSource as PrefixSource;
	}
	return { fields };
}
