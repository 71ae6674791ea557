/** cli/load-trace and the parse/synth commands' pure helpers. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { gzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { CliError } from '../../cli/args';
import { parseMapFlag } from '../../cli/commands/parse';
import { writeLines } from '../../cli/commands/synth';
import { loadTraceFile, loadTraceOrSynthetic } from '../../cli/load-trace';
import { REAL_SAMPLES } from '../helpers/real-data';
import { FIXTURES } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'servescope-trace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadTraceFile', () => {
	it('streams a real file from disk', async () => {
		const o = await loadTraceFile(REAL_SAMPLES.azureCode);
		expect(o.ok && o.report.rowsKept).toBe(2000);
		expect(o.ok && o.trace.name).toBe('AzureLLMInferenceTrace_code.head2000.csv');
	});

	it('reads a .gz file', async () => {
		const path = join(dir, 'head.csv.gz');
		writeFileSync(path, gzipSync(new Uint8Array(readFileSync(resolve(FIXTURES, 'trace/burstgpt-v1-head.csv')))));
		const o = await loadTraceFile(path);
		expect(o.ok && o.report.rowsKept).toBe(4);
	});

	it('a missing file or a directory is an error value', async () => {
		const a = await loadTraceFile(join(dir, 'nope.csv'));
		expect(!a.ok && a.error.code).toBe('file-not-found');
		const b = await loadTraceFile(dir);
		expect(!b.ok && b.error.code).toBe('not-a-file');
	});
});

describe('loadTraceOrSynthetic', () => {
	it('synthetic gives exactly the requested rows', async () => {
		const t = await loadTraceOrSynthetic({ synthetic: true, requests: 1234, seed: 3 });
		expect(t.arrivalS.length).toBe(1234);
		expect(t.synthetic).toBe(true);
	});
	it('no --trace means synthetic', async () => {
		expect((await loadTraceOrSynthetic({ requests: 10, seed: 1 })).synthetic).toBe(true);
	});
	it('a bad file throws a CliError with the parse message', async () => {
		await expect(loadTraceOrSynthetic({ trace: resolve(FIXTURES, 'bad/03-unknown-header.csv'), requests: 10, seed: 1 })).rejects.toThrow(CliError);
		await expect(loadTraceOrSynthetic({ trace: resolve(FIXTURES, 'bad/03-unknown-header.csv'), requests: 10, seed: 1 })).rejects.toThrow(/Unrecognised header/);
	});
});

describe('parseMapFlag', () => {
	it.each([
		['arrival=t,prompt=p,output=o', { arrival: 't', prompt: 'p', output: 'o' }],
		['arrival=t, prompt=in tokens ,output=o,unit=ms', { arrival: 't', prompt: 'in tokens', output: 'o', arrivalUnit: 'ms' }],
		['arrival=t,prompt=p,output=o,model=m', { arrival: 't', prompt: 'p', output: 'o', model: 'm' }]
	])('%s', (spec, expected) => {
		const m = parseMapFlag(spec);
		expect({ ...m }).toMatchObject(expected);
	});
	it.each(['arrival=t,prompt=p', 'arrival=t,prompt=p,output=o,unit=h', 'arrival=t,prompt=p,output=o,colour=red', 'arrival'])('%s is refused', (spec) => {
		expect(() => parseMapFlag(spec)).toThrow(CliError);
	});
});

describe('writeLines', () => {
	it('writes every line with a trailing newline', async () => {
		const out = new PassThrough();
		const parts: Buffer[] = [];
		out.on('data', (c: Buffer) => parts.push(c));
		const lines = Array.from({ length: 50_000 }, (_, i) => `line ${i}`);
		await writeLines(lines, out);
		out.end();
		const text = Buffer.concat(parts).toString('utf8');
		expect(text.split('\n')).toHaveLength(50_001);
		expect(text.endsWith('line 49999\n')).toBe(true);
	});
});
