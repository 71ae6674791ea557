/**
 * Result series stored packed (src/lib/cache/packed-series.ts): every list of numbers comes back as
 * the same numbers, bit for bit, through a structured clone (what IndexedDB keeps), and a real
 * simulation's series round-trips through the result cache unchanged while IndexedDB holds typed arrays.
 */
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { openDB } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';
import { packSeries, unpackSeries } from '../../src/lib/cache/packed-series';
import { getResults, putResults } from '../../src/lib/cache/results';
import { putTrace } from '../../src/lib/cache/traces';
import { simulate } from '../../src/lib/sim/index';
import { defaultScenario, methodScenario } from '../../src/lib/sim/presets';
import { synthesizeBurstGpt } from '../../src/lib/trace/synth';
import { DEFAULT_SHAPE, shapeWorkload } from '../../src/lib/trace/workload';
import { freshCache, makeReport, makeTrace } from './fixtures';

/** Every number as text that tells -0, NaN and each double apart; anything else as itself. */
function exact(x: unknown): unknown {
	if (typeof x === 'number') return Object.is(x, -0) ? '-0' : String(x);
	if (Array.isArray(x)) return x.map(exact);
	if (ArrayBuffer.isView(x)) return { typed: x.constructor.name };
	if (typeof x === 'object' && x !== null) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, exact(v)]));
	return x;
}

const anyNumber = fc.oneof(
	fc.double(),
	fc.integer({ min: 0, max: 2 ** 32 - 1 }),
	fc.integer({ min: -1000, max: -1 }),
	fc.constantFrom(-0, 0, 2 ** 32, 2 ** 53, NaN, Infinity, -Infinity, 0.5)
);
const numberList = fc.array(anyNumber, { maxLength: 40 });
const countList = fc.array(fc.integer({ min: 0, max: 2 ** 32 - 1 }), { minLength: 8, maxLength: 40 });
/** Whole numbers with the odd one out that a Uint32Array cannot hold (-0, 2^32 and beyond, a negative). */
const nearlyCounts = fc.array(fc.oneof({ weight: 20, arbitrary: fc.integer({ min: 0, max: 2 ** 32 - 1 }) }, { weight: 1, arbitrary: fc.constantFrom(-0, 2 ** 32, 2 ** 32 + 5, 2 ** 53, -1) }), { minLength: 8, maxLength: 40 });
const seriesLike = fc.record({
	cdf: fc.record({ x: numberList, y: numberList }),
	counts: countList,
	nearly: nearlyCounts,
	queues: fc.array(fc.oneof(countList, nearlyCounts, numberList), { maxLength: 4 }),
	perBin: fc.array(fc.record({ bin: fc.nat(), e2eP95S: fc.option(fc.double(), { nil: null }) }), { maxLength: 3 }),
	label: fc.string(),
	shared: fc.boolean()
});

describe('packed series', () => {
	it('every number survives packing, a structured clone and unpacking, bit for bit', () => {
		fc.assert(
			fc.property(seriesLike, (s) => {
				const back = unpackSeries(structuredClone(packSeries(s)));
				expect(exact(back)).toEqual(exact(s));
			}),
			{ numRuns: 300 }
		);
	});

	it('long lists of whole numbers become Uint32Array, other long lists Float64Array, short ones stay', () => {
		const packed = packSeries({ counts: [0, 1, 2, 3, 4, 5, 6, 7], times: [0, 0.5, 1, 2, 3, 4, 5, 6], negative: [0, 1, 2, 3, 4, 5, 6, -1], minusZero: [0, 1, 2, 3, 4, 5, 6, -0], short: [1, 2, 3] });
		expect(packed.counts).toBeInstanceOf(Uint32Array);
		expect(packed.times).toBeInstanceOf(Float64Array);
		expect(packed.negative).toBeInstanceOf(Float64Array);
		expect(packed.minusZero).toBeInstanceOf(Float64Array);
		expect(packed.short).toEqual([1, 2, 3]);
		// Unpacking a record stored before packing (plain arrays) changes nothing.
		const plain = { a: [1, 2, 3, 4, 5, 6, 7, 8], b: { c: [0.25] } };
		expect(unpackSeries(plain)).toEqual(plain);
	});
});

describe('a simulation result through the result cache', () => {
	let dbName = '';
	beforeEach(async () => {
		dbName = freshCache();
		expect(await putTrace('t', { name: 't.csv', sizeBytes: 1, format: 'burstgpt-v1' }, makeTrace(5, 't.csv'), makeReport(5))).toEqual({ stored: true });
	});

	it('comes back equal to the simulated one, while IndexedDB holds its series as typed arrays', async () => {
		const trace = synthesizeBurstGpt(3000, 7);
		const shaped = shapeWorkload(trace, { ...DEFAULT_SHAPE, size: 3000 });
		if (!shaped.ok) throw new Error(shaped.error.message);
		const result = simulate(shaped.workload, { ...methodScenario('multibin', defaultScenario()), gpus: 4, bins: 4 });
		expect(await putResults([{ key: 'k', traceHash: 't', scenarioKey: 's', result }], result.engineVersion)).toEqual({ stored: true });
		const got = await getResults(['k'], result.engineVersion);
		expect(exact(got.value.get('k'))).toEqual(exact(result));
		const raw = await openDB(dbName);
		const stored = await raw.get('results', 'k');
		raw.close();
		expect(stored.result.series.timeline.tS).toBeInstanceOf(Float64Array);
		expect(stored.result.series.timeline.queueLength).toBeInstanceOf(Uint32Array);
		expect(stored.result.series.e2eCdf.x).toBeInstanceOf(Float64Array);
	});
});
