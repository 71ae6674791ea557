/**
 * The page's column mapping for a plain CSV: first guesses, readiness, the cache key of a mapped
 * parse, and the load path (TraceState + app loadFile) with a fake parse worker over the real parser.
 */
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { parseTraceBytes } from '../../src/lib/trace/parse';
import { summarizeTrace } from '../../src/lib/trace/summary';
import type { ColumnMapping } from '../../src/lib/trace/formats';
import { choiceProblem, guessArrivalUnit, guessMapping, mappedTraceKey, toColumnMapping, type MappingChoice } from '../../src/lib/state/column-mapping';
import { freshCache } from '../cache/fixtures';

// The parse worker, replaced by the same library call on this thread (Node has no module workers).
vi.mock('../../src/lib/state/trace-worker', async () => {
	const { sha256Hex } = await import('../../src/lib/cache/key');
	const { putTrace } = await import('../../src/lib/cache/traces');
	return {
		spawnParseWorker: () => ({
			worker: { terminate() {}, addEventListener() {} },
			api: {
				async parse(file: File, onProgress?: (b: number) => void, mapping?: ColumnMapping) {
					const bytes = new Uint8Array(await file.arrayBuffer());
					onProgress?.(bytes.length);
					const o = parseTraceBytes(bytes, { name: file.name, mapping });
					return o.ok ? { ...o, summary: summarizeTrace(o.trace, o.report) } : o;
				}
			}
		}),
		summarizeOffThread: async (t: Parameters<typeof summarizeTrace>[0], r: Parameters<typeof summarizeTrace>[1]) => summarizeTrace(t, r),
		hashFileOffThread: async (f: File) => sha256Hex(await f.arrayBuffer()),
		// The worker's save, made here from the page's columns (what the parse worker writes from its copy).
		saveFromWorker: async (w: import('../../src/lib/state/trace-worker').WorkerSave) => putTrace(w.hash, w.meta, w.trace, w.report, w.createdAt)
	};
});

const { traceState } = await import('../../src/lib/state/trace.svelte');
const { loadFile, traceHash } = await import('../../src/lib/state/app.svelte');

const PLAIN = 'time_s,input,output,user\n0,10,5,a\n1.5,20,0,b\n3,30,7,c\n';
const BURST = 'Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type\n0,ChatGPT,10,5,15,API log\n2,GPT-4,20,6,26,API log\n';
const file = (text: string, name = 'plain.csv') => new File([text], name, { type: 'text/csv' });
const choice = (c: Partial<MappingChoice>): MappingChoice => ({ arrival: 'a', prompt: 'b', output: 'c', arrivalUnit: 's', model: '', ...c });

describe('guessMapping', () => {
	it.each<[string, string[], Partial<MappingChoice>]>([
		['time/input/output', ['time_s', 'input', 'output', 'user'], { arrival: 'time_s', prompt: 'input', output: 'output', arrivalUnit: 's', model: '' }],
		['ms suffix', ['time_ms', 'in_tokens', 'out_tokens'], { arrival: 'time_ms', prompt: 'in_tokens', output: 'out_tokens', arrivalUnit: 'ms' }],
		['request id is not a token count', ['request_id', 'timestamp', 'prompt_len', 'completion_len', 'model'], { arrival: 'timestamp', prompt: 'prompt_len', output: 'completion_len', model: 'model' }],
		['date column', ['date', 'ctx', 'gen'], { arrival: 'date', prompt: '', output: '', arrivalUnit: 'datetime' }],
		['nothing fits', ['a', 'b', 'c'], { arrival: '', prompt: '', output: '', model: '' }]
	])('%s', (_, columns, expected) => {
		expect(guessMapping(columns)).toMatchObject(expected);
	});

	it('never gives one column two roles', () => {
		const g = guessMapping(['input_output_time']);
		const roles = [g.arrival, g.prompt, g.output, g.model].filter((x) => x !== '');
		expect(new Set(roles).size).toBe(roles.length);
	});

	it.each([
		['t_ms', 'ms'],
		['millis', 'ms'],
		['timestamp', 's'],
		['datetime', 'datetime'],
		['items', 's']
	])('guessArrivalUnit(%s) = %s', (name, unit) => expect(guessArrivalUnit(name)).toBe(unit));
});

describe('choiceProblem and toColumnMapping', () => {
	it.each<[string, Partial<MappingChoice>, RegExp | '']>([
		['ready', {}, ''],
		['nothing chosen', { arrival: '', prompt: '', output: '' }, /arrival time, the prompt tokens, the output tokens/],
		['output missing', { output: '' }, /the output tokens\.$/],
		['same column twice', { output: 'b' }, /three different columns/]
	])('%s', (_, c, expected) => {
		const p = choiceProblem(choice(c));
		if (expected === '') expect(p).toBe('');
		else expect(p).toMatch(expected);
	});

	it('model only when chosen; the unit always', () => {
		expect(toColumnMapping(choice({}))).toEqual({ arrival: 'a', prompt: 'b', output: 'c', arrivalUnit: 's' });
		expect(toColumnMapping(choice({ model: 'm', arrivalUnit: 'ms' }))).toEqual({ arrival: 'a', prompt: 'b', output: 'c', arrivalUnit: 'ms', model: 'm' });
	});
});

describe('mappedTraceKey', () => {
	const m: ColumnMapping = { arrival: 'time_s', prompt: 'input', output: 'output', arrivalUnit: 's' };
	it('is the content hash without a mapping', async () => {
		expect(await mappedTraceKey('abc')).toBe('abc');
		expect(await mappedTraceKey('abc', null)).toBe('abc');
	});
	it('differs per mapping, is stable under key order and undefined fields', async () => {
		const k = await mappedTraceKey('abc', m);
		expect(k).toMatch(/^abc\|map:[0-9a-f]{32}$/);
		expect(await mappedTraceKey('abc', { arrivalUnit: 's', output: 'output', prompt: 'input', arrival: 'time_s', model: undefined })).toBe(k);
		expect(await mappedTraceKey('abc', { ...m, arrivalUnit: 'ms' })).not.toBe(k);
		expect(await mappedTraceKey('abc', { ...m, prompt: 'output', output: 'input' })).not.toBe(k);
		expect(await mappedTraceKey('abd', m)).not.toBe(k);
	});
});

describe('loading a plain CSV with a mapping', () => {
	beforeEach(() => {
		freshCache();
		traceState.loaded = null;
		traceState.error = null;
		traceState.unmapped = null;
	});

	it('keeps the unrecognised file and its columns; the previous trace stays until the mapped parse succeeds', async () => {
		expect(await loadFile(file(BURST, 'burst.csv'))).toBe(true);
		const before = traceState.loaded;
		expect(before?.trace.format).toBe('burstgpt-v1');
		expect(traceState.unmapped).toBeNull();

		const plain = file(PLAIN);
		expect(await loadFile(plain)).toBe(false);
		expect(traceState.error?.code).toBe('unknown-header');
		expect(traceState.unmapped).toMatchObject({ file: plain, columns: ['time_s', 'input', 'output', 'user'], tried: null });
		expect(traceState.loaded).toBe(before);

		// A mapping that still fails (a text column as tokens): its message, the file kept, the old trace still loaded.
		const bad: ColumnMapping = { arrival: 'time_s', prompt: 'user', output: 'output', arrivalUnit: 's' };
		expect(await loadFile(plain, bad)).toBe(false);
		expect(traceState.error?.message).toMatch(/user/);
		expect(traceState.unmapped?.file).toBe(plain);
		expect(traceState.unmapped?.tried).toEqual(bad);
		expect(traceState.loaded).toBe(before);

		const good: ColumnMapping = { arrival: 'time_s', prompt: 'input', output: 'output', arrivalUnit: 's' };
		expect(await loadFile(plain, good)).toBe(true);
		const t = traceState.loaded!;
		expect(t.trace.format).toBe('mapped-csv');
		expect(t.trace.arrivalS.length).toBe(3);
		expect(Array.from(t.trace.promptTokens)).toEqual([10, 20, 30]);
		expect(t.mapping).toEqual(good);
		expect(t.hash).toMatch(/\|map:/);
		expect(await traceHash({ ...t, hash: null })).toBe(t.hash);
		expect(traceState.error).toBeNull();
		expect(traceState.unmapped).toBeNull();
	});

	it('a recognised file never keeps a file for mapping; another bad file replaces or clears it', async () => {
		await loadFile(file(PLAIN));
		expect(traceState.unmapped).not.toBeNull();
		await loadFile(file('', 'empty.csv'));
		expect(traceState.error?.code).toBe('empty-file');
		expect(traceState.unmapped).toBeNull();
		await loadFile(file('Timestamp,Model,Request tokens,Log Type\n1,a,2,API log\n', 'half.csv'));
		expect(traceState.error?.code).toBe('missing-columns');
		expect(traceState.unmapped?.columns).toEqual(['Timestamp', 'Model', 'Request tokens', 'Log Type']);
		await loadFile(file(BURST, 'burst.csv'));
		expect(traceState.unmapped).toBeNull();
	});

	it('the cache tells mappings of the same bytes apart (and reuses the same one)', async () => {
		const plain = file(PLAIN);
		const asS: ColumnMapping = { arrival: 'time_s', prompt: 'input', output: 'output', arrivalUnit: 's' };
		const asMs: ColumnMapping = { ...asS, arrivalUnit: 'ms' };
		expect(await loadFile(plain, asS)).toBe(true);
		const keyS = traceState.loaded!.hash;
		expect(traceState.loaded!.trace.arrivalS[2]).toBe(3);
		expect(await loadFile(plain, asMs)).toBe(true);
		expect(traceState.loaded!.hash).not.toBe(keyS);
		expect(traceState.loaded!.trace.arrivalS[2]).toBeCloseTo(0.003, 9);
		expect(traceState.status).toBe('');
		// The same bytes, same mapping: reused from storage, not parsed again.
		expect(await loadFile(plain, asS)).toBe(true);
		expect(traceState.status).toMatch(/reused the stored parse .* with the same columns/);
		expect(traceState.loaded!.hash).toBe(keyS);
		expect(traceState.loaded!.trace.arrivalS[2]).toBe(3);
		// Unmapped, the same bytes are still an unknown header (not a stored mapped parse).
		expect(await loadFile(plain)).toBe(false);
		expect(traceState.error?.code).toBe('unknown-header');
	});
});
