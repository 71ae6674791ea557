/**
 * `--price GPU=USD` (repeatable), shared by `plan` and `simulate`: $/GPU-hour over the catalog's defaults
 * (src/lib/catalog/prices.json). Each override is checked by parsePriceOverride, so a typo names the
 * known GPUs and a bad number says what a price looks like.
 */
import { GPUS } from '../src/lib/catalog/index';
import { parsePriceOverride } from '../src/lib/catalog/prices';
import { CliError } from './args';

/** parseArgs option for --price (repeatable). */
export const PRICE_OPTIONS = { price: { type: 'string', multiple: true } } as const;

export const PRICE_HELP = `  --price GPU=USD       $/GPU-hour for a GPU, over the catalog default (repeat per GPU, e.g.
                        --price h100-sxm=2.49 --price mi300x=3.1; "cli gpus" lists the ids)`;

/** The overrides the flags give, by GPU id (a GPU named twice is an error: which one was meant?). */
export function pricesFromFlags(values: { price?: string[] | string | boolean }): Record<string, number> {
	const raw = values.price;
	const list = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw : [];
	const ids = GPUS.map((g) => g.id);
	const out: Record<string, number> = {};
	for (const text of list) {
		// One flag may also carry a comma-separated list: --price h100-sxm=2.5,a10g=1.0
		for (const part of text.split(',')) {
			const p = parsePriceOverride(part, ids);
			if (!p.ok) throw new CliError(p.message, 2);
			if (out[p.gpuId] !== undefined && out[p.gpuId] !== p.usdPerGpuHour) throw new CliError(`--price gives ${p.gpuId} twice (${out[p.gpuId]} and ${p.usdPerGpuHour}); give it once.`, 2);
			out[p.gpuId] = p.usdPerGpuHour;
		}
	}
	return out;
}

/**
 * simulate's $/GPU-hour: --cost-per-gpu-hour, or the --price entry for the simulated GPU (others are
 * ignored, so a plan's --price list can be pasted as is). Both for the same GPU is an error.
 */
export function priceForGpu(values: { price?: string[] | string | boolean }, gpuId: string, costPerGpuHour: number | undefined): number | undefined {
	const listed = pricesFromFlags(values)[gpuId];
	if (listed !== undefined && costPerGpuHour !== undefined) throw new CliError(`--cost-per-gpu-hour and --price ${gpuId}=... both set the price of ${gpuId}; give one.`, 2);
	return costPerGpuHour ?? listed;
}
