/**
 * The engine's contract: a Scenario in, a SimResult out. Plain data only (no classes, no closures),
 * so both cross worker and IndexedDB boundaries and can be hashed into cache keys.
 */
import type { MethodName } from './methods/names';

// ModelSpec and GpuSpec live in core (catalog and trace read them without importing the engine).
import type { GpuSpec, ModelSpec } from '../core/types';
export type { GpuSpec, ModelSpec } from '../core/types';
import type { PerOpProfile } from './perf/per-op-profile';
import type { KvPrecision, WeightPrecision } from './deploy/precision';
import type { RoutingPolicyId } from './deploy/routing/types';
export type { KvPrecision, WeightPrecision } from './deploy/precision';
export type { RoutingPolicyId } from './deploy/routing/types';
import type { DeploymentSummary } from './deploy/scenario-deployment';
export type { DeploymentSummary } from './deploy/scenario-deployment';

/** How much of the roofline a real engine reaches. Defaults: mfu 0.5, eta 0.8, 1 ms, memUtil 0.9. */
export interface Efficiency {
	/** Share of peak FLOP/s reached. */
	mfu: number;
	/** Share of peak memory bandwidth reached. */
	eta: number;
	/** Fixed cost of every forward step (kernel launches, scheduling), seconds. */
	stepOverheadS: number;
	/** Share of GPU memory the server may use for weights + KV cache. */
	memUtil: number;
}

/** Roofline (default), per-operator (calibrated or default profile), or a latency model fitted from a user's own measurements. */
export type PerfModelSpec =
	| { kind: 'roofline' }
	/** Each operator priced alone on the GPU's datasheet, with a profile's achieved fractions and latencies (sim/perf/per-op.ts). */
	| { kind: 'per-op'; profile: PerOpProfile }
	/** T(b, L) = alpha + beta·L·(1 + gamma·(b−1)/b): prefill = alpha, decode step = beta·(1 + gamma·(b−1)/b). */
	| { kind: 'fitted'; alphaS: number; betaS: number; gamma: number; r2?: number };

/** Output-length predictor used by multi-bin scheduling. */
export type PredictorSpec =
	| { kind: 'oracle' }
	/** true × exp(N(0, sigma)). */
	| { kind: 'noisy'; sigma: number }
	/** From the prompt length alone (a fitted ratio), as a router without a length model would do. */
	| { kind: 'prompt' };

/** Batch sizing for request-level batching. */
export type SizingSpec =
	| { kind: 'fixed'; batch: number }
	/**
	 * Memory-aware, SLA-constrained (Pang et al. 2025): b = min(b_mem, b_SLA), within [1, maxBatch].
	 * epsMem: allowed probability that a batch's KV demand overflows capacity.
	 * tolerance: relative band around the TBT target inside which the SLA interval stays put.
	 */
	| { kind: 'dynamic'; maxBatch: number; epsMem: number; tolerance: number };

/** Iteration-level (continuous) batching settings, vLLM-like. */
export interface ContinuousSpec {
	/** Max running sequences (default 256). */
	maxBatch: number;
	/** Per-step token budget: decode tokens + prefill chunk tokens (default 2048). */
	tokenBudget: number;
	/** Paged KV block size in tokens (default 16). */
	blockSize: number;
	/** FCFS admission (default) or by bin (the scenario's bins and binPolicy). */
	admission: 'fcfs' | 'bins';
	/** Also bound the running batch by the dynamic SLA controller. */
	slaCap: boolean;
}

export type BinPolicy = 'oldest' | 'round-robin' | 'longest';

/** The named batching methods (methods/names.ts); each is a preset of regime + sizing + bins (methods/registry.ts). */
export type { MethodName };

/**
 * SLO targets (metrics/slo.ts). tbtS is the TPOT target (TBT is this engine's older name for TPOT: the
 * per-request mean time per output token after the first); it is always set (default 50 ms) and also
 * drives the dynamic sizer. E2E and TTFT targets are optional here; the page, CLI and study set TTFT to
 * 2 s unless told otherwise (DEFAULT_SLO).
 */
export interface SlaTargets {
	tbtS: number;
	e2eS?: number;
	ttftS?: number;
}

/** Everything one simulation needs besides the workload. */
export interface Scenario {
	/** The method this scenario came from (for labels); the fields below are what the engine reads. */
	method: MethodName;
	model: ModelSpec;
	gpu: GpuSpec;
	efficiency: Efficiency;
	perf: PerfModelSpec;
	/**
	 * Data-parallel replicas, 1 .. 1024+. Each spans `tp` GPUs, so the deployment holds gpus × tp GPUs
	 * (the name predates tensor parallelism; cost and utilization count every GPU).
	 */
	gpus: number;
	/** Tensor-parallel GPUs per replica (1, 2, 4 or 8); undefined = the smallest TP with a useful KV cache (deploy/resolve.ts). */
	tp?: number;
	/** Weight precision served; undefined = bf16, the catalog's (deploy/precision.ts). */
	weights?: WeightPrecision;
	/** KV-cache precision; undefined = bf16. */
	kvDtype?: KvPrecision;
	/** How arriving requests reach replicas (deploy/routing); undefined = DEFAULT_ROUTING. */
	routing?: RoutingPolicyId;
	/** Keep finished requests' KV blocks and reuse matching prompt prefixes (iteration-level batching). */
	prefixCache?: boolean;
	regime: 'request' | 'iteration';
	sizing: SizingSpec;
	/** Number of equal-mass bins over predicted output length; 1 = no binning. */
	bins: number;
	binPolicy: BinPolicy;
	predictor: PredictorSpec;
	continuous: ContinuousSpec;
	sla: SlaTargets;
	/** $ per GPU-hour for the cost figure (0 = not shown). */
	costPerGpuHour: number;
	/** Seeds every random choice (predictor noise); same seed, same bits. */
	seed: number;
}

/** Progress callback: requests done so far out of the workload's total. */
export type ProgressFn = (done: number, total: number) => void;

/** Percentiles with numpy's default (linear) interpolation. NaN is never stored: null means n/a. */
export interface Percentiles {
	p50: number | null;
	p95: number | null;
	p99: number | null;
	mean: number | null;
	max: number | null;
}

/**
 * The summary DESIGN.md defines. Flat keys (seconds or ms in the name) because the CLI's --json,
 * the CSV exports and the tables read them directly. null = not defined for this run (e.g. no
 * request with 2+ output tokens has a TBT); never NaN or Infinity.
 */
export interface SimSummary {
	requests: number;
	completed: number;
	/** Requests that can never fit (prompt + output over KV capacity or context). */
	dropped: number;
	/** Failed rows (0 output tokens) that were simulated: they cost a prefill and emit nothing. */
	failed: number;
	makespanS: number;
	outputTokens: number;
	promptTokens: number;
	outputTokPerS: number | null;
	totalTokPerS: number | null;
	requestsPerS: number | null;
	e2eP50S: number | null;
	e2eP95S: number | null;
	e2eP99S: number | null;
	ttftP50S: number | null;
	ttftP95S: number | null;
	ttftP99S: number | null;
	/** TPOT percentiles (TBT is its alias here): per-request (last − first token) / (n − 1), ms. */
	tbtP50Ms: number | null;
	tbtP95Ms: number | null;
	tbtP99Ms: number | null;
	queueP50S: number | null;
	queueP95S: number | null;
	queueP99S: number | null;
	e2eMeanS: number | null;
	/** Share of completed requests with TBT above the target (requests with < 2 tokens never violate). */
	slaViolationRate: number | null;
	/** Share of completed requests over the E2E target; null when no target is set. */
	e2eViolationRate: number | null;
	ttftViolationRate: number | null;
	/** Completed requests per second that met every set target. */
	goodputRps: number | null;
	/** Busy time / (GPUs × makespan). */
	gpuUtilization: number | null;
	/** Output tok/s per GPU. */
	tokPerSPerGpu: number | null;
	/** $ per million output tokens at costPerGpuHour; null when the price is 0 or no tokens came out. */
	costPerMTokUsd: number | null;
	/** Offered output token rate (Σ output tokens / arrival span): throughput can never exceed it. */
	offeredTokPerS: number | null;
	meanBatchSize: number | null;
	batches: number;
	/** Iteration-level only (0 elsewhere). */
	preemptions: number;
	/**
	 * SLO fields (metrics/slo.ts). Share of requests meeting every set target among completed + dropped
	 * (failed trace rows apart); null when there is no such request.
	 */
	sloAttainment: number | null;
	/** Requests meeting every set target, per second of makespan (same value as goodputRps, its older name). */
	goodputReqPerS: number | null;
	/** Inter-token latency percentiles over every gap between consecutive tokens (ms); null when the run recorded no gaps. */
	itlP50Ms: number | null;
	itlP95Ms: number | null;
	itlP99Ms: number | null;
	/** Offered request rate: (requests − 1) / arrival span, the mean rate a re-timed workload was set to. */
	offeredReqPerS: number | null;
	/**
	 * Prefix cache (Scenario.prefixCache on): share of prompt tokens found cached at admission (not
	 * recomputed); null when the cache had nothing to work with. Absent when the cache is off.
	 */
	prefixHitRate?: number | null;
	/** What lies behind prefixHitRate (absent when the cache is off or had no block identities). */
	prefix?: PrefixSummary;
}

/** The prefix cache over one run (sim/engine/prefix-cache.ts). */
export interface PrefixSummary {
	/** Where block identities came from: the trace's hash ids, or sessions (turn extends previous prompt + response). */
	source: 'hash-ids' | 'sessions';
	/** Engine block size in tokens: hits come in whole blocks. */
	blockSize: number;
	promptTokens: number;
	hitTokens: number;
	/** Blocks a request wanted that running requests were still computing (no cache size recovers them). */
	inFlightBlocks: number;
	/** Cached blocks evicted (least recently used) to make room. */
	evictions: number;
	/** Tokens found cached when preempted requests were recomputed (not in hitTokens). */
	recomputeHitTokens: number;
}

/** Small series for charts: bounded size whatever the workload (a few thousand points at most). */
export interface SimSeries {
	/** Latency CDF points: x = E2E seconds (ascending), y = cumulative share in [0, 1]. */
	e2eCdf: { x: number[]; y: number[] };
	ttftCdf: { x: number[]; y: number[] };
	/** Histogram of E2E on log-spaced bins: edges (n+1) and counts (n). */
	e2eHistogram: { edgesS: number[]; counts: number[] };
	/** Time series sampled on a regular grid over the makespan. */
	timeline: { tS: number[]; queueLength: number[]; busyGpus: number[] };
	/** Per bin: request count, its predicted output-length range, and P95 E2E. Single entry when bins = 1. */
	perBin: { bin: number; requests: number; lowTokens: number; highTokens: number; e2eP95S: number | null }[];
	/** Requests waiting per replica over time (engine/queue-series.ts); absent in results made before it. */
	replicaQueues?: ReplicaQueueSeries;
	/** Prefix cache: unowned cached blocks (all replicas) and evictions so far, over time (≤ 1,024 points). */
	prefixCache?: PrefixCacheSeries;
}

/** Unowned cached blocks over all replicas and evictions so far, over time (≤ 1,024 points). */
export interface PrefixCacheSeries {
	tS: number[];
	cachedBlocks: number[];
	evictions: number[];
}

/**
 * Waiting requests per replica over time, at most 240 samples on a grid that coarsens as the run goes
 * on. queues[j][i] is replica j's queue at tS[i] (only the first 16 replicas are kept); with routing
 * 'global' there is one shared queue (shared = true, one series).
 */
export interface ReplicaQueueSeries {
	tS: number[];
	queues: number[][];
	/** Replicas in the run (queues.length may be fewer). */
	replicas: number;
	shared: boolean;
	/** The run's routing policy id (RoutingPolicyId), so a chart can say what it shows. */
	routing: string;
}

/** One simulation's answer. */
export interface SimResult {
	engineVersion: string;
	summary: SimSummary;
	series: SimSeries;
	/** Why requests were dropped, counted per reason. */
	dropReasons: Record<string, number>;
	/** Anything the person should know (model barely fits, controller pinned at 1, ...). */
	warnings: string[];
	/** The deployment the run used: TP (and whether it was the default), replicas, GPUs, precisions, routing. */
	deployment?: DeploymentSummary;
}
