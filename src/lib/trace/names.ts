/**
 * Small string tables: model and log-type names become Uint8 codes (1 byte per request instead of
 * a string per row). At most MAX_NAMES names; later distinct names fold into "other" so a file with
 * a free-text column cannot blow the table up or overflow the byte code.
 */
import { decodeRange } from './text';

/** Largest number of distinct names kept per column, "other" included (codes 0..254). */
export const MAX_NAMES = 255;

/** The name used for values beyond MAX_NAMES distinct ones. */
export const OTHER_NAME = 'other';

/** A table of names with code lookup from strings and (fast path) from raw bytes. */
export interface NameTable {
	names: string[];
	/** Names that did not fit and were counted as "other". */
	folded: number;
	codeOf(name: string): number;
	codeOfBytes(buf: Uint8Array, start: number, end: number): number;
}

/** Bytes -> code cache size: traces have a handful of models, so a short linear scan beats hashing. */
const BYTE_CACHE = 16;

/** Creates an empty name table. */
export function createNameTable(): NameTable {
	const names: string[] = [];
	const index = new Map<string, number>();
	const cacheBytes: Uint8Array[] = [];
	const cacheCode: number[] = [];
	const table: NameTable = {
		names,
		folded: 0,
		codeOf(raw: string): number {
			const name = raw.trim();
			const hit = index.get(name);
			if (hit !== undefined) return hit;
			if (names.length < MAX_NAMES - 1 || (names.length === MAX_NAMES - 1 && name === OTHER_NAME)) {
				names.push(name);
				index.set(name, names.length - 1);
				return names.length - 1;
			}
			table.folded++;
			let other = index.get(OTHER_NAME);
			if (other === undefined) {
				names.push(OTHER_NAME);
				other = names.length - 1;
				index.set(OTHER_NAME, other);
			}
			return other;
		},
		codeOfBytes(buf: Uint8Array, start: number, end: number): number {
			const len = end - start;
			for (let c = 0; c < cacheBytes.length; c++) {
				const cb = cacheBytes[c];
				if (cb.length !== len) continue;
				let same = true;
				for (let i = 0; i < len; i++) {
					if (cb[i] !== buf[start + i]) {
						same = false;
						break;
					}
				}
				if (same) return cacheCode[c];
			}
			const code = table.codeOf(decodeRange(buf, start, end));
			// Folded names are not cached: their counter must see every occurrence.
			if (cacheBytes.length < BYTE_CACHE && names[code] !== OTHER_NAME && len <= 256) {
				cacheBytes.push(buf.slice(start, end));
				cacheCode.push(code);
			}
			return code;
		}
	};
	return table;
}
