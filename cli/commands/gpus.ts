/** `cli gpus`: the catalog GPUs as a table or --json. */
import { parseFlags, printJson, type Command } from '../args';
import { GPUS } from '../../src/lib/catalog/index';
import { printTable } from './models';

const help = `Usage: npm run --silent cli -- gpus [--json]

Lists the catalog GPUs: id (for --gpu), memory, bandwidth and dense BF16 TFLOP/s.
--json prints the full specs with their notes and sources (e.g. why "RTX 4080 12GB" is an RTX 4070 Ti).`;

/** The gpus command. */
export const command: Command = {
	help,
	async run(argv) {
		const { values } = parseFlags(argv, { json: { type: 'boolean' } }, 'gpus');
		if (values.json) {
			printJson(GPUS);
			return 0;
		}
		printTable(
			['id', 'name', 'memory GB', 'bandwidth GB/s', 'BF16 TFLOP/s'],
			GPUS.map((g) => [g.id, g.name, String(g.memoryGB), String(g.memoryBandwidthGBs), String(g.bf16DenseTflops)])
		);
		return 0;
	}
};
