import { describe, expect, it } from 'vitest';
import { createPrepareMemo, defaultScenario, methodScenario, simulate } from '../../../src/lib/sim/index';
import { equalMassEdges, edgesFromSorted, sortedPredictions } from '../../../src/lib/sim/bins';
import { synthesizeBurstGpt } from '../../../src/lib/trace/synth';
import { DEFAULT_SHAPE, shapeWorkload } from '../../../src/lib/trace/workload';

const n = 8000;
const shaped = shapeWorkload(synthesizeBurstGpt(n, 5), { ...DEFAULT_SHAPE, size: n, timing: { kind: 'scale', rpsScale: 200 } });
if (!shaped.ok) throw new Error(shaped.error.message);
const w = shaped.workload;

describe('prepare memo', () => {
	it('equal-mass edges from the shared sorted copy equal the direct ones', () => {
		const p = Uint32Array.from(w.outputTokens);
		const include = Uint8Array.from(p, (x, i) => (i % 3 ? 1 : 0));
		for (const k of [1, 2, 4, 8, 32]) expect(edgesFromSorted(sortedPredictions(p, include), k)).toEqual(equalMassEdges(p, k, include));
	});

	it('runs of one workload sharing a memo give the same bits as runs without', () => {
		const memo = createPrepareMemo(w);
		const base = defaultScenario();
		const scenarios = [
			methodScenario('multibin', base, { gpus: 4, bins: 4 }),
			methodScenario('multibin', base, { gpus: 8, bins: 8 }),
			methodScenario('static', base, { gpus: 4 }),
			methodScenario('continuous', base, { gpus: 2 }),
			methodScenario('multibin', { ...base, predictor: { kind: 'noisy', sigma: 0.5 } }, { gpus: 4, bins: 4 }),
			// A small KV budget: the continuous scheduler drops more requests and must not write the shared codes.
			methodScenario('continuous', { ...base, efficiency: { ...base.efficiency, memUtil: 0.5 } }, { gpus: 2 }),
			methodScenario('multibin', base, { gpus: 4, bins: 4 })
		];
		for (const s of scenarios) expect(JSON.stringify(simulate(w, s, undefined, memo))).toBe(JSON.stringify(simulate(w, s)));
		expect(memo.values.size).toBeGreaterThan(4);
	});

	it('ignores a memo made for another workload', () => {
		const other = createPrepareMemo({ ...w });
		const s = methodScenario('multibin', defaultScenario(), { gpus: 4, bins: 4 });
		expect(JSON.stringify(simulate(w, s, undefined, other))).toBe(JSON.stringify(simulate(w, s)));
		expect(other.values.size).toBe(0);
	});
});
