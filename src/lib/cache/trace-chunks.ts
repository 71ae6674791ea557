/**
 * A trace's columns stored as chunks of at most CHUNK_BYTES, each written in a transaction of its own.
 * One put of a whole 5.3M-row trace (about 100 MB) kept IndexedDB busy for seconds: the study's
 * result-cache read waited behind it (1.3 s measured in Chromium), and its structured clone froze the
 * thread that made it. Chunks let other transactions run between them, and each clone is short.
 *
 * The columns record (store traceColumns) then holds no bytes, only where they are: the save's
 * `savedAt`, which keys its chunks [hash, savedAt, stream, part], and each stream's byte length. A new
 * save of the same hash writes a new group and retires the old one in the transaction that points the
 * record at it, so a listing row never exists without all its chunks. Records from before chunking
 * (columns inline, db v1 to v3) are still read as they are.
 */
import type { TraceColumnsRecord } from './types';
import { isObject } from './record-shape';

/** The largest chunk, bytes: a clone of this takes a few milliseconds, a commit of it tens. */
export const CHUNK_BYTES = 4 * 2 ** 20;

/** The byte streams of a columns record, by name (a Trace's columns and its sharing columns). */
export const STREAMS = ['arrivalS', 'promptTokens', 'outputTokens', 'modelCode', 'logTypeCode', 'sessionKey', 'prefixOffsets', 'prefixIds'] as const;
export type StreamName = (typeof STREAMS)[number];

/** One stored chunk of one stream. */
export interface TraceChunkRecord {
	hash: string;
	/** The save this chunk belongs to (its ChunkedColumnsRecord.savedAt). */
	savedAt: number;
	stream: StreamName;
	part: number;
	bytes: ArrayBuffer;
}

/** The key of a chunk record: [hash, savedAt, stream, part]. */
export type ChunkKey = [string, number, string, number];

/** The columns record of a chunked save: no bytes, only where they are and how long each stream is. */
export interface ChunkedColumnsRecord {
	hash: string;
	layout: 'chunked';
	savedAt: number;
	/** Byte length of each stream present (absent streams: the trace has no such column). */
	lengths: Partial<Record<StreamName, number>>;
	modelNames: string[];
	logTypeNames: string[];
	/** prefixBlocks.blockTokens when the trace has block identities. */
	blockTokens?: number;
	prefixSource?: TraceColumnsRecord['prefixSource'];
}

/** What a columns record in IndexedDB may be: inline (before chunking) or chunked. */
export type StoredColumnsRecord = TraceColumnsRecord | ChunkedColumnsRecord;

/** The streams of an inline columns record, as ArrayBuffers by name. */
export function streamsOf(rec: TraceColumnsRecord): Partial<Record<StreamName, ArrayBuffer>> {
	const out: Partial<Record<StreamName, ArrayBuffer>> = { ...rec.columns };
	if (rec.sessionKey) out.sessionKey = rec.sessionKey;
	if (rec.prefixBlocks) {
		out.prefixOffsets = rec.prefixBlocks.offsets;
		out.prefixIds = rec.prefixBlocks.ids;
	}
	return out;
}

/** The number of chunks a stream of `bytes` bytes takes (an empty stream takes one empty chunk). */
export function partsOf(bytes: number): number {
	return Math.max(1, Math.ceil(bytes / CHUNK_BYTES));
}

/** The chunked record for an inline one (same names and sharing fields), saved at `savedAt`. */
export function chunkedRecordOf(rec: TraceColumnsRecord, savedAt: number): ChunkedColumnsRecord {
	const lengths: Partial<Record<StreamName, number>> = {};
	for (const [name, buf] of Object.entries(streamsOf(rec))) lengths[name as StreamName] = buf.byteLength;
	const out: ChunkedColumnsRecord = { hash: rec.hash, layout: 'chunked', savedAt, lengths, modelNames: rec.modelNames, logTypeNames: rec.logTypeNames };
	if (rec.prefixBlocks) out.blockTokens = rec.prefixBlocks.blockTokens;
	if (rec.prefixSource) out.prefixSource = rec.prefixSource;
	return out;
}

/**
 * The chunks of an inline record, one at a time (each a copy of its slice: the caller's buffers stay
 * whole, and only one chunk's copy is alive while it is written).
 */
export function* chunksOf(rec: TraceColumnsRecord, savedAt: number): Generator<TraceChunkRecord> {
	for (const [name, buf] of Object.entries(streamsOf(rec))) {
		const parts = partsOf(buf.byteLength);
		for (let part = 0; part < parts; part++) {
			yield { hash: rec.hash, savedAt, stream: name as StreamName, part, bytes: buf.slice(part * CHUNK_BYTES, (part + 1) * CHUNK_BYTES) };
		}
	}
}

/** How many chunks a chunked record names. */
export function chunkCount(rec: ChunkedColumnsRecord): number {
	let n = 0;
	for (const len of Object.values(rec.lengths)) n += partsOf(len ?? 0);
	return n;
}

/** The key range of every chunk of one save ([hash, savedAt, ...]). */
export function saveRange(hash: string, savedAt: number): IDBKeyRange {
	return IDBKeyRange.bound([hash, savedAt], [hash, savedAt, []]);
}

/** The key range of every chunk of every save of one hash. */
export function hashRange(hash: string): IDBKeyRange {
	return IDBKeyRange.bound([hash], [hash, []]);
}

/** True for a record in the chunked layout (anything else is read as the inline layout). */
export function isChunked(x: unknown): x is ChunkedColumnsRecord {
	return isObject(x) && x.layout === 'chunked';
}

/**
 * The inline record a chunked one and its chunks stand for (streams joined back), or what is wrong.
 * The joined record then goes through the same checks as an inline one (trace-record.ts).
 */
export function joinChunks(rec: ChunkedColumnsRecord, chunks: readonly unknown[]): { record: TraceColumnsRecord } | { problem: string } {
	if (!isObject(rec.lengths) || typeof rec.savedAt !== 'number') return { problem: 'chunk layout missing' };
	const byStream = new Map<string, ArrayBuffer[]>();
	for (const c of chunks) {
		if (!isObject(c) || c.savedAt !== rec.savedAt || typeof c.stream !== 'string' || !(c.bytes instanceof ArrayBuffer) || typeof c.part !== 'number') continue;
		const parts = byStream.get(c.stream) ?? [];
		parts[c.part] = c.bytes;
		byStream.set(c.stream, parts);
	}
	const joined: Partial<Record<StreamName, ArrayBuffer>> = {};
	for (const [name, len] of Object.entries(rec.lengths)) {
		if (typeof len !== 'number' || !Number.isInteger(len) || len < 0) return { problem: `stream ${name} has no length` };
		const parts = byStream.get(name) ?? [];
		const want = partsOf(len);
		const out = new Uint8Array(len);
		for (let p = 0; p < want; p++) {
			const bytes = parts[p];
			const expected = Math.min(CHUNK_BYTES, len - p * CHUNK_BYTES);
			if (!bytes) return { problem: `chunk ${p + 1} of ${want} of ${name} missing` };
			if (bytes.byteLength !== Math.max(0, expected)) return { problem: `chunk ${p + 1} of ${name} holds ${bytes.byteLength} bytes, expected ${expected}` };
			out.set(new Uint8Array(bytes), p * CHUNK_BYTES);
		}
		joined[name as StreamName] = out.buffer;
	}
	const record: TraceColumnsRecord = {
		hash: rec.hash,
		// Missing column streams surface as "column … is not bytes" in recordsToTrace.
		columns: {
			arrivalS: joined.arrivalS as ArrayBuffer,
			promptTokens: joined.promptTokens as ArrayBuffer,
			outputTokens: joined.outputTokens as ArrayBuffer,
			modelCode: joined.modelCode as ArrayBuffer,
			logTypeCode: joined.logTypeCode as ArrayBuffer
		},
		modelNames: rec.modelNames,
		logTypeNames: rec.logTypeNames
	};
	if (joined.sessionKey) record.sessionKey = joined.sessionKey;
	if (joined.prefixOffsets || joined.prefixIds || rec.blockTokens !== undefined) {
		record.prefixBlocks = { blockTokens: rec.blockTokens as number, offsets: joined.prefixOffsets as ArrayBuffer, ids: joined.prefixIds as ArrayBuffer };
	}
	if (rec.prefixSource !== undefined) record.prefixSource = rec.prefixSource;
	return { record };
}
