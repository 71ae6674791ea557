import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizedScenarioKey, resultKey, sha256Hex, sha256HexOfText, stableStringify } from '../../src/lib/cache/key';
import { defaultScenario } from '../../src/lib/sim/presets';
import type { WorkloadShape } from '../../src/lib/trace/types';
import type { Scenario } from '../../src/lib/sim/types';

const shape: WorkloadShape = { size: 1000, selection: { kind: 'first' }, keepFailed: true, timing: { kind: 'scale', rpsScale: 200 } };

/** Rebuilds an object with its keys in reverse order at every depth. */
function reversed(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(reversed);
	if (value === null || typeof value !== 'object') return value;
	const out: Record<string, unknown> = {};
	for (const k of Object.keys(value).reverse()) out[k] = reversed((value as Record<string, unknown>)[k]);
	return out;
}

describe('sha256Hex', () => {
	it.each([
		['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
		['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad']
	])('hashes %j to the FIPS 180-2 test vector', async (text, hex) => {
		expect(await sha256HexOfText(text)).toBe(hex);
	});

	it('hashes a view over part of a buffer by its own bytes only', async () => {
		const big = new Uint8Array([0, 0, 97, 98, 99, 0]);
		expect(await sha256Hex(big.subarray(2, 5))).toBe(await sha256HexOfText('abc'));
		expect(await sha256Hex(new TextEncoder().encode('abc').buffer as ArrayBuffer)).toBe(await sha256HexOfText('abc'));
	});
});

describe('stableStringify', () => {
	it.each([
		[{ b: 1, a: 2 }, '{"a":2,"b":1}'],
		[{ a: { d: 1, c: [3, { f: 1, e: 2 }] } }, '{"a":{"c":[3,{"e":2,"f":1}],"d":1}}'],
		[{ x: 0.1 + 0.2 }, '{"x":0.3}'],
		[{ x: -0 }, '{"x":0}'],
		[{ x: undefined, y: 1 }, '{"y":1}'],
		[{ x: NaN, y: Infinity }, '{"x":"NaN","y":"Infinity"}'],
		[[1, undefined], '[1,null]']
	])('%j -> %s', (value, expected) => {
		expect(stableStringify(value)).toBe(expected);
	});

	it('keeps numbers that differ beyond float noise apart', () => {
		expect(stableStringify({ x: 0.3 })).not.toBe(stableStringify({ x: 0.3001 }));
		expect(stableStringify({ x: 1e-9 })).not.toBe(stableStringify({ x: 0 }));
	});

	it('is independent of key order (property)', () => {
		fc.assert(
			fc.property(fc.object({ maxDepth: 3 }), (obj) => {
				expect(stableStringify(reversed(obj))).toBe(stableStringify(obj));
			})
		);
	});
});

describe('normalizedScenarioKey', () => {
	it('gives the same key for the same scenario written in another key order', async () => {
		const s = defaultScenario();
		const a = await normalizedScenarioKey(s, shape);
		const b = await normalizedScenarioKey(reversed(s) as Scenario, reversed(shape) as WorkloadShape);
		expect(a).toMatch(/^[0-9a-f]{64}$/);
		expect(b).toBe(a);
	});

	it('changes when anything the engine reads changes', async () => {
		const base = await normalizedScenarioKey(defaultScenario(), shape);
		const others = await Promise.all([
			normalizedScenarioKey(defaultScenario({ gpus: 2 }), shape),
			normalizedScenarioKey(defaultScenario({ seed: 7 }), shape),
			normalizedScenarioKey(defaultScenario(), { ...shape, size: 1001 }),
			normalizedScenarioKey(defaultScenario(), { ...shape, timing: { kind: 'scale', rpsScale: 100 } })
		]);
		for (const k of others) expect(k).not.toBe(base);
		expect(new Set(others).size).toBe(others.length);
	});

	it('resultKey joins its parts so different parts give different keys', () => {
		expect(resultKey('t', 's', 'e1')).not.toBe(resultKey('t', 's', 'e2'));
		expect(resultKey('t', 's', 'e1')).toBe('t:s:e1');
	});
});
