/** `cli synth`: write the synthetic BurstGPT-like trace as a BurstGPT v1 CSV (stdout or --out FILE). */
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { CliError, numberFlag, parseFlags, type Command } from '../args';
import { burstGptCsvLines, synthesizeBurstGpt } from '../../src/lib/trace/synth';

const help = `Usage: npm run --silent cli -- synth --requests N [--seed S] [--out FILE]

Writes N synthetic BurstGPT-like requests (deterministic for a seed; default seed 1) as a BurstGPT v1
CSV: Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type. The data is SYNTHETIC,
matched to BurstGPT_1's published statistics. Default output: stdout.`;

/** Writes lines in ~1 MiB blocks, waiting for the stream to drain so memory stays flat. */
export async function writeLines(lines: Iterable<string>, out: Writable): Promise<void> {
	let block: string[] = [];
	let size = 0;
	const flush = async () => {
		if (block.length === 0) return;
		const ok = out.write(block.join('\n') + '\n');
		block = [];
		size = 0;
		if (!ok) await new Promise<void>((resolve) => out.once('drain', resolve));
	};
	for (const line of lines) {
		block.push(line);
		size += line.length + 1;
		if (size >= 1 << 20) await flush();
	}
	await flush();
}

/** The synth command. */
export const command: Command = {
	help,
	async run(argv) {
		const { values, positionals } = parseFlags(argv, { requests: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' } }, 'synth');
		if (positionals.length > 0) throw new CliError(`synth takes no positional arguments; got "${positionals.join(' ')}". See --help.`, 2);
		const requests = numberFlag(values.requests, 'requests', 1, 100_000_000);
		if (requests === undefined || !Number.isInteger(requests)) throw new CliError('synth needs --requests N (a whole number, at least 1).', 2);
		const seed = numberFlag(values.seed, 'seed') ?? 1;
		const trace = synthesizeBurstGpt(requests, seed);
		if (!values.out) {
			await writeLines(burstGptCsvLines(trace), process.stdout);
			return 0;
		}
		const file = createWriteStream(values.out);
		const done = new Promise<void>((resolve, reject) => {
			file.on('finish', resolve);
			file.on('error', reject);
		});
		try {
			await writeLines(burstGptCsvLines(trace), file);
			file.end();
			await done;
		} catch (e) {
			throw new CliError(`Cannot write "${values.out}": ${e instanceof Error ? e.message : String(e)}.`);
		}
		return 0;
	}
};
