/**
 * Golden results: fixed scenarios on a fixed synthetic workload, compared with a committed JSON
 * snapshot (tests/reliability/__snapshots__/golden.json), so any engine change that moves a number
 * shows up in review as a diff of that file. If a change is intended, bump ENGINE_VERSION and update
 * the snapshot with `npx vitest run tests/reliability/golden.test.ts -u`.
 * Also: bit-identical results across two runs in one process, and across the Node worker_threads
 * pool with 1 and 2 threads (the CLI's executor) and the in-process executor.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { nodePoolExecutor } from '../../cli/node-pool';
import { ENGINE_VERSION, simulate } from '../../src/lib/sim/index';
import { defaultScenario, methodScenario } from '../../src/lib/sim/presets';
import type { MethodName, Scenario } from '../../src/lib/sim/types';
import { inProcessExecutor } from '../../src/lib/study/in-process';
import type { RunExecutor, RunOutcome, RunSpec } from '../../src/lib/study/types';
import { synthesizeBurstGpt } from '../../src/lib/trace/synth';
import { shapeWorkload } from '../../src/lib/trace/workload';

const SIZE = 2000;
const SEED = 7;

const shaped = shapeWorkload(synthesizeBurstGpt(SIZE, SEED), { size: SIZE, selection: { kind: 'first' }, keepFailed: true, timing: { kind: 'scale', rpsScale: 200 } });
if (!shaped.ok) throw new Error(shaped.error.message);
const workload = shaped.workload;

/** The golden scenarios: each method on 2 GPUs, plus a noisy-predictor multibin (exercises the seeded RNG). */
const SCENARIOS: [string, Scenario][] = [
	...(['static', 'dynamic', 'multibin', 'continuous'] as MethodName[]).map((m): [string, Scenario] => [
		`${m}, 2 GPUs`,
		methodScenario(m, defaultScenario({ seed: SEED, costPerGpuHour: 2 }), { gpus: 2, bins: m === 'multibin' ? 4 : 1 })
	]),
	['multibin, 2 GPUs, 4 bins, noisy predictor (sigma 0.5)', methodScenario('multibin', defaultScenario({ seed: SEED, predictor: { kind: 'noisy', sigma: 0.5 } }), { gpus: 2, bins: 4 })],
	['continuous, 2 GPUs, 4 bins, bin admission', methodScenario('continuous', defaultScenario({ seed: SEED }), { gpus: 2, bins: 4 })]
];

const pools: RunExecutor[] = [];
afterEach(async () => {
	for (const p of pools.splice(0)) await p.dispose?.();
});

describe('golden results (synthetic BurstGPT-like, 2,000 requests, seed 7)', () => {
	it('the workload itself is the one the snapshot was made from', () => {
		let prompt = 0;
		let output = 0;
		for (let i = 0; i < SIZE; i++) {
			prompt += workload.promptTokens[i];
			output += workload.outputTokens[i];
		}
		// If these move, the generator changed, not the engine: the snapshot below is then meaningless.
		expect({ n: workload.arrivalS.length, prompt, output, lastArrivalS: workload.arrivalS[SIZE - 1] }).toMatchSnapshot();
	});

	it('summaries match the committed snapshot', async () => {
		const doc = {
			engineVersion: ENGINE_VERSION,
			workload: workload.label,
			results: Object.fromEntries(SCENARIOS.map(([name, sc]) => [name, simulate(workload, sc).summary]))
		};
		await expect(JSON.stringify(doc, null, '\t') + '\n').toMatchFileSnapshot('./__snapshots__/golden.json');
	});

	it('two runs give bit-identical results, series and warnings included', () => {
		for (const [, sc] of SCENARIOS) {
			const a = simulate(workload, sc);
			const b = simulate(workload, structuredClone(sc));
			expect(JSON.stringify(b)).toBe(JSON.stringify(a));
			// JSON drops the sign of -0 and nothing else; compare the raw float bits of the summary too.
			const bits = (s: object) => Object.values(s).map((v) => (typeof v === 'number' ? new BigUint64Array(Float64Array.of(v).buffer)[0].toString(16) : String(v)));
			expect(bits(b.summary)).toEqual(bits(a.summary));
		}
	});

	it('the Node pool with 1 and 2 threads gives the same bits as in-process', async () => {
		const specs: RunSpec[] = SCENARIOS.map(([name, sc]) => ({
			key: `n=${SIZE}|${name}`,
			step: 1,
			size: SIZE,
			method: sc.method,
			gpus: sc.gpus,
			bins: sc.bins,
			scenario: sc,
			requests: SIZE
		}));
		const run = async (ex: RunExecutor): Promise<RunOutcome[]> => {
			pools.push(ex);
			await ex.prepare([{ size: SIZE, workload }]);
			return ex.run(specs);
		};
		const ref = await run(inProcessExecutor());
		expect(ref.every((o) => o.ok)).toBe(true);
		const one = await run(nodePoolExecutor({ workers: 1 }));
		const two = await run(nodePoolExecutor({ workers: 2 }));
		expect(JSON.stringify(one)).toBe(JSON.stringify(ref));
		expect(JSON.stringify(two)).toBe(JSON.stringify(ref));
	}, 60_000);
});
