/**
 * The reference simulator's inputs and outputs. It reads the same Scenario fields as the engine but
 * takes the step-time model, the KV capacity and the bins as plain inputs, so a caller (the
 * differential tests, the How-it-works step-through) can give it exactly what the engine was given.
 */
import type { PerfModel, StepLoad } from '../sim/perf/index';
import type { Scenario } from '../sim/types';
import type { TimedEvent } from './ties';

/** The scheduling settings the reference reads from a scenario. */
export type ReferenceSettings = Pick<Scenario, 'gpus' | 'regime' | 'sizing' | 'bins' | 'binPolicy' | 'continuous' | 'sla' | 'routing'> & {
	/** The run's seed (random routing draws from it); 1 when absent. */
	seed?: number;
};

/** What is decided before scheduling: step times, KV room, each request's bin and drop code. */
export interface ReferenceInputs {
	perf: PerfModel;
	/** KV capacity of one GPU, tokens. */
	kvCapacityTokens: number;
	/** Bin of each request (0 when bins = 1). */
	bin: ArrayLike<number>;
	/** 0 = servable, 1 = exceeds KV capacity, 2 = exceeds the model's context (records.ts codes). */
	dropCode: ArrayLike<number>;
}

/** One workload row as the reference sees it. */
export interface ReferenceRequest {
	arrivalS: number;
	prompt: number;
	output: number;
	/** The trace's session key (0 or absent = none), for session routing. */
	sessionKey?: number;
}

/** Per-request outcome. NaN = never happened (dropped). */
export interface ReferenceRecords {
	startS: number[];
	firstTokenS: number[];
	lastTokenS: number[];
	/** Final drop codes (the iteration level may drop more: a request whose KV blocks never fit). */
	dropCode: number[];
	/**
	 * Which batch served the request: request-level, the batch's number in start order; iteration
	 * level, the number of the step (counted over all GPUs in time order) that admitted it first.
	 */
	batchOf: number[];
	/** GPU that served it (the first one, for a preempted request). */
	gpuOf: number[];
	/** Replica the router sent it to (−1 with routing 'global' and for dropped requests). */
	routedTo: number[];
	preemptions: number;
	/** Pairs of events within 1e-9 of each other whose order is a tie in continuous time (ties.ts). */
	nearTies: number;
	/** Arrivals and GPU boundaries, for countNearTies. */
	events: TimedEvent[];
}

/** A fresh record set for n requests. */
export function emptyRecords(n: number, dropCode: ArrayLike<number>): ReferenceRecords {
	return {
		startS: new Array<number>(n).fill(NaN),
		firstTokenS: new Array<number>(n).fill(NaN),
		lastTokenS: new Array<number>(n).fill(NaN),
		dropCode: Array.from(dropCode),
		batchOf: new Array<number>(n).fill(-1),
		gpuOf: new Array<number>(n).fill(-1),
		routedTo: new Array<number>(n).fill(-1),
		preemptions: 0,
		nearTies: 0,
		events: []
	};
}

/**
 * A step load with every field the performance models read (prefillSeqs for models that use it): the
 * engine's own StepLoad type, so a field added there must be set here too.
 */
export function stepLoad(l: StepLoad): StepLoad {
	return l;
}
