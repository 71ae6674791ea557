import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTraceBytes } from '../../src/lib/trace/parse';
import { fnv1a32, sessionBlocks } from '../../src/lib/trace/prefix-blocks';
import { shapeWorkload } from '../../src/lib/trace/workload';

const enc = new TextEncoder();
const MOONCAKE = 'tests/fixtures/real/mooncake/conversation_trace.head1000.jsonl';

describe('block identities from traces', () => {
	it('keeps Mooncake hash_ids per request in CSR layout', () => {
		const text = readFileSync(MOONCAKE, 'utf8');
		const out = parseTraceBytes(enc.encode(text), { name: 'mc.jsonl' });
		if (!out.ok) throw new Error(out.error.message);
		const b = out.trace.prefixBlocks;
		expect(b).toBeDefined();
		expect(out.trace.prefixSource).toBe('hash-ids');
		expect(b!.blockTokens).toBe(512);
		const lines = text.trim().split('\n').map((l) => JSON.parse(l) as { hash_ids: number[] });
		expect(b!.offsets.length).toBe(lines.length + 1);
		for (const i of [0, 1, 500, lines.length - 1]) {
			expect(Array.from(b!.ids.subarray(b!.offsets[i], b!.offsets[i + 1]))).toEqual(lines[i].hash_ids);
		}
	});

	it('follows the rows when a file is sorted and when a workload selects rows', () => {
		const text = [
			'{"timestamp": 10, "input_length": 600, "output_length": 5, "hash_ids": [7, 8]}',
			'{"timestamp": 0, "input_length": 100, "output_length": 5, "hash_ids": [9]}',
			'{"timestamp": 20, "input_length": 1100, "output_length": 5, "hash_ids": [7, 8, 3]}'
		].join('\n');
		const out = parseTraceBytes(enc.encode(text), { name: 'x.jsonl' });
		if (!out.ok) throw new Error(out.error.message);
		const b = out.trace.prefixBlocks!;
		expect(Array.from(b.offsets)).toEqual([0, 1, 3, 6]);
		expect(Array.from(b.ids)).toEqual([9, 7, 8, 7, 8, 3]);
		const w = shapeWorkload(out.trace, { size: 2, selection: { kind: 'window', startS: 0.005, endS: 1 }, keepFailed: true, timing: { kind: 'scale', rpsScale: 1 } });
		if (!w.ok) throw new Error(w.error.message);
		expect(Array.from(w.workload.prefixBlocks!.ids)).toEqual([7, 8, 7, 8, 3]);
	});

	it('keeps a row whose hash_ids are not whole numbers, without identities, and says so', () => {
		const text = ['{"timestamp": 0, "input_length": 600, "output_length": 5, "hash_ids": [1, 2]}', '{"timestamp": 1, "input_length": 600, "output_length": 5, "hash_ids": ["a"]}'].join('\n');
		const out = parseTraceBytes(enc.encode(text), { name: 'x.jsonl' });
		if (!out.ok) throw new Error(out.error.message);
		expect(out.trace.arrivalS.length).toBe(2);
		expect(Array.from(out.trace.prefixBlocks!.offsets)).toEqual([0, 2, 2]);
		expect(out.report.warnings.join(' ')).toMatch(/hash_ids.*line 2/);
	});

	it('reads BurstGPT v2.0 session ids into session keys and derived blocks, stating the assumption', () => {
		const text = readFileSync('tests/fixtures/trace/burstgpt-v2-head.csv', 'utf8');
		const out = parseTraceBytes(enc.encode(text), { name: 'v2.csv' });
		if (!out.ok) throw new Error(out.error.message);
		expect(Array.from(out.trace.sessionKey!)).toEqual([fnv1a32('101'), fnv1a32('101'), 0]);
		expect(out.trace.prefixSource).toBe('sessions');
		expect(out.report.warnings.join(' ')).toMatch(/ASSUMING each turn's prompt extends the previous turn's prompt plus its response/);
		const b = out.trace.prefixBlocks!;
		// Turn 1: 472 tokens = 7 full 64-token blocks + a partial one; turn 2 (1087 ≥ 472 + 18) shares the 7.
		const t1 = Array.from(b.ids.subarray(b.offsets[0], b.offsets[1]));
		const t2 = Array.from(b.ids.subarray(b.offsets[1], b.offsets[2]));
		expect(t1.length).toBe(8);
		expect(t2.slice(0, 7)).toEqual(t1.slice(0, 7));
		expect(t2[7]).not.toBe(t1[7]);
		const t3 = Array.from(b.ids.subarray(b.offsets[2], b.offsets[3]));
		for (const id of t3) expect([...t1, ...t2]).not.toContain(id);
	});

	it('reads a mapped session column', () => {
		const text = 'at,in,out,conv\n0,200,10,a\n1,300,10,a\n2,100,10,b\n';
		const out = parseTraceBytes(enc.encode(text), { name: 'm.csv', mapping: { arrival: 'at', prompt: 'in', output: 'out', session: 'conv' } });
		if (!out.ok) throw new Error(out.error.message);
		expect(Array.from(out.trace.sessionKey!)).toEqual([fnv1a32('a'), fnv1a32('a'), fnv1a32('b')]);
		expect(out.trace.prefixBlocks).toBeDefined();
	});

	it('reads a mapped prefix column of block ids, with its block size', () => {
		const text = 'at,in,out,blocks\n0,200,10,"[4, 5]"\n1,300,10,4 5 6\n2,100,10,\n3,100,10,x y\n';
		const out = parseTraceBytes(enc.encode(text), { name: 'p.csv', mapping: { arrival: 'at', prompt: 'in', output: 'out', prefix: 'blocks', prefixBlockTokens: 128 } });
		if (!out.ok) throw new Error(out.error.message);
		const b = out.trace.prefixBlocks!;
		expect(out.trace.prefixSource).toBe('hash-ids');
		expect(b.blockTokens).toBe(128);
		expect(Array.from(b.offsets)).toEqual([0, 2, 5, 5, 5]);
		expect(Array.from(b.ids)).toEqual([4, 5, 4, 5, 6]);
		expect(out.report.warnings.join(' ')).toMatch(/prefix column.*line 5/);
	});

	it('starts a new stream when a turn is shorter than the previous prompt plus response', () => {
		const s = sessionBlocks(new Uint32Array([5, 5, 5]), new Uint32Array([128, 140, 200]), new Uint32Array([64, 10, 10]), 64);
		expect(s.restarts).toBe(1); // 140 < 128 + 64
		const ids = s.blocks.ids;
		expect(ids[s.blocks.offsets[1]]).not.toBe(ids[0]);
		expect(ids[s.blocks.offsets[2]]).toBe(ids[s.blocks.offsets[1]]); // 200 ≥ 140 + 10 extends turn 2
	});

	it('hashes session ids with 32-bit FNV-1a, never 0', () => {
		expect(fnv1a32('')).toBe(0x811c9dc5);
		expect(fnv1a32('a')).toBe(0xe40c292c);
	});
});

import { synthesizeBurstGpt } from '../../src/lib/trace/synth';
import { withPromptSharing } from '../../src/lib/trace/synth-sharing';
import { unlimitedBound } from './reference';

describe('synthetic prompt sharing', () => {
	it('prefixes every prompt with the shared system prompt blocks', () => {
		const base = synthesizeBurstGpt(500, 3);
		const t = withPromptSharing(base, { systemPromptTokens: 1000, meanTurns: 0 }, 3);
		const b = t.prefixBlocks!;
		for (let i = 0; i < 500; i++) {
			expect(t.promptTokens[i]).toBe(base.promptTokens[i] + 1024);
			expect(Array.from(b.ids.subarray(b.offsets[i], b.offsets[i] + 16))).toEqual([...Array(16).keys()]);
		}
		const bound = unlimitedBound(b, t.promptTokens, 16, () => true);
		expect(bound.hitTokens / bound.promptTokens).toBeGreaterThan(0.5);
	});

	it('makes conversation turns extend the previous prompt plus response', () => {
		const base = synthesizeBurstGpt(3000, 5);
		const t = withPromptSharing(base, { systemPromptTokens: 0, meanTurns: 4 }, 5);
		const last = new Map<number, number>();
		let turns = 0;
		for (let i = 0; i < 3000; i++) {
			const k = t.sessionKey![i];
			if (k === 0) {
				expect(t.promptTokens[i]).toBe(base.promptTokens[i]);
				continue;
			}
			const prev = last.get(k);
			if (prev !== undefined) {
				turns++;
				expect(t.promptTokens[i]).toBe(t.promptTokens[prev] + t.outputTokens[prev] + base.promptTokens[i]);
			}
			last.set(k, i);
		}
		expect(turns).toBeGreaterThan(50);
		const on = unlimitedBound(t.prefixBlocks!, t.promptTokens, 16, () => true);
		expect(on.hitTokens).toBeGreaterThan(0);
	});
});
