/**
 * Issue 7's property test: random bytes and random mutations of valid files never throw out of the
 * parser and always finish (each case is bounded in size, so "finishes" is checked by finishing).
 */
import { resolve } from 'node:path';
import { gzipSync } from 'fflate';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTraceParser } from '../../src/lib/trace/parse';
import type { ParseOutcome } from '../../src/lib/trace/types';
import { bytesOf, FIXTURES, utf8 } from './helpers';

const SEEDS: Uint8Array[] = [
	bytesOf(resolve(FIXTURES, 'trace/burstgpt-v1-head.csv')),
	bytesOf(resolve(FIXTURES, 'trace/burstgpt-v2-head.csv')),
	bytesOf(resolve(FIXTURES, 'bad/22-quotes-embedded-commas.csv')),
	bytesOf(resolve(FIXTURES, 'bad/20-utf16le-bom.csv')),
	bytesOf(resolve(FIXTURES, 'bad/24-jsonl-line-not-json.jsonl')),
	utf8('TIMESTAMP,ContextTokens,GeneratedTokens\r\n2023-11-16 18:15:46.6805900,374,44\r\n2023-11-16 18:15:50.9951690,396,109')
];
SEEDS.push(gzipSync(SEEDS[0]));

/** Parses in the given chunking and checks the outcome is well-formed. */
function parseChecked(bytes: Uint8Array, cuts: number[]): ParseOutcome {
	const p = createTraceParser({ name: 'fuzz.csv' });
	let prev = 0;
	for (const c of [...cuts.map((c) => c % (bytes.length + 1)).sort((a, b) => a - b), bytes.length]) {
		p.push(bytes.subarray(prev, c));
		prev = Math.max(prev, c);
	}
	const o = p.finish();
	if (o.ok) {
		const { trace, report } = o;
		const n = trace.arrivalS.length;
		expect(report.rowsKept).toBe(n);
		expect(report.rowsKept + Object.values(report.skipped).reduce((a, b) => a + b, 0)).toBe(report.rowsRead);
		for (let i = 0; i < n; i++) {
			if (!Number.isFinite(trace.arrivalS[i]) || (i > 0 && trace.arrivalS[i] < trace.arrivalS[i - 1])) throw new Error(`bad arrival at ${i}`);
			if (trace.modelCode[i] >= trace.modelNames.length || trace.logTypeCode[i] >= trace.logTypeNames.length) throw new Error('bad name code');
		}
	} else {
		expect(typeof o.error.code).toBe('string');
		expect(o.error.message.length).toBeGreaterThan(10);
		expect(o.error.code).not.toBe('parse-failed'); // an internal failure would mean a bug
	}
	return o;
}

/** A mutation: overwrite, insert or delete a byte range, with bytes that matter to CSV/JSON. */
const mutation = fc.record({
	kind: fc.constantFrom('set', 'insert', 'delete'),
	at: fc.nat(),
	bytes: fc.array(fc.oneof(fc.constantFrom(0x22, 0x2c, 0x0a, 0x0d, 0x7b, 0x7d, 0x2d, 0x2e, 0x65, 0x30, 0x39, 0, 0xef, 0xbb, 0xbf, 0xff, 0x1f, 0x8b), fc.integer({ min: 0, max: 255 })), {
		minLength: 1,
		maxLength: 8
	})
});

function mutate(src: Uint8Array, muts: { kind: string; at: number; bytes: number[] }[]): Uint8Array {
	let b = Array.from(src);
	for (const m of muts) {
		const at = b.length === 0 ? 0 : m.at % (b.length + 1);
		if (m.kind === 'set') m.bytes.forEach((v, i) => at + i < b.length && (b[at + i] = v));
		else if (m.kind === 'insert') b = [...b.slice(0, at), ...m.bytes, ...b.slice(at)];
		else b = [...b.slice(0, at), ...b.slice(at + m.bytes.length)];
	}
	return Uint8Array.from(b);
}

describe('parser fuzz', () => {
	it('random byte strings never throw and always finish', () => {
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 2000 }), fc.array(fc.nat(), { maxLength: 4 }), (bytes, cuts) => {
				parseChecked(bytes, cuts);
			}),
			{ numRuns: 200 }
		);
	});

	it('random printable text never throws', () => {
		fc.assert(
			fc.property(fc.string({ unit: fc.constantFrom('1', '2', ',', '\n', '\r', '"', ' ', 'a', '-', '.', 'e', 'T', 'Timestamp,Request tokens,Response tokens\n'), maxLength: 400 }), (s) => {
				parseChecked(utf8(s), []);
			}),
			{ numRuns: 200 }
		);
	});

	it('random mutations of valid files never throw and always finish', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: SEEDS.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { maxLength: 3 }), (which, muts, cuts) => {
				parseChecked(mutate(SEEDS[which], muts), cuts);
			}),
			{ numRuns: 200 }
		);
	});
});
