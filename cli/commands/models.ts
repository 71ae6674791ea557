/** `cli models`: the catalog models as a table or --json. */
import { parseFlags, printJson, type Command } from '../args';
import { MODELS } from '../../src/lib/catalog/index';
import { modelCosts } from '../../src/lib/sim/perf/model-costs';

const help = `Usage: npm run --silent cli -- models [--json]

Lists the catalog models: id (for --model), layers, hidden size, heads/KV heads, head dim,
context, weight size and KV bytes per token. --json prints the full specs with their sources.`;

/** The models command. */
export const command: Command = {
	help,
	async run(argv) {
		const { values } = parseFlags(argv, { json: { type: 'boolean' } }, 'models');
		if (values.json) {
			printJson(MODELS);
			return 0;
		}
		const rows = MODELS.map((m) => {
			const c = modelCosts(m);
			return [m.id, m.name, String(m.layers), String(m.hiddenSize), `${m.heads}/${m.kvHeads}`, String(m.headDim), String(m.maxContext), `${(c.weightBytes / 2 ** 30).toFixed(2)} GiB`, c.kvBytesPerToken.toLocaleString('en-US')];
		});
		printTable(['id', 'name', 'layers', 'hidden', 'heads/kv', 'headDim', 'context', 'weights', 'KV B/token'], rows);
		return 0;
	}
};

/** Left-aligned text table on stdout. */
export function printTable(header: string[], rows: string[][]): void {
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
	const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
	console.log(line(header));
	console.log(line(widths.map((w) => '-'.repeat(w))));
	for (const r of rows) console.log(line(r));
}
