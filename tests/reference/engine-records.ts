/**
 * The one place the differential tests reach into the engine's internals: per-request times are not
 * part of simulate()'s summary, so this runs the same preparation and regime simulate() runs and
 * returns the records. If the engine's internals move, fix the imports here only.
 */
import { runIterationLevel } from '../../src/lib/sim/batching/iteration-level';
import { runRequestLevel } from '../../src/lib/sim/batching/request-level';
import { prepareContext } from '../../src/lib/sim/index';
import type { Scenario } from '../../src/lib/sim/types';
import type { Workload } from '../../src/lib/trace/types';

export interface EngineRecords {
	startS: ArrayLike<number>;
	firstTokenS: ArrayLike<number>;
	lastTokenS: ArrayLike<number>;
	dropCode: ArrayLike<number>;
	preemptions: number;
}

/** Per-request records of the engine for one scenario, exactly as simulate() computes them. */
export function engineRecords(workload: Workload, scenario: Scenario): EngineRecords {
	const { ctx } = prepareContext(workload, scenario);
	return scenario.regime === 'iteration' ? runIterationLevel(workload, scenario, ctx) : runRequestLevel(workload, scenario, ctx);
}
