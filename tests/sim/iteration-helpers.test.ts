/** The iteration-level engine's helpers: paged-KV periodicity, stretch clock, heaps, queues. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GPUS, MODELS } from '../../src/lib/catalog/index';
import { createPerfModel, createStretchCoefficients, firstStepReaching, stretchTimeS } from '../../src/lib/sim/perf/index';
import { DEFAULT_EFFICIENCY } from '../../src/lib/sim/presets';
import { arrive, chooseBin, createAdmissionQueues, headOf, popHead, pushFront } from '../../src/lib/sim/engine/queues';
import { createGpuClock, popEarliest, schedule } from '../../src/lib/sim/engine/clock';
import { blocksFor, blocksOverSteps, needingPhase, phaseOf, stepsWithinBlocks } from '../../src/lib/sim/engine/kv-blocks';
import { createStepHeap, heapPop, heapPush } from '../../src/lib/sim/batching/continuous/step-heap';

/** Blocks a set of decoders holding `held` tokens allocate over k steps, by brute force. */
function bruteBlocks(held: number[], blockSize: number, k: number): number {
	let n = 0;
	for (const c of held) n += blocksFor(c + k, blockSize) - blocksFor(c, blockSize);
	return n;
}

function perPhaseOf(held: number[], s0: number, blockSize: number): Int32Array {
	const p = new Int32Array(blockSize);
	for (const c of held) p[phaseOf(c, s0, blockSize)]++;
	return p;
}

describe('kv-blocks', () => {
	it.each([
		[0, 16, 0],
		[1, 16, 1],
		[16, 16, 1],
		[17, 16, 2],
		[32, 16, 2]
	])('blocksFor(%i tokens, block %i) = %i', (tokens, bs, want) => expect(blocksFor(tokens, bs)).toBe(want));

	it.each([
		[0, 16, 0],
		[1, 16, 15],
		[15, 16, 1],
		[16, 16, 0],
		[33, 16, 15]
	])('needingPhase(step %i, block %i) = %i', (s, bs, want) => expect(needingPhase(s, bs)).toBe(want));

	it('counts the blocks of a stretch like stepping token by token', () => {
		fc.assert(
			fc.property(
				fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 12 }),
				fc.integer({ min: 1, max: 20 }),
				fc.integer({ min: 0, max: 1000 }),
				fc.integer({ min: 0, max: 90 }),
				(held, bs, s0, k) => {
					expect(blocksOverSteps(perPhaseOf(held, s0, bs), bs, held.length, s0, k)).toBe(bruteBlocks(held, bs, k));
				}
			)
		);
	});

	it('finds the last step before the free blocks run out', () => {
		fc.assert(
			fc.property(
				fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 12 }),
				fc.integer({ min: 1, max: 20 }),
				fc.integer({ min: 0, max: 1000 }),
				fc.integer({ min: 0, max: 60 }),
				(held, bs, s0, free) => {
					const k = stepsWithinBlocks(perPhaseOf(held, s0, bs), bs, held.length, s0, free);
					expect(bruteBlocks(held, bs, k)).toBeLessThanOrEqual(free);
					expect(bruteBlocks(held, bs, k + 1)).toBeGreaterThan(free);
				}
			)
		);
		expect(stepsWithinBlocks(new Int32Array(16), 16, 0, 0, 0)).toBe(Infinity);
	});
});

describe('decode-clock', () => {
	const cases = [
		['qwen3-1.7b', 'rtx-4080-12gb'],
		['qwen3-1.7b', 'h100-sxm'],
		[MODELS[MODELS.length - 1].id, GPUS[0].id]
	];
	it.each(cases)('matches perf.decodeStretchS bit for bit (%s on %s)', (modelId, gpuId) => {
		const model = MODELS.find((m) => m.id === modelId)!;
		const gpu = GPUS.find((g) => g.id === gpuId)!;
		const s = { model, gpu, efficiency: DEFAULT_EFFICIENCY, perf: { kind: 'roofline' as const } };
		const perf = createPerfModel(s);
		const L = createStretchCoefficients();
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 512 }), fc.integer({ min: 0, max: 2_000_000 }), fc.integer({ min: 0, max: 50_000 }), (b, ctx0, k) => {
				perf.stretchCoefficients(b, ctx0, L);
				expect(stretchTimeS(L, k)).toBe(perf.decodeStretchS(b, ctx0, k));
			})
		);
	});

	it('matches the fitted model too', () => {
		const s = { model: MODELS[0], gpu: GPUS[0], efficiency: DEFAULT_EFFICIENCY, perf: { kind: 'fitted' as const, alphaS: 0.05, betaS: 0.01, gamma: 0.3 } };
		const perf = createPerfModel(s);
		const L = createStretchCoefficients();
		perf.stretchCoefficients(7, 1000, L);
		for (const k of [1, 2, 17, 1000]) expect(stretchTimeS(L, k)).toBe(perf.decodeStretchS(7, 1000, k));
	});

	it('finds the first boundary at or after a time', () => {
		fc.assert(
			fc.property(
				fc.double({ min: 1e-4, max: 1e-2, noNaN: true }),
				fc.double({ min: 0, max: 1e-5, noNaN: true }),
				fc.double({ min: 1e-4, max: 1e-2, noNaN: true }),
				fc.double({ min: 0, max: 1e-5, noNaN: true }),
				fc.double({ min: 0, max: 5, noNaN: true }),
				(a1, b1, a2, b2, x) => {
					const c = { constS: 0.001, computeS0: a1, computeSlopeS: b1, memoryS0: a2, memorySlopeS: b2 };
					const T = (k: number) => stretchTimeS(c, k);
					const k = firstStepReaching(c, x);
					expect(k).toBeGreaterThanOrEqual(1);
					expect(T(k)).toBeGreaterThanOrEqual(x);
					if (k > 1) expect(T(k - 1)).toBeLessThan(x);
				}
			)
		);
	});
});

describe('heaps', () => {
	it('step heap pops in (key, id) order', () => {
		fc.assert(
			fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 1000 }))), (pairs) => {
				const h = createStepHeap(2);
				for (const [k, id] of pairs) heapPush(h, k, id);
				const out: [number, number][] = [];
				while (h.size > 0) {
					out.push([h.keys[0], h.ids[0]]);
					heapPop(h);
				}
				expect(out).toEqual([...pairs].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
			})
		);
	});

	it('GPU clock orders by time, then lowest index, and moves entries', () => {
		const c = createGpuClock(4);
		schedule(c, 3, 1);
		schedule(c, 1, 2);
		schedule(c, 2, 1);
		schedule(c, 0, 5);
		schedule(c, 0, 1); // moved earlier: ties go to the lowest index
		schedule(c, 2, 3); // moved later
		expect([popEarliest(c), popEarliest(c), popEarliest(c), popEarliest(c), popEarliest(c)]).toEqual([0, 3, 1, 2, -1]);
	});
});

describe('admission queues', () => {
	const arrivalS = Float64Array.from([0, 1, 2, 3, 4]);
	const bin = [0, 1, 0, 1, 1];
	it('keeps arrival order per bin and puts preempted requests in front', () => {
		const q = createAdmissionQueues(2, bin, [1, 1, 1, 1, 1], 5);
		for (const i of [0, 1, 2, 3]) arrive(q, bin[i]);
		expect([headOf(q, 0), headOf(q, 1), q.total]).toEqual([0, 1, 4]);
		popHead(q, 0);
		expect(headOf(q, 0)).toBe(2);
		pushFront(q, 0, 0);
		expect([headOf(q, 0), q.waiting[0]]).toEqual([0, 2]);
	});
	it.each([
		['oldest', 0],
		['longest', 1],
		['round-robin', 0]
	] as const)('%s picks bin %i among fitting heads', (policy, want) => {
		const q = createAdmissionQueues(2, bin, [1, 1, 1, 1, 1], 5);
		for (const i of [0, 1, 2, 3, 4]) arrive(q, bin[i]);
		expect(chooseBin(q, policy, arrivalS, () => true)).toBe(want);
		// A bin whose head does not fit is never chosen.
		expect(chooseBin(q, policy, arrivalS, (id) => id !== headOf(q, want))).toBe(1 - want);
	});
});
