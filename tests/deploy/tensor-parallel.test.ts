import { describe, expect, it } from 'vitest';
import { GIB, MIN_KV_RESERVE_TOKENS, memoryBudget } from '../../src/lib/sim/memory';
import type { ModelSpec } from '../../src/lib/sim/types';
import { checkTpFit, defaultTp, tpLayout, tpShapeError, usefulKvTokens, validTps } from '../../src/lib/sim/deploy/tensor-parallel';
import { EFF, gpu, model } from './fixtures';
import gpus from '../../src/lib/catalog/gpus.json' with { type: 'json' };
import models from '../../src/lib/catalog/models.json' with { type: 'json' };

const L70 = model('llama-3.1-70b');
const H100 = gpu('h100-sxm');

describe('tensor-parallel memory', () => {
	it('reduces to the single-GPU rule (sim/memory.ts) at TP 1, BF16, for every catalog model and GPU', () => {
		for (const m of models as ModelSpec[])
			for (const g of gpus) {
				const mine = tpLayout(m, g, EFF, 1, 'bf16', 'bf16');
				const theirs = memoryBudget(m, g, EFF);
				if (theirs.ok) {
					expect(mine.kvCapacityTokens).toBe(theirs.budget.kvCapacityTokens);
					expect(mine.weightBytesPerGpu).toBe(theirs.budget.weightBytes);
					expect(mine.kvBytesPerTokenPerGpu).toBe(theirs.budget.kvBytesPerToken);
				} else expect(mine.kvCapacityTokens).toBeLessThan(MIN_KV_RESERVE_TOKENS);
			}
	});

	// Hand-computed: weights 2·70,553,706,496 = 141,104,775,168 B (all of it split t ways, KV heads 8 ≥ t);
	// KV per GPU per token 2·80·(8/t)·128·2; usable 80·2^30·0.9 = 77,309,411,328 B.
	it.each([
		[1, 141104775168, 327680, -194688],
		[2, 70552387584, 163840, 41241],
		[4, 35276193792, 81920, 513100],
		[8, 17638096896, 40960, 1456819]
	])('Llama-3.1-70B on H100 at TP %i: per-GPU weights, KV bytes and the replica’s KV capacity', (tp, w, kv, cap) => {
		const l = tpLayout(L70, H100, EFF, tp, 'bf16', 'bf16');
		expect(l.weightBytesPerGpu).toBe(w);
		expect(l.kvBytesPerTokenPerGpu).toBe(kv);
		expect(l.kvCapacityTokens).toBe(cap);
		expect(l.kvReplication).toBe(1);
		expect(l.replicationNote).toBeNull();
	});

	it('quantized weights shrink only the transformer layers; embedding and LM head stay BF16', () => {
		// FP8: 70,553,706,496 − 2·128,256·8,192 = 68,452,352,000 layer params at 1 B + 2,101,354,496·2 B.
		expect(tpLayout(L70, H100, EFF, 1, 'fp8', 'bf16').weightBytesPerGpu).toBe(72653733888);
		expect(tpLayout(L70, H100, EFF, 1, 'int4', 'bf16').weightBytesPerGpu).toBe(38428213248);
		expect(tpLayout(L70, H100, EFF, 1, 'fp8', 'bf16').kvCapacityTokens).toBe(14208);
		// FP8 KV halves the bytes per token and so doubles the room left after the weights.
		expect(tpLayout(L70, H100, EFF, 2, 'fp8', 'fp8').kvBytesPerTokenPerGpu).toBe(81920);
		expect(tpLayout(L70, H100, EFF, 2, 'fp8', 'fp8').kvCapacityTokens).toBe(500275);
	});

	it('replicates KV heads when TP exceeds them, and says what it costs', () => {
		// A made-up 2-KV-head model: at TP 8 each head is held by 4 GPUs.
		const m: ModelSpec = { ...L70, id: 'tiny', name: 'Tiny', layers: 4, hiddenSize: 1024, heads: 16, kvHeads: 2, headDim: 64, intermediateSize: 4096, vocabSize: 32000, tiedEmbeddings: true, maxContext: 8192 };
		const g = gpu('l4');
		const t2 = tpLayout(m, g, EFF, 2, 'bf16', 'bf16');
		const t8 = tpLayout(m, g, EFF, 8, 'bf16', 'bf16');
		expect(t2.kvReplication).toBe(1);
		expect(t8.kvReplication).toBe(4);
		expect(t8.kvHeadsPerGpu).toBe(1);
		// One head per GPU at TP 2, 4 and 8: per-GPU KV bytes stop shrinking past TP 2.
		expect(t8.kvBytesPerTokenPerGpu).toBe(t2.kvBytesPerTokenPerGpu);
		expect(t8.kvBytesPerTokenPerReplica).toBe(4 * 2 * 4 * 2 * 64 * 2);
		expect(t8.kvReplicationExtraBytesPerToken).toBe(3 * 2 * 4 * 2 * 64 * 2);
		expect(t8.replicationNote).toMatch(/stored on 4 GPUs.*4× the memory/);
		// Weights: split layers /8, K/V projections one head each, tied vocabulary /8.
		expect(t8.weightBytesPerGpu).toBe(2 * ((4 * (2 * 1024 * 16 * 64 + 3 * 1024 * 4096)) / 8 + 4 * 2 * 1024 * 64 * 1) + (2 * 32000 * 1024) / 8);
	});

	it('refuses TP sizes that do not divide the heads', () => {
		const m: ModelSpec = { ...L70, heads: 20, kvHeads: 4 };
		expect(tpShapeError(m, 8)).toMatch(/20 attention heads/);
		expect(tpShapeError({ ...L70, kvHeads: 6, heads: 48 }, 4)).toMatch(/6 KV heads/);
		expect(validTps(L70, 8)).toEqual([1, 2, 4, 8]);
		expect(validTps(L70, 4)).toEqual([1, 2, 4]);
	});
});

describe('fitting a model: the default TP and the refusal', () => {
	it('Llama-3.1-70B does not fit on one H100; the error names TP 2 as the smallest that fits', () => {
		const r = checkTpFit(L70, H100, EFF, 1, 'bf16', 'bf16', 8);
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.error.code).toBe('model-does-not-fit');
		expect(r.error.message).toMatch(/does not fit on one NVIDIA H100 80GB SXM5/);
		expect(r.error.message).toMatch(/131\.4 GiB of weights/);
		expect(r.error.message).toMatch(/smallest tensor-parallel size that fits is TP 2 \(--tp 2\)/);
	});

	it('runs Llama-3.1-70B at TP 8 on H100 with 1,456,819 KV tokens per replica', () => {
		const r = checkTpFit(L70, H100, EFF, 8, 'bf16', 'bf16', 8);
		expect(r.ok && r.layout.kvCapacityTokens).toBe(1456819);
	});

	it('refuses a TP beyond the node', () => {
		const r = checkTpFit(L70, H100, EFF, 8, 'bf16', 'bf16', 4);
		expect(!r.ok && r.error.message).toMatch(/exceeds the 4 GPUs/);
	});

	it('defaults to the smallest TP with a useful KV cache (32,768 tokens)', () => {
		expect(usefulKvTokens(L70)).toBe(32768);
		const r = defaultTp(L70, H100, EFF, 'bf16', 'bf16', 8);
		expect(r.ok && r.choice.tp).toBe(2); // 41,241 tokens at TP 2
		const a40 = defaultTp(L70, gpu('a100-40gb-sxm'), EFF, 'bf16', 'bf16', 8);
		expect(a40.ok && a40.choice.tp).toBe(4);
		expect(defaultTp(model('llama-3.1-8b'), H100, EFF, 'bf16', 'bf16', 8)).toMatchObject({ ok: true, choice: { tp: 1 } });
	});

	it('falls back to the smallest TP that fits, with a warning, when none reaches a useful cache', () => {
		// FP8 70B on one H100 holds 14,208 tokens: fits, not useful; a 1-GPU "node" allows nothing larger.
		const r = defaultTp(L70, H100, EFF, 'fp8', 'bf16', 1);
		expect(r.ok && r.choice.tp).toBe(1);
		expect(r.ok && r.choice.warning).toMatch(/only 14,208 KV tokens/);
	});

	it('says so clearly when the model fits nowhere in a node', () => {
		const r = defaultTp(L70, gpu('t4'), EFF, 'bf16', 'bf16', 4);
		expect(r.ok).toBe(false);
		expect(!r.ok && r.error.message).toMatch(/fits on no NVIDIA T4 replica of up to 4 GPUs.*--weights fp8 or int4/);
		expect(GIB).toBe(2 ** 30);
	});
});
