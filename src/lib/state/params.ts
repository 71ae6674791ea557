/**
 * The scenario as the page edits it: plain, flat values with readable names, so the whole thing fits
 * in a URL query string (see url.ts) and in a cache key. The engine's Scenario is built from it in
 * scenario-build.ts. Units are in the comments: tbt (the TPOT target) is milliseconds, e2e/ttft are seconds.
 */
import { DEFAULT_GPU_ID, DEFAULT_MODEL_ID } from '../catalog/index';
import { DEFAULT_SLO } from '../sim/metrics/slo';
import { REALISTIC_PREDICTOR, REALISTIC_SIGMA } from '../sim/methods/predictors';
import type { GpuSpec, ModelSpec, RoutingPolicyId } from '../sim/types';
import { STUDY_DEFAULTS } from '../study/types';
import { defaultPerfChoice, type PerfChoice } from './profile-choice';
import { DEFAULT_DEPLOY, type DeployParams } from './deploy-params';

/** Output-length predictor names as the form offers them. */
export const PREDICTORS = ['oracle', 'noisy', 'prompt'] as const;
export type PredictorName = (typeof PREDICTORS)[number];

/** What "optimized" in Step 2 optimizes (issue 5). */
export const OBJECTIVES = ['latency', 'throughput', 'efficiency', 'cost'] as const;
export type ObjectiveName = (typeof OBJECTIVES)[number];

/** Multi-bin policies (DESIGN.md, "Batching regimes and methods"). */
export const BIN_POLICIES = ['oldest', 'round-robin', 'longest'] as const;
export type BinPolicyName = (typeof BIN_POLICIES)[number];

/** A custom model's architecture, when model = "custom": the ModelSpec fields a person types in. */
export type CustomModel = Pick<ModelSpec, 'layers' | 'hiddenSize' | 'heads' | 'kvHeads' | 'headDim' | 'intermediateSize' | 'vocabSize'>;

/** Storage of a custom model: bytes per parameter (and per KV element) and whether embeddings are tied. */
export interface CustomModelStorage {
	/** 2 for BF16/FP16, 1 for FP8/INT8, 4 for FP32; 0.5 for 4-bit weights. */
	dtypeBytes: number;
	/** Input and output embeddings share one matrix (weights hold V·d once instead of twice). */
	tiedEmbeddings: boolean;
}

/**
 * A fitted latency model T(b, L) = alpha + beta·L·(1 + gamma·(b−1)/b) (DESIGN.md), replacing the
 * roofline when set. r2 is known only right after fitting (a shared link carries alpha, beta, gamma).
 */
export interface FittedPerf {
	alphaS: number;
	betaS: number;
	gamma: number;
	r2: number | null;
}

/** A custom GPU's roofline numbers, when gpu = "custom". */
export type CustomGpu = Pick<GpuSpec, 'memoryGB' | 'memoryBandwidthGBs' | 'bf16DenseTflops'>;

/** Every setting of a study, flat and plain (tp, weights and kvDtype: deploy-params.ts). */
export interface StudyParams extends DeployParams {
	/** Continuous batching keeps and reuses prompt-prefix KV (Scenario.prefixCache); absent = off. */
	prefixCache?: boolean;
	/** Workload sizes in requests (Step 1 grid rows). */
	sizes: number[];
	/** GPU counts. */
	gpus: number[];
	/** Bin counts (K = 1 is plain dynamic). */
	bins: number[];
	/** Catalog model id, or "custom" (then customModel applies). */
	model: string;
	/** Catalog GPU id, or "custom" (then customGpu applies). */
	gpu: string;
	customModel: CustomModel;
	/** dtype bytes and tied embeddings of the custom model (defaults from the selected catalog model). */
	customStorage: CustomModelStorage;
	customGpu: CustomGpu;
	/** The fitted latency model (null = roofline). */
	fit: FittedPerf | null;
	/** Roofline or per-operator (with the GPU's default or a calibrated profile); `fit` wins when set. */
	perfChoice: PerfChoice;
	/** Arrivals are divided by this (the study uses 200). */
	rps: number;
	/** Instead of `rps`: re-time the workloads to this mean request rate (req/s), keeping burstiness; null = use rps. */
	rate: number | null;
	/** TPOT target (the engine's TBT: per-request mean time per output token after the first), milliseconds. */
	tbt: number;
	/** Optional E2E target, seconds (null = none). */
	e2e: number | null;
	/** TTFT target, seconds (default 2; null = none). */
	ttft: number | null;
	predictor: PredictorName;
	/** Noise of the noisy predictor (log-normal sigma). */
	sigma: number;
	binPolicy: BinPolicyName;
	objective: ObjectiveName;
	/** SLO attainment target, percent of requests meeting every target (recommendations and "optimized"). */
	attainment: number;
	/** Bin count at which the GPU scaling analysis is read. */
	scalingBins: number;
	/** Knee threshold, percent improvement. */
	knee: number;
	/** $ per GPU-hour (0 = cost not shown). */
	cost: number;
	seed: number;
	/** How requests reach the GPUs (deploy/routing); undefined = the default, least-outstanding. */
	routing?: RoutingPolicyId;
	/** Keep failed rows (0 output tokens) in the workload. */
	keepFailed: boolean;
	/**
	 * Step 1 also runs continuous batching at every size and GPU count (on by default). Off, the grid is
	 * multi-bin only, as the reference study's was, and the default study takes about a quarter less time.
	 */
	step1Continuous: boolean;
	mfu: number;
	eta: number;
	/** Step overhead, milliseconds. */
	overhead: number;
	memUtil: number;
}

/** The study's defaults (issue 5). A fresh object each call, so callers may mutate it. */
export function defaultParams(): StudyParams {
	return {
		sizes: [1000, 10000, 100000, 1000000],
		gpus: [1, 2, 4, 8, 16, 32, 64, 100],
		bins: [1, 2, 4, 8, 16, 32],
		model: DEFAULT_MODEL_ID,
		gpu: DEFAULT_GPU_ID,
		// Qwen3-1.7B's architecture, so switching to "custom" starts from something sensible.
		customModel: { layers: 28, hiddenSize: 2048, heads: 16, kvHeads: 8, headDim: 128, intermediateSize: 6144, vocabSize: 151936 },
		customStorage: { dtypeBytes: 2, tiedEmbeddings: true },
		customGpu: { memoryGB: 24, memoryBandwidthGBs: 1000, bf16DenseTflops: 150 },
		fit: null,
		perfChoice: defaultPerfChoice(),
		rps: STUDY_DEFAULTS.rpsScale,
		rate: null,
		tbt: DEFAULT_SLO.tpotS * 1000,
		e2e: null,
		ttft: DEFAULT_SLO.ttftS,
		// The realistic predictor by default (methods/predictors.ts says where σ comes from).
		predictor: REALISTIC_PREDICTOR.kind as PredictorName,
		sigma: REALISTIC_SIGMA,
		binPolicy: 'oldest',
		objective: 'latency',
		attainment: DEFAULT_SLO.attainment * 100,
		scalingBins: 2,
		knee: 10,
		cost: 0,
		seed: 1,
		keepFailed: true,
		step1Continuous: STUDY_DEFAULTS.step1Continuous,
		mfu: 0.5,
		eta: 0.8,
		overhead: 1,
		memUtil: 0.9,
		...DEFAULT_DEPLOY
	};
}
