/** `cli fit`: fit T(b, L) = alpha + beta·L·(1 + gamma·(b−1)/b) from a measured latency grid CSV. */
import { readFile } from 'node:fs/promises';
import { CliError, parseFlags, printJson, type Command } from '../args';
import { fitLatencyModel, parseLatencyGrid } from '../../src/lib/sim/fit';

const help = `Usage: npm run --silent cli -- fit FILE [--json]

Reads a latency grid CSV with the header batch_size,max_seq_len,mean_latency_sec (one row per
measured point; at least two batch sizes and two sequence lengths) and fits, by least squares,
  T(b, L) = alpha + beta·L·(1 + gamma·(b−1)/b)
Prints alpha (s), beta (s/token), gamma and R². The simulator then uses prefill = alpha and
decode step = beta·(1 + gamma·(b−1)/b). --json prints { alphaS, betaS, gamma, r2, rows }.`;

/** The fit command. */
export const command: Command = {
	help,
	async run(argv) {
		const { values, positionals } = parseFlags(argv, { json: { type: 'boolean' } }, 'fit');
		if (positionals.length !== 1) throw new CliError('fit needs exactly one FILE (a latency grid CSV). See --help.', 2);
		const path = positionals[0];
		let text: string;
		try {
			text = await readFile(path, 'utf8');
		} catch {
			throw new CliError(`Cannot open "${path}": no such file or not readable. Check the path.`);
		}
		const parsed = parseLatencyGrid(text);
		if (!parsed.ok) throw new CliError(`${path}: ${parsed.error.message}`);
		const r = fitLatencyModel(parsed.rows);
		if (!r.ok) throw new CliError(`${path}: ${r.error.message}`);
		if (values.json) printJson({ ...r.fit, rows: parsed.rows.length });
		else {
			console.log(`Fitted T(b, L) = alpha + beta·L·(1 + gamma·(b−1)/b) from ${parsed.rows.length} rows of ${path}:`);
			console.log(`  alpha = ${r.fit.alphaS.toPrecision(6)} s   (prefill)`);
			console.log(`  beta  = ${r.fit.betaS.toPrecision(6)} s per token`);
			console.log(`  gamma = ${r.fit.gamma.toPrecision(6)}`);
			console.log(`  R²    = ${r.fit.r2.toFixed(4)}`);
		}
		return 0;
	}
};
