/**
 * Cancel always cancels, and finished runs are always kept (the study page's executor: the result
 * cache in front of the simulations). Each case failed before: a cancel between batches was lost
 * (the study ran to the end), and a cancel in Step 1 saved none of the runs already finished.
 */
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { putTrace } from '../../src/lib/cache/traces';
import { ENGINE_VERSION } from '../../src/lib/sim/index';
import { cachedExecutor, type CacheTally } from '../../src/lib/state/cached-executor';
import { cancelledMessage } from '../../src/lib/state/study.svelte';
import { isStudyCancelled } from '../../src/lib/study/cancel';
import { studyConfig } from '../../src/lib/study/config';
import { inProcessExecutor } from '../../src/lib/study/in-process';
import { runOne } from '../../src/lib/study/run-one';
import { runStudy } from '../../src/lib/study/run-study';
import type { StudyProgress } from '../../src/lib/study/types';
import { synthesizeBurstGpt } from '../../src/lib/trace/synth';
import { freshCache, makeReport } from '../cache/fixtures';

const trace = synthesizeBurstGpt(400, 5);
const config = studyConfig({ sizes: [200, 400], gpuCounts: [1, 2, 4], binCounts: [1, 2] });
const HASH = 'trace-hash';

function setUp() {
	let simulated = 0;
	const tally: CacheTally = { reused: 0, simulated: 0, saved: 0, notices: [] };
	const inner = inProcessExecutor({
		runOne: (w, spec) => {
			simulated++;
			return runOne(w, spec);
		}
	});
	const exec = cachedExecutor(inner, { traceHash: HASH, engineVersion: ENGINE_VERSION, rpsScale: config.rpsScale, keepFailed: config.keepFailed, onSeries: () => {}, tally });
	return { exec, tally, simulated: () => simulated };
}

async function outcome(p: Promise<unknown>): Promise<'done' | 'cancelled'> {
	try {
		await p;
		return 'done';
	} catch (e) {
		if (isStudyCancelled(e)) return 'cancelled';
		throw e;
	}
}

beforeEach(async () => {
	freshCache();
	await putTrace(HASH, { name: 'synthetic', sizeBytes: 0, format: 'synthetic' }, trace, makeReport(400));
});

describe('cancel', () => {
	it('pressed before the first batch (while workloads are prepared): nothing is simulated', async () => {
		const s = setUp();
		s.exec.cancel();
		expect(await outcome(runStudy({ trace }, config, s.exec))).toBe('cancelled');
		expect(s.simulated()).toBe(0);
	});

	it('pressed while the cache is being read: the batch never starts', async () => {
		const s = setUp();
		const run = runStudy({ trace }, config, s.exec);
		await Promise.resolve(); // inside cachedExecutor.run, before the first getResults answers
		s.exec.cancel();
		expect(await outcome(run)).toBe('cancelled');
		expect(s.simulated()).toBe(0);
	});

	it('pressed during Step 1: every finished simulation is saved, and a re-run resumes from them', async () => {
		const s = setUp();
		let seen = 0;
		const run = runStudy({ trace }, config, s.exec, (p: StudyProgress) => {
			if (p.phase === 'step1' && ++seen === 5) s.exec.cancel();
		});
		expect(await outcome(run)).toBe('cancelled');
		expect(s.tally.saved).toBe(5);
		expect(cancelledMessage({ phase: 'step1', runsDone: 5, runsTotal: 20, requestsDone: 1, requestsTotal: 2 }, s.tally)).toMatch(/cancelled during Step 1, after 5 of 20 runs\. The 5 simulations it finished are saved/);

		const again = setUp();
		await runStudy({ trace }, config, again.exec);
		expect(again.tally.reused).toBe(5);
		expect(again.simulated()).toBe(again.tally.simulated);
	});

	it('pressed at the end of Step 1 (between the batches): Step 2 never runs, Step 1 is saved', async () => {
		const s = setUp();
		let step1Total = 0;
		const run = runStudy({ trace }, config, s.exec, (p) => {
			if (p.phase === 'step1') step1Total = p.runsDone;
		});
		// Cancel the moment the Step 1 batch settles: wrap run() so the cancel lands between the batches.
		const innerRun = s.exec.run.bind(s.exec);
		let batches = 0;
		s.exec.run = async (specs, onEach) => {
			const out = await innerRun(specs, onEach);
			if (++batches === 1) s.exec.cancel();
			return out;
		};
		expect(await outcome(run)).toBe('cancelled');
		expect(batches).toBe(1);
		expect(s.tally.saved).toBe(step1Total);
	});
});
