/**
 * The two-step study's contract (DESIGN.md, "The study"): what a person configures, the runs it
 * expands to, what each run answers, and the derived result the tables, charts and exports read.
 * Plain data only: a StudyResult crosses worker and IndexedDB boundaries by structured clone.
 */
import { DEFAULT_SLO } from '../sim/metrics/slo';
import { METHOD_LIST } from '../sim/methods/registry';
import { MULTIBIN_BINS } from '../sim/methods/multibin';
import { STATIC_BATCH } from '../sim/methods/static';
import type { MethodName, Scenario, SimSeries, SimSummary } from '../sim/types';
import type { Workload } from '../trace/types';
import type { LoadSweep } from './load-sweep';
import type { PrefixComparison } from './prefix-compare';
import { DEFAULT_SHAPE } from '../trace/workload';

/** What "best" means for the optimized Step 2 configuration. */
export type StudyObjective = 'latency' | 'throughput' | 'efficiency' | 'cost';

/** Step 2 rows: the named methods (methods/registry.ts) plus the Step 1 configuration picked by the objective. */
export type Step2Method = MethodName | 'optimized';

/** Step 1 sweeps these: multi-bin over GPUs × bins, continuous batching over GPUs (its own rows). */
export type Step1Method = Extract<MethodName, 'multibin' | 'continuous'>;

/** Everything a study needs besides the trace. All lists are editable; any non-empty subset works. */
export interface StudyConfig {
	/** Workload sizes in requests (the first N rows of the trace), e.g. [1000, 10000, 100000, 1000000]. */
	sizes: number[];
	/** GPU counts of the Step 1 grid, e.g. [1, 2, 4, 8, 16, 32, 64, 100]. */
	gpuCounts: number[];
	/** Bin counts of the Step 1 grid (multibin; K = 1 is plain dynamic), e.g. [1, 2, 4, 8, 16, 32]. */
	binCounts: number[];
	/** Model, GPU, efficiency, SLO targets (sla), predictor, seed...: every run starts from it. */
	base: Scenario;
	/** Arrival timestamps are rebased to 0 and divided by this (200 in the study). */
	rpsScale: number;
	/**
	 * Instead of rpsScale: re-time every workload to this mean request rate (req/s), keeping the trace's
	 * burstiness (trace/workload.ts). Absent or null = use rpsScale.
	 */
	requestsPerS?: number | null;
	/** Keep failed rows (0 output tokens) in the workloads. */
	keepFailed: boolean;
	/** K at which the GPU scaling analysis is read (default 2; the nearest grid bin count is used). */
	scalingBins: number;
	/** Relative P95 improvement below which another GPU step is "marginal" (default 0.1 = 10%). */
	kneeThreshold: number;
	/** What the optimized Step 2 configuration optimizes. */
	objective: StudyObjective;
	/**
	 * SLO attainment a configuration must reach to be recommended or picked as "optimized" (0.95): the share
	 * of requests meeting every target in base.sla (metrics/slo.ts).
	 */
	attainment: number;
	/** Step 1 also sweeps continuous batching over the GPU counts (rows with method "continuous"). */
	step1Continuous: boolean;
	/**
	 * Step 2 methods to run (default every method of the registry plus optimized). Each runs at 1 GPU and
	 * at the optimized configuration's GPU count, so methods compare at the same hardware.
	 */
	methods: Step2Method[];
	/** Static batching's fixed batch size in Step 2 (8). */
	staticBatch: number;
	/** Bins of the Step 2 multibin row (4). */
	step2Bins: number;
}

/** One simulation of the study: which workload, which scenario, under a key stable across runs and workers. */
export interface RunSpec {
	/**
	 * Content key, e.g. "n=10000|multibin|g=4|k=2" or "n=1000|static-b8|g=1|k=1". Two specs with the
	 * same key are the same simulation (Step 2 reuses Step 1 results rather than re-running them).
	 */
	key: string;
	/** Step that first asked for it. */
	step: 1 | 2;
	/** Workload size in requests (selects the workload). */
	size: number;
	/** Method label (the scenario's own method, or 'optimized' in Step 2). */
	method: Step2Method;
	/**
	 * Step 1 only: an oracle-predictor run kept beside the chosen predictor's, so the bin effect shows the
	 * upper bound next to what a real predictor gets. Absent on every other run.
	 */
	oracle?: true;
	gpus: number;
	bins: number;
	/** Complete scenario; its seed is the study's seed (common random numbers across configurations). */
	scenario: Scenario;
	/** Requests this run simulates (for progress). */
	requests: number;
}

/** One run's answer: a summary (and small series), or why it failed. Never throws across a boundary. */
export type RunOutcome =
	| { ok: true; key: string; summary: SimSummary; series: SimSeries; warnings: string[] }
	| { ok: false; key: string; error: string };

/** A workload the study runs, with the numbers needed to read its results. */
export interface StudyWorkload {
	size: number;
	workload: Workload;
}

/** Plain description of a study workload kept in the result (no arrays). */
export interface StudyWorkloadInfo {
	size: number;
	/** Requests actually in the workload (may be < size when the trace is shorter and not extended). */
	requests: number;
	label: string;
	synthetic: boolean;
	/** Σ output tokens / arrival span: the most any configuration can deliver. null for < 2 distinct arrivals. */
	offeredTokPerS: number | null;
	/** (requests − 1) / arrival span: the offered request rate. null for < 2 distinct arrivals. Optional in results cached before it existed. */
	offeredReqPerS?: number | null;
	arrivalSpanS: number;
}

/** One Step 1 grid point that ran to completion. */
export interface Step1Row {
	key: string;
	size: number;
	/** multibin (bins = 1 is plain request-level dynamic) or continuous. */
	method: Step1Method;
	gpus: number;
	bins: number;
	summary: SimSummary;
}

/** A configuration picked by some rule, with the value that picked it. */
export interface ConfigPick {
	key: string;
	method: Step1Method;
	gpus: number;
	bins: number;
	/** The value that decided (seconds, tok/s or tok/s per GPU, as the field name says). */
	value: number;
}

/** Step 1 summary of one workload: best latency / throughput / efficiency configurations. */
export interface WorkloadSummary {
	size: number;
	/** Min P95 E2E (s). null when no run of this workload completed with a P95. */
	bestLatency: ConfigPick | null;
	/** Max output tok/s. */
	bestThroughput: ConfigPick | null;
	/** Max output tok/s per GPU. */
	bestEfficiency: ConfigPick | null;
}

/** One GPU count of the scaling analysis. */
export interface ScalingPoint {
	gpus: number;
	p95E2eS: number | null;
	/** (P95(1 GPU) − P95(g)) / P95(1 GPU), null without both values or without a 1-GPU run. */
	reductionVsFirst: number | null;
	/** (P95(previous count) − P95(g)) / P95(previous count). */
	reductionVsPrev: number | null;
	outputTokPerS: number | null;
	tokPerSPerGpu: number | null;
}

/** GPU scaling at a fixed bin count for one workload. */
export interface ScalingAnalysis {
	size: number;
	/** The bin count the analysis reads (config.scalingBins, or the nearest grid value). */
	bins: number;
	/** GPU counts ascending. The first count is the baseline ("vs 1 GPU" when the grid has 1). */
	points: ScalingPoint[];
	/**
	 * Smallest GPU count after which the next count in the grid improves P95 by less than the
	 * threshold. null when P95 still improves by more than the threshold at the grid's last step ("no knee
	 * within the grid": the last column is never the knee) or without data.
	 */
	recommendedGpus: number | null;
	/** False when latency still improves by more than the threshold at the last step of the grid. */
	kneeWithinGrid: boolean;
	/** One sentence on how it was chosen. */
	note: string;
}

/** How bin count changes P95 for one workload. */
export interface BinEffect {
	size: number;
	points: {
		bins: number;
		/** Min P95 E2E over GPU counts at this bin count. */
		bestP95E2eS: number | null;
		/** Mean over GPU counts of (P95(k) − P95(fewest bins)) / P95(fewest bins); negative = bins help. */
		meanChangeVsFewest: number | null;
	}[];
	/** Bin count with the lowest mean change (ties to fewer bins); null without data. */
	bestBins: number | null;
	/** One sentence: "bins change P95 by at most 2%: minimal effect", ... */
	note: string;
	/** The predictor the points above used, as a person reads it ("noisy predictor (σ = 0.7)"). */
	predictor: string;
	/**
	 * The same bin counts with the oracle predictor (true lengths), the upper bound, at one GPU count
	 * (`gpus`, the grid's smallest); null when the study's predictor is already the oracle.
	 */
	oracle: { gpus: number; points: { bins: number; predictedP95E2eS: number | null; oracleP95E2eS: number | null; predictedTokPerS: number | null; oracleTokPerS: number | null }[] } | null;
}

/** Output tok/s per GPU: rows = GPU counts, columns = workload sizes (max over bin counts). */
export interface EfficiencyTable {
	gpuCounts: number[];
	sizes: number[];
	/** cells[i][j] = efficiency at gpuCounts[i], sizes[j]; null = no completed run. */
	cells: (number | null)[][];
}

/** The Step 1 configuration chosen for Step 2's "optimized" row. */
export interface OptimizedSelection {
	size: number;
	objective: StudyObjective;
	/** The SLO attainment target the pick had to reach. */
	attainment: number;
	/** null when no Step 1 configuration meets the attainment target (then `note` says so). */
	pick: ConfigPick | null;
	/** How many Step 1 configurations met the attainment target. */
	eligible: number;
	note: string;
}

/** One Step 2 row (a named method or the optimized configuration) for one workload. */
export interface Step2Row {
	/** Content key of the run; '' when the row never ran (no optimized pick: `error` says why). */
	key: string;
	size: number;
	method: Step2Method;
	gpus: number;
	bins: number;
	/** Fixed batch size for static; null otherwise. */
	batch: number | null;
	/** null when the run failed (see `error`) or was not possible (no optimized pick). */
	summary: SimSummary | null;
	/** Small series for the comparison charts (CDFs, per-bin P95). */
	series: SimSeries | null;
	error?: string;
}

export type RecommendationKind = 'min-cost' | 'balanced' | 'min-latency';

/** A configuration as a recommendation shows it. */
export interface RecommendedConfig {
	gpus: number;
	bins: number;
	method: Step1Method;
	sloAttainment: number | null;
	goodputReqPerS: number | null;
	outputTokPerS: number | null;
	totalTokPerS: number | null;
	p95E2eS: number | null;
	p95TtftS: number | null;
	p95TpotMs: number | null;
	/** GPUs × $/GPU-hour; null when no price is set. */
	costPerHourUsd: number | null;
}

/**
 * A recommendation derived from Step 1 results, never written by hand. Only configurations meeting the
 * attainment target qualify. When none does, gpus/bins/method are null, `reason` says so and what to
 * extend, and `closest` is the configuration with the highest attainment.
 */
export interface Recommendation extends Partial<Omit<RecommendedConfig, 'gpus' | 'bins' | 'method'>> {
	size: number;
	kind: RecommendationKind;
	gpus: number | null;
	bins: number | null;
	method: Step1Method | null;
	sloAttainment: number | null;
	outputTokPerS: number | null;
	p95E2eS: number | null;
	reason: string;
	/** Only when nothing meets the target: the configuration that came closest. */
	closest?: RecommendedConfig;
}

/** A workload whose throughput equals its offered token rate: every configuration looks the same. */
export interface ArrivalBoundNotice {
	size: number;
	offeredTokPerS: number;
	/** Completed configurations whose throughput is within tolerance of the offered rate. */
	boundRuns: number;
	totalRuns: number;
	message: string;
}

/** A run that failed (threw, or its worker died): only this run is lost. */
export type StudyFailure = Pick<RunSpec, 'key' | 'step' | 'size' | 'method' | 'gpus' | 'bins'> & { reason: string };

/** The whole study, derived from simulations. */
export interface StudyResult {
	engineVersion: string;
	/** The configuration as run: sizes fitted to the trace (see `notices`). */
	config: StudyConfig;
	/** Things a person should know about the setting (a size larger than the trace ran the whole trace...). */
	notices: string[];
	/** Oracle-predictor multibin runs for the bin effect's upper bound (empty with an oracle study). */
	oracleRuns: Step1Row[];
	workloads: StudyWorkloadInfo[];
	step1: Step1Row[];
	summary: WorkloadSummary[];
	scaling: ScalingAnalysis[];
	binEffect: BinEffect[];
	efficiency: EfficiencyTable;
	optimized: OptimizedSelection[];
	step2: Step2Row[];
	recommendations: Recommendation[];
	arrivalBound: ArrivalBoundNotice[];
	failures: StudyFailure[];
	/** True when cancelled: nothing half-written is kept, so a cancelled study has no rows. */
	cancelled: boolean;
	/** Wall seconds the study took (informative; not part of determinism checks). */
	wallS: number;
	/** Load sweeps run after the study (study --load-sweep, or the page's sweep), when any ran. */
	loadSweeps?: LoadSweep[];
	/**
	 * Only on the partial results shown while a study runs (study/progressive.ts): the workloads whose
	 * Step 1 grid is complete and the grid runs finished so far. A finished study has none.
	 */
	partial?: { sizesDone: number[]; runsDone: number; runsTotal: number };
	/** Continuous batching with the prefix cache off and on, when the trace has block identities (prefix-compare.ts). */
	prefixCompare?: PrefixComparison[];
}

/** Study progress: runs done of total and simulated requests done of total. */
export interface StudyProgress {
	phase: 'step1' | 'step2' | 'done';
	runsDone: number;
	runsTotal: number;
	requestsDone: number;
	requestsTotal: number;
	/** Key of the run that just finished. */
	lastKey?: string;
	/** When the first simulation was handed out (ms since the epoch): workload shaping and transfer come before. */
	simStartedAtMs?: number;
}

/** Called after each finished run. */
export type StudyProgressFn = (p: StudyProgress) => void;

/** Called with partial results while Step 1 runs (at most every few hundred ms, and when a workload completes). */
export type StudyPartialFn = (partial: StudyResult) => void;

/**
 * Runs simulations somewhere: in-process (tests), a pool of Web Workers (browser), or worker_threads
 * (Node). The study code is the same for all three.
 */
export interface RunExecutor {
	/** Hands over the study's workloads once (workers receive each one once, as transferables). */
	prepare(workloads: StudyWorkload[]): Promise<void>;
	/**
	 * Runs every spec and resolves with one outcome per spec, in the specs' order. A run that throws or
	 * whose worker dies yields {ok: false} for that run only. `onEach` fires as each one finishes.
	 */
	run(specs: RunSpec[], onEach?: (spec: RunSpec, outcome: RunOutcome) => void): Promise<RunOutcome[]>;
	/** Stops everything in flight: pending `run` promises reject with a StudyCancelled error. */
	cancel(): void;
	/** Releases workers (Node pools must, or the process stays alive). */
	dispose?(): Promise<void>;
}

/** The defaults of the reference stress-testing study servescope grew from (its structure, not its numbers). */
export const STUDY_DEFAULTS = {
	sizes: [1000, 10000, 100000, 1000000],
	gpuCounts: [1, 2, 4, 8, 16, 32, 64, 100],
	binCounts: [1, 2, 4, 8, 16, 32],
	rpsScale: DEFAULT_SHAPE.timing.kind === 'scale' ? DEFAULT_SHAPE.timing.rpsScale : 1,
	keepFailed: true,
	scalingBins: 2,
	kneeThreshold: 0.1,
	objective: 'latency' as StudyObjective,
	attainment: DEFAULT_SLO.attainment,
	step1Continuous: true,
	methods: [...METHOD_LIST.map((m) => m.name), 'optimized'] as Step2Method[],
	staticBatch: STATIC_BATCH,
	step2Bins: MULTIBIN_BINS
} as const;
