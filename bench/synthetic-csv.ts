/**
 * The synthetic BurstGPT v1 CSVs the benchmarks read from disk (parse, table, page): written once into
 * bench/out/ (git-ignored) by the same generator as `cli synth`, then reused, so a benchmark parses a
 * real file and never times the writing.
 */
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { writeLines } from '../cli/commands/synth';
import { burstGptCsvLines, synthesizeBurstGpt } from '../src/lib/trace/synth';

const OUT = fileURLToPath(new URL('./out/', import.meta.url));

/** Path of the synthetic CSV of `rows` rows (seed 1) in bench/out/, without writing it. */
export function syntheticCsvPath(rows: number): string {
	return `${OUT}burstgpt-synth-${rows}.csv`;
}

/** The synthetic CSV of `rows` rows, written first if missing (untimed, and said so). Returns its path. */
export async function ensureSyntheticCsv(rows: number): Promise<string> {
	const file = syntheticCsvPath(rows);
	if (existsSync(file)) return file;
	mkdirSync(OUT, { recursive: true });
	const t0 = performance.now();
	const out = createWriteStream(file);
	const done = new Promise<void>((resolve, reject) => {
		out.on('finish', resolve);
		out.on('error', reject);
	});
	await writeLines(burstGptCsvLines(synthesizeBurstGpt(rows, 1)), out);
	out.end();
	await done;
	console.log(`wrote ${file} in ${((performance.now() - t0) / 1000).toFixed(1)} s (not timed)`);
	return file;
}
