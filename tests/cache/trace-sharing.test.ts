import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { getTrace, putTrace } from '../../src/lib/cache/traces';
import { recordsToTrace, traceToRecords } from '../../src/lib/cache/trace-record';
import { closeCache } from '../../src/lib/cache/db';
import { parseTraceBytes } from '../../src/lib/trace/parse';
import { synthesizeBurstGpt } from '../../src/lib/trace/synth';
import { withPromptSharing } from '../../src/lib/trace/synth-sharing';
import type { Trace } from '../../src/lib/trace/types';
import { freshCache, makeReport, makeTrace } from './fixtures';

beforeEach(() => {
	freshCache();
});

function mooncake(): { trace: Trace; report: ReturnType<typeof makeReport> } {
	const out = parseTraceBytes(new Uint8Array(readFileSync('tests/fixtures/real/mooncake/conversation_trace.head1000.jsonl')), { name: 'conversation_trace.head1000.jsonl' });
	if (!out.ok) throw new Error(out.error.message);
	return { trace: out.trace, report: out.report };
}

describe('a trace restored from browser storage keeps its prompt sharing', () => {
	it('keeps Mooncake block identities (hash_ids) through IndexedDB', async () => {
		const { trace, report } = mooncake();
		expect(trace.prefixBlocks).toBeDefined();
		expect(await putTrace('m1', { name: 'conversation_trace.head1000.jsonl', sizeBytes: 1, format: 'mooncake-jsonl' }, trace, report, 1)).toEqual({ stored: true });
		closeCache();
		const got = (await getTrace('m1')).value!.trace;
		expect(got.prefixSource).toBe('hash-ids');
		expect(got.prefixBlocks!.blockTokens).toBe(trace.prefixBlocks!.blockTokens);
		expect(Array.from(got.prefixBlocks!.offsets)).toEqual(Array.from(trace.prefixBlocks!.offsets));
		expect(Array.from(got.prefixBlocks!.ids)).toEqual(Array.from(trace.prefixBlocks!.ids));
	});

	it('keeps session keys and session-derived identities of synthetic conversations', () => {
		const trace = withPromptSharing(synthesizeBurstGpt(300, 4), { systemPromptTokens: 512, meanTurns: 3 }, 4);
		const { meta, columns } = traceToRecords('s1', { name: trace.name, sizeBytes: 0, format: 'synthetic' }, trace, makeReport(300), 1);
		const back = recordsToTrace(meta, structuredClone(columns));
		if (!('trace' in back)) throw new Error(back.problem);
		expect(back.trace.prefixSource).toBe('sessions');
		expect(Array.from(back.trace.sessionKey!)).toEqual(Array.from(trace.sessionKey!));
		expect(Array.from(back.trace.prefixBlocks!.ids)).toEqual(Array.from(trace.prefixBlocks!.ids));
		// Stored bytes are a copy: changing the live trace does not change the record.
		trace.sessionKey![0] += 1;
		expect(new Uint32Array(columns.sessionKey!)[0]).toBe(back.trace.sessionKey![0]);
	});

	it('restores a trace without sharing as before, and refuses damaged sharing columns with the reason', () => {
		const plain = makeTrace(20);
		const { meta, columns } = traceToRecords('p1', { name: 'x.csv', sizeBytes: 0, format: 'burstgpt-v1' }, plain, makeReport(20), 1);
		const back = recordsToTrace(meta, columns);
		if (!('trace' in back)) throw new Error(back.problem);
		expect(back.trace.sessionKey).toBeUndefined();
		expect(back.trace.prefixBlocks).toBeUndefined();
		expect(recordsToTrace(meta, { ...columns, sessionKey: new ArrayBuffer(8) })).toEqual({ problem: 'session keys are not 80 bytes for 20 requests' });
		const offsets = new Uint32Array(21);
		offsets[20] = 3;
		offsets[5] = 9;
		const ids = new Uint32Array(3).buffer;
		expect(recordsToTrace(meta, { ...columns, prefixBlocks: { blockTokens: 64, offsets: offsets.buffer, ids } })).toEqual({ problem: 'block identity offsets decrease at request 6' });
		expect(recordsToTrace(meta, { ...columns, prefixSource: 'sessions' })).toEqual({ problem: 'a block identity source without block identities' });
	});
});
