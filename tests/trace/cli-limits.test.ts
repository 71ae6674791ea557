/**
 * The CLI's side of the trace limits and refusals: a gzip of repeated rows is refused while it
 * streams with a message naming the limit and its flag; the flags raise the limits; duplicate
 * header names and a mapping that reuses a column are refused; --rps-scale 1e-300 exits non-zero.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../../cli/args';
import { command as parseCommand } from '../../cli/commands/parse';
import { command as simulateCommand } from '../../cli/commands/simulate';
import { loadTraceFile, traceLimitsFromFlags } from '../../cli/load-trace';

const dir = mkdtempSync(join(tmpdir(), 'servescope-limits-'));
const bomb = join(dir, 'repeated.csv.gz');

beforeAll(() => {
	// 24 MiB of one valid BurstGPT row inflates from well under 1 MiB: past the 16 MiB floor of the ratio check.
	const row = '5,ChatGPT,472,18,490,Conversation log\n';
	const text = 'Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type\n' + row.repeat(Math.ceil((24 * 2 ** 20) / row.length));
	writeFileSync(bomb, gzipSync(text, { level: 6 }));
});

async function refusal(run: () => Promise<number>): Promise<CliError> {
	try {
		await run();
	} catch (e) {
		if (e instanceof CliError) return e;
		throw e;
	}
	throw new Error('expected a refusal');
}

describe('CLI trace limits', () => {
	it('refuses a gzip of repeated rows by its expansion, naming the limit and the flag', async () => {
		const o = await loadTraceFile(bomb);
		expect(o.ok).toBe(false);
		if (o.ok) return;
		expect(o.error.code).toBe('inflate-ratio');
		expect(o.error.message).toMatch(/limit of 100×/);
		expect(o.error.message).toMatch(/--max-inflate-ratio/);
	});

	it('a raised ratio lets it through to the request limit, which names --max-requests', async () => {
		const e = await refusal(() => parseCommand.run([bomb, '--max-inflate-ratio', '5000', '--max-requests', '1000']));
		expect(e.message).toMatch(/more than 1,000 requests/);
		expect(e.message).toMatch(/--max-requests/);
	});

	it('the text limit names --max-text-gb', async () => {
		const e = await refusal(() => parseCommand.run([bomb, '--max-inflate-ratio', '5000', '--max-text-gb', '0.01']));
		expect(e.message).toMatch(/--max-text-gb/);
	});

	it('defaults come from this machine, flags replace them, bad values are refused', () => {
		const d = traceLimitsFromFlags({});
		expect(d.maxRequests).toBeGreaterThan(1_000_000);
		expect(traceLimitsFromFlags({ 'max-requests': '42' }).maxRequests).toBe(42);
		expect(() => traceLimitsFromFlags({ 'max-inflate-ratio': '0' })).toThrow(/--max-inflate-ratio/);
	});

	it('refuses duplicate header names and a mapping that uses one column twice', async () => {
		const dup = join(dir, 'dup.csv');
		writeFileSync(dup, 'time,tokens,Tokens,out\n1,2,3,4\n');
		expect((await refusal(() => parseCommand.run([dup]))).message).toMatch(/names the same column more than once: "Tokens" \(columns 2 and 3\)/);
		const plain = join(dir, 'plain.csv');
		writeFileSync(plain, 'a,b,c\n1,2,3\n');
		expect((await refusal(() => parseCommand.run([plain, '--map', 'arrival=a,prompt=b,output=b']))).message).toMatch(/uses "b" for both prompt and output/);
	});

	it('simulate --rps-scale 1e-300 exits non-zero with a message', async () => {
		const e = await refusal(() => simulateCommand.run(['--synthetic', '--requests', '100', '--rps-scale', '1e-300']));
		expect(e.exitCode).toBe(2);
		expect(e.message).toMatch(/--rps-scale: an RPS scale of 1\.000e-300/);
	});
});
