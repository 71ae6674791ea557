import { afterEach, describe, expect, it } from 'vitest';
import { giveBack, pooledBytes, POOL_MAX_BYTES, releasePool, takeFloat64, takeInt32, takeUint32, takeUint8 } from '../../../src/lib/sim/engine/array-pool';
import { cdfAndLogHistogram, cdfPoints, logHistogram } from '../../../src/lib/sim/metrics';
import { defaultScenario, methodScenario, simulate } from '../../../src/lib/sim/index';
import { prepareContext } from '../../../src/lib/sim/index';
import { runRegime } from '../../../src/lib/sim/engine/run';
import { synthesizeBurstGpt } from '../../../src/lib/trace/synth';
import { DEFAULT_SHAPE, shapeWorkload } from '../../../src/lib/trace/workload';

afterEach(() => releasePool());

describe('array pool', () => {
	it('hands a given-back array out again only for its exact length and type, once', () => {
		const a = new Float64Array(5000);
		giveBack(a);
		expect(takeFloat64(4999)).not.toBe(a);
		expect(takeInt32(5000)).not.toBe(a);
		expect(takeFloat64(5000)).toBe(a);
		expect(takeFloat64(5000)).not.toBe(a); // taken: not handed out twice
		const u = new Uint32Array(5000);
		const b = new Uint8Array(5000);
		giveBack(u, b);
		expect(takeUint8(5000)).toBe(b);
		expect(takeUint32(5000)).toBe(u);
	});

	it('keeps neither views nor small arrays, and never more than its byte cap', () => {
		const big = new Float64Array(8192);
		giveBack(big.subarray(0, 4096), new Float64Array(100));
		expect(pooledBytes()).toBe(0);
		const n = Math.ceil(POOL_MAX_BYTES / 8 / 3);
		giveBack(new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n));
		expect(pooledBytes()).toBeLessThanOrEqual(POOL_MAX_BYTES);
		expect(pooledBytes()).toBeGreaterThan(0);
	});
});

describe('fused E2E series', () => {
	const rand = (seed: number) => () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
	const cases: [string, Float64Array][] = [
		['large log-normal', Float64Array.from({ length: 70_000 }, (_, i, r = rand(i + 1)) => Math.exp(4 * r() - 2))],
		['large with zeros and negatives', Float64Array.from({ length: 70_000 }, (_, i) => (i % 7 === 0 ? 0 : i % 11 === 0 ? -1 : 1 + (i % 977) / 13))],
		['large constant', new Float64Array(70_000).fill(3)],
		['small', Float64Array.from({ length: 1000 }, (_, i) => 0.5 + i)],
		['empty', new Float64Array(0)]
	];
	for (const [name, values] of cases) {
		it(`equals cdfPoints and logHistogram bit for bit: ${name}`, () => {
			const fused = cdfAndLogHistogram(values);
			expect(fused.cdf).toEqual(cdfPoints(values));
			expect(fused.histogram).toEqual(logHistogram(values));
		});
	}
});

describe('simulate with pooled columns', () => {
	const n = 20_000;
	const shaped = shapeWorkload(synthesizeBurstGpt(n, 3), { ...DEFAULT_SHAPE, size: n, timing: { kind: 'scale', rpsScale: 200 } });
	if (!shaped.ok) throw new Error(shaped.error.message);
	const w = shaped.workload;

	it('gives the same result run after run, and never touches records a caller kept', () => {
		const s = methodScenario('multibin', defaultScenario(), { gpus: 4, bins: 4 });
		const kept = runRegime(w, s, prepareContext(w, s).ctx);
		const copy = Float64Array.from(kept.lastTokenS);
		const first = JSON.stringify(simulate(w, s));
		const c = methodScenario('continuous', defaultScenario(), { gpus: 4 });
		simulate(w, c);
		expect(JSON.stringify(simulate(w, s))).toBe(first);
		expect(kept.lastTokenS).toEqual(copy);
		expect(pooledBytes()).toBeGreaterThan(0); // the runs did hand their columns back
	});

	it('continuous batching reuses its per-request state arrays without carrying anything over', () => {
		// A run with preemptions and long decodes dirties every state column; the next run must not see it.
		const tight = methodScenario('continuous', defaultScenario(), { gpus: 1 });
		const light = methodScenario('continuous', defaultScenario(), { gpus: 8 });
		releasePool();
		const fresh = JSON.stringify(simulate(w, light));
		// The 13 state columns (65 B a request) came back, beside the record and summary columns.
		expect(pooledBytes()).toBeGreaterThan(n * 65);
		simulate(w, tight);
		expect(JSON.stringify(simulate(w, light))).toBe(fresh);
		expect(JSON.stringify(simulate(w, tight))).toBe(JSON.stringify(simulate(w, tight)));
	});
});
