import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { defaultParams } from '../../src/lib/state/params';
import { paramsFromQuery, parseIntList, queryFromParams } from '../../src/lib/state/url';

describe('parseIntList', () => {
	test.each([
		['1,2,4', 'gpus', [1, 2, 4]],
		['4, 2 ,1,2', 'gpus', [1, 2, 4]],
		['1k,10k,1M', 'sizes', [1000, 10000, 1000000]],
		['1.5k', 'sizes', [1500]],
		['32;1', 'bins', [1, 32]]
	] as const)('%s -> %j', (text, key, want) => {
		expect(parseIntList(text, key)).toEqual({ ok: true, value: want });
	});
	test.each([
		['', 'gpus', 'at least one'],
		['1,x', 'gpus', '"x" is not a whole number'],
		['0', 'gpus', 'out of range'],
		['1.5', 'bins', 'not a whole number'],
		['65', 'bins', 'out of range'],
		['-1', 'sizes', 'not a whole number'],
		['1,2,3,4,5,6,7,8,9,10,11,12,13', 'bins', 'at most 12']
	] as const)('%s is refused with "%s"', (text, key, msg) => {
		const r = parseIntList(text, key);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.message).toContain(msg);
	});
});

describe('paramsFromQuery', () => {
	test('an empty query gives the study defaults and no notices', () => {
		expect(paramsFromQuery('')).toEqual({ params: defaultParams(), notices: [] });
	});
	test('readable names set the scenario', () => {
		const { params, notices } = paramsFromQuery('?sizes=200,1000&gpus=1,2&bins=1,2&model=qwen3-1.7b&gpu=h100-sxm&rps=100&tbt=40&seed=7&objective=cost&e2e=30');
		expect(notices).toEqual([]);
		expect(params.sizes).toEqual([200, 1000]);
		expect(params.gpus).toEqual([1, 2]);
		expect(params.bins).toEqual([1, 2]);
		expect(params.gpu).toBe('h100-sxm');
		expect(params.rps).toBe(100);
		expect(params.tbt).toBe(40);
		expect(params.seed).toBe(7);
		expect(params.objective).toBe('cost');
		expect(params.e2e).toBe(30);
	});
	test.each([
		['gpus=1,zero', 'gpus', 'gpus'],
		['model=gpt-17', 'model', 'model'],
		['gpu=<script>', 'gpu', 'gpu'],
		['rps=-5', 'rps', 'rps'],
		['tbt=abc', 'tbt', 'tbt'],
		['seed=1.5', 'seed', 'seed'],
		['mfu=2', 'mfu', 'mfu'],
		['predictor=psychic', 'predictor', 'predictor'],
		['failed=yes', 'failed', 'keepFailed'],
		['step1cont=no', 'step1cont', 'step1Continuous'],
		['cm=1,2', 'cm', 'customModel'],
		['k=0', 'k', 'scalingBins']
	] as const)('%s falls back to the default with a notice', (query, name, key) => {
		const { params, notices } = paramsFromQuery(query);
		expect(params[key]).toEqual(defaultParams()[key]);
		expect(notices).toHaveLength(1);
		expect(notices[0]).toContain(`"${name}=`);
		expect(notices[0]).toContain('default');
	});
	test('unknown names are reported, valid ones next to them still apply', () => {
		const { params, notices } = paramsFromQuery('foo=1&gpus=8');
		expect(params.gpus).toEqual([8]);
		expect(notices).toEqual(['"foo" is not a servescope setting and was ignored.']);
	});
	test('an empty optional target means none', () => {
		expect(paramsFromQuery('e2e=&ttft=2').params).toMatchObject({ e2e: null, ttft: 2 });
	});
});

describe('queryFromParams', () => {
	test('defaults give an empty query', () => {
		expect(queryFromParams(defaultParams())).toBe('');
	});
	test('Step 1 without continuous batching travels as step1cont=0', () => {
		const q = queryFromParams({ ...defaultParams(), step1Continuous: false });
		expect(q).toBe('step1cont=0');
		expect(paramsFromQuery(q).params.step1Continuous).toBe(false);
		expect(paramsFromQuery('step1cont=1').params.step1Continuous).toBe(true);
	});
	test('only changed values, commas kept readable', () => {
		const p = { ...defaultParams(), sizes: [200, 1000], gpus: [1, 2], gpu: 'h100-sxm', tbt: 40 };
		expect(queryFromParams(p)).toBe('sizes=200,1000&gpus=1,2&gpu=h100-sxm&tbt=40');
	});
	test('custom model and GPU travel as tuples', () => {
		const p = { ...defaultParams(), model: 'custom', gpu: 'custom' };
		const q = queryFromParams(p);
		expect(q).toContain('cm=28,2048,16,8,128,6144,151936');
		expect(q).toContain('cg=24,1000,150');
		expect(paramsFromQuery(q).params).toEqual(p);
	});
	test('round trip: any valid scenario survives the URL (property)', () => {
		const list = (max: number) => fc.uniqueArray(fc.integer({ min: 1, max }), { minLength: 1, maxLength: 8 }).map((a) => [...a].sort((x, y) => x - y));
		fc.assert(
			fc.property(
				list(10_000_000), list(4096), list(64),
				fc.constantFrom('qwen3-1.7b', 'custom'), fc.constantFrom('h100-sxm', 'rtx-4080-12gb', 'custom'),
				fc.double({ min: 0.001, max: 1e6, noNaN: true }), fc.integer({ min: 1, max: 1000 }),
				fc.option(fc.double({ min: 0.01, max: 1000, noNaN: true }), { nil: null }),
				fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.boolean(), fc.double({ min: 0.01, max: 1, noNaN: true }), fc.boolean(),
				(sizes, gpus, bins, model, gpu, rps, tbt, e2e, seed, keepFailed, mfu, step1Continuous) => {
					const p = { ...defaultParams(), sizes, gpus, bins, model, gpu, rps, tbt, e2e, seed, keepFailed, mfu, step1Continuous };
					const back = paramsFromQuery(queryFromParams(p));
					expect(back.notices).toEqual([]);
					expect(back.params).toEqual(p);
				}
			),
			{ numRuns: 200 }
		);
	});
});
