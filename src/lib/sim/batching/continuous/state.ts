/**
 * The state of one continuous-batching run: settings, the shared modules (request table, queues, clock,
 * KV manager, recorder), the scheduler's own request columns and one ReplicaState per replica. Every
 * function of the scheduler (replica-ops, steps, decide, claim) takes this one object, so its shape is
 * fixed at creation (monomorphic) and the hot path allocates nothing.
 */
import type { EngineContext } from '../../context';
import type { GpuClock } from '../../engine/clock';
import type { IdleSet } from '../../engine/idle-set';
import type { KvBlockManager } from '../../engine/kv-manager';
import type { AdmissionQueues } from '../../engine/queues';
import type { QueueSampler } from '../../engine/queue-series';
import type { RunRecorder } from '../../engine/recorder';
import type { RequestTable } from '../../engine/request-table';
import type { EngineRouter } from '../../engine/router';
import type { SchedulerHooks } from '../../engine/scheduler';
import type { PerfModel, StepLoad, StretchCoefficients } from '../../perf/types';
import type { BatchSizer } from '../../sizing/types';
import type { BinPolicy } from '../../types';
import type { PrefixRun } from './prefix-ops';
import type { StepHeap } from './step-heap';

/** Replica modes. */
export const IDLE = 0;
export const MIXED = 1;
export const STRETCH = 2;

/** Request states. */
export const R_WAITING = 0;
export const R_PREFILL = 1;
export const R_DECODE = 2;
export const R_DONE = 3;

/** Per-replica state; one object per replica (G is small), per-request state lives in typed arrays. */
export interface ReplicaState {
	index: number;
	mode: number;
	/** Steps run so far: the clock that decoder phases and finish steps are measured in. */
	steps: number;
	/** Σ tokens held in KV by the decoders. */
	sumCtx: number;
	decoders: number;
	/** Decoders + prefillers. */
	running: number;
	/** Decoders per phase (engine/kv-blocks.ts). */
	perPhase: Int32Array;
	/** Finish step counts of decoders (stale entries skipped). */
	done: StepHeap;
	/** Running requests in admission order (doubly linked through prevId/nextId): tail = newest. */
	runHead: number;
	runTail: number;
	/** Prefilling requests in admission order, from preHead. */
	pre: number[];
	preHead: number;
	/** In-flight mixed step: prefillers (from preHead) that got a chunk, and its duration. */
	stepPrefillers: number;
	stepS: number;
	/** Decode stretch: start time and the step (counted from it) at whose end the replica wakes. */
	t0: number;
	wakeK: number;
	/** The stretch's step-time coefficients (perf.stretchCoefficients, once per stretch). */
	coef: StretchCoefficients;
	/** Last boundary a claim computed in this stretch (k, time); k = 0 when none. */
	seenK: number;
	seenT: number;
	/** Length of step seenK. */
	seenStepS: number;
	busySinceS: number;
	sizer: BatchSizer | null;
}

export interface ContinuousRun {
	n: number;
	blockSize: number;
	tokenBudget: number;
	maxBatch: number;
	totalBlocks: number;
	gpus: number;
	bins: number;
	policy: BinPolicy;
	perf: PerfModel;
	ctx: EngineContext;
	table: RequestTable;
	/**
	 * The queue being worked on. With routing 'global' the one shared queue, always; behind a router,
	 * queues[g] of the replica g that decides or claims (set before every use, so replica-ops' pushFront
	 * puts a preempted request back on its own replica's queue).
	 */
	queue: AdmissionQueues;
	/** One shared queue ('global'), or one per replica behind a router. */
	queues: AdmissionQueues[];
	/** null = 'global' (the shared queue every replica pulls from). */
	router: EngineRouter | null;
	sampler: QueueSampler;
	clock: GpuClock;
	kv: KvBlockManager;
	rec: RunRecorder;
	idle: IdleSet;
	hooks: SchedulerHooks | undefined;
	replicas: ReplicaState[];
	// The scheduler's request columns.
	state: Uint8Array;
	/** Output tokens emitted so far (brought up to date when a decoder finishes or is preempted). */
	emitted: Uint32Array;
	/** Prompt of the current pass: the prompt, plus the tokens emitted before a preemption. */
	passPrompt: Uint32Array;
	prefilled: Uint32Array;
	chunk: Uint32Array;
	phase: Uint32Array;
	enterStep: Float64Array;
	enterCtx: Float64Array;
	finishStep: Float64Array;
	prevId: Int32Array;
	nextId: Int32Array;
	/** Replica running the request, −1 while it waits. */
	replicaOf: Int32Array;
	/** Time of the last token a preempted request emitted (its inter-token gap spans the recompute). */
	lastEmitS: Float64Array;
	/** The replica whose boundary the last claim chose (−1 when none). */
	claimGpu: number;
	finished: number;
	/** Blocks left for prompts on the replica being considered (read by fits). */
	fitFree: number;
	fits: (id: number) => boolean;
	/** One reused step description. */
	load: StepLoad;
	/** The prefix cache (prefix-ops.ts); null when Scenario.prefixCache is off or the workload has no block identities. */
	prefix: PrefixRun | null;
}
