/** Shared helpers for trace tests: fixture paths, reading files, parsing with assertions. */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTraceBytes, type ParseOptions } from '../../src/lib/trace/parse';
import type { ParseOutcome } from '../../src/lib/trace/types';

const here = dirname(fileURLToPath(import.meta.url));
/** Repository root. */
export const ROOT = resolve(here, '../..');
/** tests/fixtures. */
export const FIXTURES = resolve(ROOT, 'tests/fixtures');

/** Bytes of a file. */
export function bytesOf(path: string): Uint8Array {
	return new Uint8Array(readFileSync(path));
}

/** UTF-8 bytes of a string. */
export function utf8(s: string): Uint8Array {
	return new TextEncoder().encode(s);
}

/** Parses bytes or text with a default name. */
export function parse(input: Uint8Array | string, opts: Partial<ParseOptions> = {}): ParseOutcome {
	return parseTraceBytes(typeof input === 'string' ? utf8(input) : input, { name: 'test.csv', ...opts });
}
