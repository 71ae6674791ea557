/**
 * The parse-time columns a prefix cache needs, kept beside the core columns only when a file has
 * them: a session key per row (BurstGPT v2.0 "Session ID", a mapped session column) and block ids per
 * row (Mooncake `hash_ids`). At the end of a parse they follow the rows' sort and become the Trace's
 * sessionKey / prefixBlocks; sessions without block ids derive them (trace/prefix-blocks.ts, under
 * the stated assumption that a turn extends the previous prompt + response).
 */
import type { ColumnBuilder } from './columns';
import { createBlockIdBuilder, finishBlockIds, MOONCAKE_BLOCK_TOKENS, pushBlockIds, sessionBlocks, type BlockIdBuilder } from './prefix-blocks';
import type { PrefixBlocks, PrefixSource, TraceFormat } from './types';

export interface PrefixColumns {
	/** Session key per row (0 = none), created at the first row that has a session column. */
	session: Uint32Array | null;
	sessionRows: number;
	hashIds: BlockIdBuilder | null;
	/** Rows whose hash_ids were not a list of 32-bit whole numbers (kept without identities). */
	badHashIds: number;
	badHashLine: number;
	/** Tokens per block id (Mooncake's 512, or a mapped prefix column's). */
	blockTokens: number;
}

export function createPrefixColumns(): PrefixColumns {
	return { session: null, sessionRows: 0, hashIds: null, badHashIds: 0, badHashLine: 0, blockTokens: MOONCAKE_BLOCK_TOKENS };
}

/** Row `row`'s session key (0 = the row names no session). */
export function pushSession(p: PrefixColumns, row: number, key: number): void {
	if (p.session === null) p.session = new Uint32Array(4096);
	if (row >= p.session.length) {
		const grown = new Uint32Array(Math.max(p.session.length * 2, row + 1));
		grown.set(p.session);
		p.session = grown;
	}
	p.session[row] = key;
	p.sessionRows = row + 1;
}

/** Row `row`'s Mooncake hash_ids (any JSON value: anything but a list of whole numbers is counted and dropped). */
export function pushHashIds(p: PrefixColumns, row: number, value: unknown, line: number): void {
	if (p.hashIds === null) p.hashIds = createBlockIdBuilder();
	if (Array.isArray(value) && pushBlockIds(p.hashIds, row, value)) return;
	if (p.badHashIds++ === 0) p.badHashLine = line;
}

/** A CSV cell of block ids ("[3, 8, 9]", "3 8 9", "3;8;9") as numbers; an empty cell is no ids, anything else unparsable is NaN. */
export function blockIdsFromText(text: string): number[] {
	const inner = text.trim().replace(/^\[|\]$/g, '').trim();
	if (inner === '') return [];
	return inner.split(/[\s,;]+/).map((x) => (/^\d+$/.test(x) ? Number(x) : NaN));
}

/** The Trace fields for `cols` (already trimmed, sorted by `order` when given) and their warnings. */
export function finishPrefixColumns(
	p: PrefixColumns,
	cols: ColumnBuilder,
	format: TraceFormat,
	order: Uint32Array | undefined
): { fields: { sessionKey?: Uint32Array; prefixBlocks?: PrefixBlocks; prefixSource?: PrefixSource }; warnings: string[] } {
	const n = cols.length;
	const warnings: string[] = [];
	const fields: { sessionKey?: Uint32Array; prefixBlocks?: PrefixBlocks; prefixSource?: PrefixSource } = {};
	if (p.badHashIds > 0) {
		warnings.push(`${p.badHashIds.toLocaleString('en-US')} row(s) have block ids ("hash_ids", or the mapped prefix column) that are not a list of whole numbers (first at line ${p.badHashLine}); they are kept without block identities, so a prefix cache never hits them.`);
	}
	if (p.hashIds !== null) {
		fields.prefixBlocks = finishBlockIds(p.hashIds, n, p.blockTokens, order);
		fields.prefixSource = 'hash-ids';
	}
	if (p.session !== null) {
		let key = new Uint32Array(n);
		key.set(p.session.subarray(0, Math.min(n, p.sessionRows)));
		if (order) {
			const sorted = new Uint32Array(n);
			for (let k = 0; k < n; k++) sorted[k] = key[order[k]];
			key = sorted;
		}
		fields.sessionKey = key;
		if (!fields.prefixBlocks) {
			const derived = sessionBlocks(key, cols.promptTokens, cols.outputTokens);
			if (derived.turns > 0) {
				fields.prefixBlocks = derived.blocks;
				fields.prefixSource = 'sessions';
				warnings.push(
					`Prompt sharing is derived from sessions (${derived.turns.toLocaleString('en-US')} requests with a session id${format === 'burstgpt-v2' ? ', BurstGPT v2.0 conversation logs' : ''}), ASSUMING each turn's prompt extends the previous turn's prompt plus its response` +
						(derived.restarts > 0 ? `; ${derived.restarts.toLocaleString('en-US')} turn(s) were shorter than that and start a new conversation stream.` : '.')
				);
			}
		}
	}
	return { fields, warnings };
}
