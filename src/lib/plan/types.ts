/**
 * The planner's contract (docs/design/planner.md): what a person asks ("this traffic, these targets:
 * what do I need and what will it cost?"), the deployments it tries, every evaluated point, and the
 * answer per GPU type. Plain data only, so a PlanResult crosses worker and storage boundaries and
 * prints as the CLI's --json.
 */
import type { KvPrecision, MethodName, RoutingPolicyId, Scenario, WeightPrecision } from '../sim/types';

/** A weight/KV precision pair the planner tries ("bf16" = bf16 weights and bf16 KV). */
export interface PrecisionChoice {
	weights: WeightPrecision;
	kvDtype: KvPrecision;
}

/** Everything a plan needs besides the trace. */
export interface PlanConfig {
	/** Target mean request rate (req/s): the trace is re-timed to it, its burstiness kept. */
	rateReqPerS: number;
	/** Requests replayed (the first N usable rows of the trace). */
	requests: number;
	/** SLO targets: TTFT (s), TPOT (s), optional E2E (s). */
	ttftS: number | null;
	tpotS: number;
	e2eS: number | null;
	/** Share of requests that must meet every target (0.95). */
	attainment: number;
	/** Catalog model id. */
	modelId: string;
	/** Candidate GPU ids; empty = every catalog GPU that can hold the model at some TP. */
	gpuIds: string[];
	/** TP sizes to try; empty = each GPU's default TP (the smallest with a useful KV cache). */
	tps: number[];
	/** Precisions to try (default bf16/bf16). */
	precisions: PrecisionChoice[];
	/** Batching methods to try (default continuous). */
	methods: MethodName[];
	/** The most GPUs (replicas × TP) one deployment may use. */
	maxGpus: number;
	/** $/GPU-hour overrides by GPU id (over the catalog defaults; catalog/prices.ts). */
	prices: Record<string, number>;
	/** Bins of multibin runs; static batching's batch size. */
	bins: number;
	staticBatch: number;
	/**
	 * Scenario fields every run starts from besides model, GPU, method and fleet (efficiency, perf
	 * model, predictor, seed). perf undefined = each GPU's default performance model.
	 */
	base: Pick<Scenario, 'efficiency' | 'predictor' | 'seed' | 'binPolicy'> & { perf?: Scenario['perf'] };
	/** Headroom: geometric bisection steps on the rate (4: within 2^(1/16) ≈ 4.4%). */
	headroomSteps: number;
}

/** One deployment shape the planner sizes: a GPU type, TP, precision and method (the replica count is searched). */
export interface PlanCandidate {
	/** Stable id, e.g. "h100-sxm|tp=1|bf16/bf16|continuous". */
	id: string;
	gpuId: string;
	gpuName: string;
	/** Resolved TP (the default TP when the person gave none). */
	tp: number;
	/** Whether tp is the GPU's default (then the scenario leaves Scenario.tp undefined). */
	tpDefaulted: boolean;
	weights: WeightPrecision;
	kvDtype: KvPrecision;
	method: MethodName;
	/** Multibin's bins (1 otherwise). */
	bins: number;
	/** Static batching's batch size, when the method is static. */
	batch?: number;
	routing: RoutingPolicyId;
	/** $/GPU-hour used, or null when nobody gave a price. */
	usdPerGpuHour: number | null;
	/** Smallest replica count that can possibly serve the load (bound.ts), ≥ 1. */
	lowerBound: number;
	/** Why this candidate cannot meet the SLOs whatever its size, found before any run (bound.ts); null = search. */
	hopeless: string | null;
	/** Deployment warnings (fp8 on a GPU without FP8 cores, replicated KV heads...). */
	warnings: string[];
	/** The scenario at one replica; the search sets gpus. */
	scenario: Scenario;
}

/** What one run tells the search. */
export interface PlanEvaluation {
	sloAttainment: number | null;
	ttftP95S: number | null;
	tpotP95Ms: number | null;
	e2eP95S: number | null;
	outputTokPerS: number | null;
	/** Set when the run failed (then it counts as not meeting the SLOs). */
	error?: string;
}

/** One evaluated deployment at the target rate: a point of the Pareto chart. */
export interface PlanPoint extends PlanEvaluation {
	/** candidateId|r=replicas */
	id: string;
	candidateId: string;
	gpu: string;
	tp: number;
	weights: WeightPrecision;
	kvDtype: KvPrecision;
	method: MethodName;
	bins: number;
	replicas: number;
	/** replicas × TP. */
	totalGpus: number;
	/** null without a price. */
	dollarsPerHour: number | null;
	meetsSlo: boolean;
}

/** How the replica search went for one candidate. */
export interface SearchOutcome {
	/** Smallest replica count found meeting the SLOs, or null when none up to the maximum does. */
	replicas: number | null;
	/** Whether some larger count missed the SLOs while a smaller one met them. */
	nonMonotone: boolean;
	/** Replica counts evaluated, in the order asked. */
	evaluated: number[];
}

/** One answer row; the CLI's --json prints these with exactly these field names. */
export interface PlanOption {
	gpu: string;
	gpuName: string;
	model: string;
	tp: number;
	/** null when the GPU type cannot meet the SLOs up to the maximum fleet (reason says why). */
	replicas: number | null;
	totalGpus: number | null;
	weights: WeightPrecision;
	kvDtype: KvPrecision;
	method: MethodName;
	/** Multibin's bins; absent for methods without bins. */
	bins?: number;
	/** Static batching's batch size; absent otherwise. */
	batch?: number;
	routing: RoutingPolicyId;
	usdPerGpuHour: number | null;
	dollarsPerHour: number | null;
	/** $ per million output tokens at the target rate. */
	dollarsPerMTok: number | null;
	sloAttainment: number | null;
	ttftP95S: number | null;
	tpotP95Ms: number | null;
	e2eP95S: number | null;
	/** Highest rate (req/s) this deployment still serves within the SLOs (≥ the target rate). */
	headroomReqPerS: number | null;
	/** One sentence on how the headroom was bracketed. */
	headroomNote?: string;
	/** Whether attainment was not monotone in replicas on this GPU type's chosen search. */
	nonMonotone: boolean;
	/** Why replicas is null, or why the cost is unknown (no price). */
	reason?: string;
	/** Deployment warnings. */
	warnings: string[];
}

/** Progress of a plan, reported as candidates finish. */
export interface PlanProgress {
	phase: 'search' | 'headroom' | 'done';
	candidatesDone: number;
	candidatesTotal: number;
	runsDone: number;
	/** Runs requested so far (grows as searches go; the total is not known in advance). */
	runsRequested: number;
	/** Candidates finished so far, with their outcome (for a live table). */
	finished: { candidateId: string; replicas: number | null }[];
}

export type PlanProgressFn = (p: PlanProgress) => void;

/** The setting every number holds for: load, hardware, model, SLOs and assumptions. */
export interface PlanSetting {
	model: string;
	modelName: string;
	workload: string;
	requests: number;
	rateReqPerS: number;
	offeredTokPerS: number | null;
	ttftS: number | null;
	tpotMs: number;
	e2eS: number | null;
	attainment: number;
	maxGpus: number;
	perfModel: string;
	assumptions: string[];
}

/** What a plan answers. */
export interface PlanResult {
	setting: PlanSetting;
	/** One per GPU type, cheapest first (priced before unpriced, unmet last). */
	options: PlanOption[];
	/** Every evaluated deployment at the target rate (the Pareto chart's points). */
	points: PlanPoint[];
	/**
	 * Ids of the points on the cost/P95 frontier among deployments that meet the SLOs (no cheaper
	 * deployment has a lower P95), for P95 TTFT and for P95 E2E.
	 */
	frontier: { ttft: string[]; e2e: string[] };
	/** GPUs skipped before any run, with why (the model does not fit, TP invalid...). */
	skipped: { gpu: string; reason: string }[];
	runs: number;
	wallS: number;
	engineVersion: string;
}
