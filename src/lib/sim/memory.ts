/**
 * KV-cache capacity: what is left of GPU memory (× memUtil) after the weights, in tokens.
 * GPU memory sizes in the catalog are binary gigabytes (an "80 GB" H100 has 80 GiB), so 2^30.
 */
import type { UserError } from '../trace/types';
import { modelCosts } from './perf/model-costs';
import type { Efficiency, GpuSpec, ModelSpec } from './types';

/** The least KV room worth serving with: one 2,048-token request. Below this a model "does not fit". */
export const MIN_KV_RESERVE_TOKENS = 2048;

export const GIB = 2 ** 30;

export interface MemoryBudget {
	weightBytes: number;
	kvBytesPerToken: number;
	/** GPU memory × memUtil. */
	usableBytes: number;
	/** floor((usable − weights) / kvBytesPerToken). */
	kvCapacityTokens: number;
}

/** KV capacity of one GPU for a model, or an error naming the model, the GPU and both sizes. */
export function memoryBudget(
	model: ModelSpec,
	gpu: GpuSpec,
	eff: Efficiency
): { ok: true; budget: MemoryBudget } | { ok: false; error: UserError } {
	const c = modelCosts(model);
	const usableBytes = gpu.memoryGB * GIB * eff.memUtil;
	const kvCapacityTokens = Math.floor((usableBytes - c.weightBytes) / c.kvBytesPerToken);
	if (!(kvCapacityTokens >= MIN_KV_RESERVE_TOKENS)) {
		const gib = (b: number) => `${(b / GIB).toFixed(1)} GiB`;
		return {
			ok: false,
			error: {
				code: 'model-does-not-fit',
				field: 'model',
				message:
					`${model.name} does not fit on ${gpu.name}: its weights need ${gib(c.weightBytes)} plus at least ` +
					`${gib(MIN_KV_RESERVE_TOKENS * c.kvBytesPerToken)} of KV cache, and ${gib(usableBytes)} is usable ` +
					`(${gpu.memoryGB} GB × memUtil ${eff.memUtil}). Pick a larger GPU, a smaller model, or raise memUtil.`
			}
		};
	}
	return {
		ok: true,
		budget: { weightBytes: c.weightBytes, kvBytesPerToken: c.kvBytesPerToken, usableBytes, kvCapacityTokens }
	};
}
