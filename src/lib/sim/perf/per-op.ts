/**
 * The per-operator performance model: every matrix product (QKV, O, gate/up, down, LM head) priced on
 * its own as max(FLOPs / achieved FLOP/s, bytes / achieved bandwidth), attention priced apart
 * (prefill by FLOPs, decode by KV bytes at the parallelism the kernel has), element-wise traffic by
 * bytes, and fixed per-layer and per-step latencies ADDED (kernel launches do not overlap with the
 * work they launch inside one CUDA stream). Parameters: per-op-profile.ts; meaning: DESIGN.md.
 *
 * Decode stretches stay closed form: with the batch fixed, everything but decode attention is a
 * constant per step, and decode attention is a max of two lines in the step index k.
 */
import type { GpuSpec, ModelSpec } from '../types';
import type { PerfModel, StepBreakdown, StepLoad, StretchCoefficients } from './types';
import type { PerOpProfile } from './per-op-profile';
import { perOpShapes, type MatShape } from './per-op-shapes';
import { sumMaxLinear } from './stretch';
import { emptyStepLoad } from './empty-load';
import { sharedRowMemo } from './per-op-memo';

/** FlashAttention's query tile: a prefill of p tokens offers heads·p/128 thread blocks per sequence. */
const QUERY_TILE = 128;
/** cuBLAS's output tile for bf16 GEMMs on large shapes (rows and columns). */
const TILE = 128;

/** Mutable parts of one step, reused so stepTimeS allocates nothing in the engine's hot loop. */
interface Parts {
	linearS: number;
	attentionS: number;
	lmHeadS: number;
	fixedS: number;
}

/**
 * Memo slots for the layers' matrix products (a power of two: the slot is tokens & (slots − 1)). A
 * 1M-request multi-bin run asks for about 9,000 distinct prompt-token sums; 16,384 slots keep most of
 * them (the tables are shared between runs, per-op-memo.ts, so their size is paid once).
 */
const MEMO_SLOTS = 16384;
/** The LM head is memoized for emitting-sequence counts below this (batch sizes). */
const LM_SLOTS = 4096;

/** The per-operator model of `model` on `gpu` with `profile`'s parameters. */
export function createPerOpModel(model: ModelSpec, gpu: GpuSpec, profile: PerOpProfile): PerfModel {
	const p = profile.params;
	const sh = perOpShapes(model);
	const s = sh.dtypeBytes;
	// Achieved rates. A matrix product with t output tiles reaches matmulEff·t/(t + matmulHalfTiles) of
	// the peak (few tiles leave SMs idle or force split-K), times its wave quantization.
	const flopsPerS = gpu.bf16DenseTflops * 1e12 * p.matmulEff;
	const attnFlopsPerS = gpu.bf16DenseTflops * 1e12 * p.attnEff;
	const bytesPerS = gpu.memoryBandwidthGBs * 1e9 * p.memEff;
	// Without an SM count the kernels are taken to fill the chip (occupancy 1).
	const sms = gpu.smCount && gpu.smCount > 0 ? gpu.smCount : 0;
	const halfTiles = p.matmulHalfTiles;
	const fixedS = sh.layers * p.layerLatencyS + p.stepLatencyS;
	const actBytesPerToken = p.actPasses * s * sh.actElemsPerTokenLayer * sh.layers;
	const kv = sh.kvBytesPerToken;

	// Per matrix, the constants of its cost (hot path: plain numbers, no object reads per call).
	const mat = (w: MatShape) => [2 * w.k * w.n, Math.ceil(w.n / TILE), s * w.k * w.n, s * (w.k + w.n)] as const;
	const [qkvF, qkvT, qkvW, qkvR] = mat(sh.qkv);
	const [oF, oT, oW, oR] = mat(sh.o);
	const [guF, guT, guW, guR] = mat(sh.gateUp);
	const [dnF, dnT, dnW, dnR] = mat(sh.down);
	const [lmF, lmT, lmW, lmR] = mat(sh.lmHead);

	/**
	 * One matrix product of m rows: max(compute, memory). Output tiles of TILE×TILE run in waves of
	 * `sms` at a time, and a last, partial wave costs a full one (wave quantization). Under one wave,
	 * cuBLAS splits K (or picks smaller tiles) to fill the SMs, so no wave penalty there, but few tiles
	 * still cost (matmulHalfTiles, smooth). flops2kn = 2·K·N, tilesN = ⌈N/TILE⌉, weightBytes = s·K·N,
	 * rowBytes = s·(K + N).
	 */
	const matmulS = (m: number, flops2kn: number, tilesN: number, weightBytes: number, rowBytes: number): number => {
		if (m <= 0) return 0;
		const tiles = Math.ceil(m / TILE) * tilesN;
		const waves = sms === 0 || tiles <= sms ? 1 : (Math.ceil(tiles / sms) * sms) / tiles;
		const compute = (flops2kn * m * (1 + halfTiles / tiles) * waves) / flopsPerS;
		const memory = (weightBytes + m * rowBytes) / bytesPerS;
		return compute > memory ? compute : memory;
	};
	// Every number matmulS reads besides the row count: the memo tables are shared by models that agree on all.
	const memoKey = [sms, halfTiles, flopsPerS, bytesPerS, sh.layers, qkvF, qkvT, qkvW, qkvR, oF, oT, oW, oR, guF, guT, guW, guR, dnF, dnT, dnW, dnR].join(',');
	const lmMemo = sharedRowMemo(`lm-head|${memoKey}|${lmF},${lmT},${lmW},${lmR}`, LM_SLOTS);
	const lmHeadS = (m: number): number => {
		if (!(m >= 0 && m < LM_SLOTS) || m !== Math.floor(m)) return matmulS(m, lmF, lmT, lmW, lmR);
		if (lmMemo.rows[m] !== m) {
			lmMemo.rows[m] = m;
			lmMemo.valueS[m] = matmulS(m, lmF, lmT, lmW, lmR);
		}
		return lmMemo.valueS[m];
	};
	// A small direct-mapped memo of the layers' matrix products by token count. The cost is a pure
	// function of the count, and the engine keeps asking for the same few: a steady decode batch step
	// after step, and in request-level batching a batch's prompt tokens then its batch size, which
	// would evict each other from a one-entry memo. Same values as computing afresh, bit for bit.
	const { rows: memoTokens, valueS: memoMatsS } = sharedRowMemo(`layers|${memoKey}`, MEMO_SLOTS);
	/** Layer matrix products + element-wise traffic + KV writes for `tokens` tokens through the layers. */
	const linearS = (tokens: number, kvWrites: number): number => {
		if (tokens <= 0) return 0;
		const slot = tokens & (MEMO_SLOTS - 1);
		if (memoTokens[slot] !== tokens) {
			memoTokens[slot] = tokens;
			memoMatsS[slot] =
				sh.layers *
				(matmulS(tokens, qkvF, qkvT, qkvW, qkvR) + matmulS(tokens, oF, oT, oW, oR) + matmulS(tokens, guF, guT, guW, guR) + matmulS(tokens, dnF, dnT, dnW, dnR));
		}
		return memoMatsS[slot] + (actBytesPerToken * tokens + kv * kvWrites) / bytesPerS;
	};
	/** Share of the SMs decode attention keeps busy: batch·kvHeads·blocks-per-head thread blocks. */
	const decodeOccupancy = (batch: number): number =>
		sms === 0 ? 1 : Math.min(1, (batch * sh.kvHeads * p.attnBlocksPerKvHead) / sms);
	const prefillOccupancy = (tokens: number): number =>
		sms === 0 ? 1 : Math.min(1, (sh.heads * tokens) / (QUERY_TILE * sms));

	const parts: Parts = { linearS: 0, attentionS: 0, lmHeadS: 0, fixedS: 0 };
	const fill = (l: StepLoad): number => {
		const tokens = l.prefillTokens + l.decodeSeqs;
		parts.linearS = linearS(tokens, l.kvWriteTokens);
		parts.lmHeadS = lmHeadS(l.emitters);
		parts.fixedS = fixedS;
		let attn = 0;
		if (l.prefillTokens > 0) {
			const occ = prefillOccupancy(l.prefillTokens);
			// Cached context the prefill chunks read: every KV read that is not a decoder's.
			const ctxReads = Math.max(0, l.kvReadTokens - (l.decodeAttnCtx - l.decodeSeqs));
			// With a cached context, a masked kernel also computes the future pairs of each chunk:
			// Σ p(p−1)/2, taken for chunks of equal size (the StepLoad carries sums, not each chunk).
			const seqs = l.prefillSeqs > 0 ? l.prefillSeqs : 1;
			const masked = ctxReads > 0 ? (p.ctxMaskWaste * l.prefillTokens * (l.prefillTokens / seqs - 1)) / 2 : 0;
			const c = (sh.attnFlopsPerPair * (l.prefillAttnPairs + masked)) / (attnFlopsPerS * occ);
			const m = (kv * ctxReads) / bytesPerS;
			attn += c > m ? c : m;
		}
		if (l.decodeSeqs > 0) {
			const occ = decodeOccupancy(l.decodeSeqs);
			const c = (sh.attnFlopsPerPair * l.decodeAttnCtx) / (attnFlopsPerS * occ);
			const m = (kv * l.decodeAttnCtx) / (bytesPerS * occ);
			attn += c > m ? c : m;
		}
		parts.attentionS = attn;
		return parts.linearS + parts.attentionS + parts.lmHeadS + parts.fixedS;
	};

	const stretchCoefficients = (b: number, ctx0: number, out: StretchCoefficients): void => {
		// Step k: every sequence attends to its context + k tokens, so decodeAttnCtx = ctx0 + b·k; the
		// matrix products, the LM head, the KV writes and the fixed costs do not depend on k.
		const occ = decodeOccupancy(b);
		out.constS = linearS(b, b) + lmHeadS(b) + fixedS;
		const perCtxCompute = sh.attnFlopsPerPair / (attnFlopsPerS * occ);
		const perCtxMemory = kv / (bytesPerS * occ);
		out.computeS0 = perCtxCompute * ctx0;
		out.computeSlopeS = perCtxCompute * b;
		out.memoryS0 = perCtxMemory * ctx0;
		out.memorySlopeS = perCtxMemory * b;
	};
	const scratch: StretchCoefficients = { constS: 0, computeS0: 0, computeSlopeS: 0, memoryS0: 0, memorySlopeS: 0 };
	const prefillLoad: StepLoad = emptyStepLoad();

	return {
		kind: 'per-op',
		label: `per-operator, ${profile.label}`,
		stepTimeS: fill,
		stepBreakdown(l) {
			const totalS = fill(l);
			const out: StepBreakdown = { ...parts, communicationS: 0, totalS };
			return out;
		},
		stretchCoefficients,
		decodeStretchS(b, ctx0, steps) {
			if (steps <= 0 || b <= 0) return 0;
			stretchCoefficients(b, ctx0, scratch);
			return (
				scratch.constS * steps +
				sumMaxLinear(scratch.computeS0, scratch.computeSlopeS, scratch.memoryS0, scratch.memorySlopeS, steps)
			);
		},
		prefillS(pSum, pSqSum, seqs) {
			prefillLoad.prefillTokens = pSum;
			prefillLoad.prefillSeqs = seqs;
			prefillLoad.prefillAttnPairs = (pSqSum + pSum) / 2; // Σ p(p+1)/2
			prefillLoad.emitters = seqs; // the first output token comes out of prefill
			prefillLoad.kvWriteTokens = pSum;
			return fill(prefillLoad);
		}
	};
}
