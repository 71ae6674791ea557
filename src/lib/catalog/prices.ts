/**
 * Default $/GPU-hour per catalog GPU (prices.json): on-demand list prices from public cloud price
 * pages, each with its source and date. null where no public price was found: the planner asks for
 * one, and `--price GPU=USD` or the page overrides any default.
 */
import pricesJson from './prices.json' with { type: 'json' };
import type { FigureSource } from './interconnect';

export interface GpuPrice {
	gpuId: string;
	/** USD per GPU-hour, on demand; null = no public price (reason says why). */
	usdPerGpuHour: number | null;
	provider: string | null;
	/** What was priced (instance or tier), so a person can check it. */
	offering: string | null;
	source: FigureSource | null;
	/** Set when usdPerGpuHour is null. */
	reason?: string;
}

export const GPU_PRICES: readonly GpuPrice[] = pricesJson as GpuPrice[];

/** The default price entry of a catalog GPU, or undefined for a GPU the catalog does not list. */
export function findGpuPrice(gpuId: string): GpuPrice | undefined {
	return GPU_PRICES.find((p) => p.gpuId === gpuId);
}

/**
 * Parses one `--price GPU=USD` override against the known GPU ids: the price, or a message saying
 * what is wrong and what a valid one looks like.
 */
export function parsePriceOverride(
	text: string,
	knownGpuIds: readonly string[]
): { ok: true; gpuId: string; usdPerGpuHour: number } | { ok: false; message: string } {
	const m = /^\s*([^=\s]+)\s*=\s*([^\s]+)\s*$/.exec(text);
	if (!m) return { ok: false, message: `--price "${text}" is not GPU=USD (for example --price h100-sxm=2.99).` };
	const [, gpuId, usd] = m;
	if (!knownGpuIds.includes(gpuId)) return { ok: false, message: `--price names an unknown GPU "${gpuId}"; known: ${knownGpuIds.join(', ')}.` };
	const v = Number(usd);
	if (!Number.isFinite(v) || v <= 0) return { ok: false, message: `--price ${gpuId}=${usd}: the price must be a positive number of US dollars per GPU-hour.` };
	return { ok: true, gpuId, usdPerGpuHour: v };
}
