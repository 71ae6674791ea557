/**
 * The reference simulator on cases small enough to work out by hand (the fitted model makes every
 * step a constant: prefill alpha, decode beta with gamma = 0), and its near-tie counter.
 */
import { describe, expect, it } from 'vitest';
import { referenceRun, type ReferenceSettings } from '../../src/lib/sim-reference/index';
import { countNearTies } from '../../src/lib/sim-reference/ties';
import { createPerfModel } from '../../src/lib/sim/perf/index';
import { DEFAULT_CONTINUOUS, defaultScenario } from '../../src/lib/sim/presets';

const ALPHA = 0.1;
const BETA = 0.01;
const perf = createPerfModel(defaultScenario({ perf: { kind: 'fitted', alphaS: ALPHA, betaS: BETA, gamma: 0 } }));
const rows = (xs: [number, number, number][]) => xs.map(([arrivalS, prompt, output]) => ({ arrivalS, prompt, output }));
const settings = (over: Partial<ReferenceSettings>): ReferenceSettings => ({
	gpus: 1,
	regime: 'request',
	sizing: { kind: 'fixed', batch: 2 },
	bins: 1,
	binPolicy: 'oldest',
	continuous: { ...DEFAULT_CONTINUOUS },
	sla: { tbtS: 0.05 },
	// The hand cases below are the shared queue's unless they say otherwise.
	routing: 'global',
	seed: 1,
	...over
});
const run = (reqs: ReturnType<typeof rows>, s: ReferenceSettings, kv = 100_000, bin?: number[]) =>
	referenceRun(reqs, s, { perf, kvCapacityTokens: kv, bin: bin ?? reqs.map(() => 0), dropCode: reqs.map(() => 0) });

describe('request level, by hand', () => {
	it('a batch of two decodes until its longest is done; the third request waits for the GPU', () => {
		const r = run(rows([[0, 10, 3], [0, 10, 5], [0, 10, 1]]), settings({}));
		expect(r.startS).toEqual([0, 0, expect.closeTo(ALPHA + 4 * BETA, 12)]);
		expect(r.firstTokenS[0]).toBeCloseTo(ALPHA, 12);
		expect(r.lastTokenS[0]).toBeCloseTo(ALPHA + 2 * BETA, 12); // 3 tokens: prefill + 2 decode steps
		expect(r.lastTokenS[1]).toBeCloseTo(ALPHA + 4 * BETA, 12);
		expect(r.lastTokenS[2]).toBeCloseTo(2 * ALPHA + 4 * BETA, 12); // 1 token: out of prefill
		expect(r.batchOf).toEqual([0, 0, 1]);
	});
	it('a failed row (0 output tokens) finishes at the end of its prefill', () => {
		const r = run(rows([[1, 10, 0]]), settings({}));
		expect([r.startS[0], r.firstTokenS[0], r.lastTokenS[0]]).toEqual([1, 1 + ALPHA, 1 + ALPHA]);
	});
	it('a batch stops short of the KV capacity; two GPUs split the queue, lowest index first', () => {
		const r = run(rows([[0, 60, 10], [0, 60, 10], [0, 60, 10]]), settings({ gpus: 2, sizing: { kind: 'fixed', batch: 3 } }), 150);
		expect(r.gpuOf).toEqual([0, 0, 1]);
		expect(r.startS).toEqual([0, 0, 0]);
	});
	it('behind a least-outstanding router each GPU batches its own queue', () => {
		// Outstanding at each arrival: (0, 0) -> GPU 0, (1, 0) -> GPU 1, (1, 1) -> GPU 0 (the lower index).
		const r = run(rows([[0, 60, 10], [0, 60, 10], [0, 60, 10]]), settings({ gpus: 2, sizing: { kind: 'fixed', batch: 3 }, routing: 'least-outstanding' }), 150);
		expect(r.routedTo).toEqual([0, 1, 0]);
		expect(r.gpuOf).toEqual([0, 1, 0]);
		expect(r.startS).toEqual([0, 0, 0]);
		expect(r.batchOf).toEqual([0, 1, 0]);
	});
	it('a round-robin router sends a request to a busy GPU even when another is idle', () => {
		// Request 1 arrives while GPU 1 is idle but goes to GPU 1 by turn; request 2 goes to GPU 0, busy until alpha + 9 beta.
		const r = run(rows([[0, 10, 10], [0.01, 10, 1], [0.02, 10, 1]]), settings({ gpus: 2, routing: 'round-robin' }));
		expect(r.routedTo).toEqual([0, 1, 0]);
		expect(r.startS[1]).toBe(0.01);
		expect(r.startS[2]).toBeCloseTo(ALPHA + 9 * BETA, 12);
	});
});

describe('iteration level, by hand', () => {
	const cont = (over: Partial<ReferenceSettings['continuous']>) => settings({ regime: 'iteration', continuous: { ...DEFAULT_CONTINUOUS, ...over } });
	it('a prompt over the token budget is prefilled in chunks; its first token comes out of the last chunk', () => {
		const r = run(rows([[0, 100, 3]]), cont({ tokenBudget: 64 }));
		expect(r.firstTokenS[0]).toBeCloseTo(2 * ALPHA, 12); // chunks of 64 and 36 tokens
		expect(r.lastTokenS[0]).toBeCloseTo(2 * ALPHA + 2 * BETA, 12);
	});
	it('a request arriving mid-decode joins at the next step boundary', () => {
		const r = run(rows([[0, 10, 10], [ALPHA + 2.5 * BETA, 10, 2]]), cont({}));
		expect(r.startS[1]).toBeCloseTo(ALPHA + 3 * BETA, 12);
		// That step prefills request 1 and decodes request 0: alpha + beta.
		expect(r.firstTokenS[1]).toBeCloseTo(2 * ALPHA + 4 * BETA, 12);
	});
	it('when KV blocks run out, the newest request is preempted and recomputes its prompt and emitted tokens', () => {
		// 4-token blocks, 5 blocks: two 8-token prompts take 4; their growth needs 2 more at step 1 of decode.
		// After the joint prefill (alpha) both hold 8 tokens and need a fifth and sixth block: request 1
		// (the newest) is preempted with 1 token emitted. Request 0 decodes its 5 other tokens alone
		// (request 1's 9-token recompute needs 3 blocks, and only 2 are free), then request 1 prefills
		// 8 + 1 tokens (alpha, emitting its 2nd token) and decodes its last 4.
		const r = run(rows([[0, 8, 6], [0, 8, 6]]), cont({ blockSize: 4 }), 20);
		expect(r.preemptions).toBe(1);
		expect(r.startS).toEqual([0, 0]);
		expect(r.firstTokenS[1]).toBeCloseTo(ALPHA, 12);
		expect(r.lastTokenS[0]).toBeCloseTo(ALPHA + 5 * BETA, 12);
		expect(r.lastTokenS[1]).toBeCloseTo(2 * ALPHA + 9 * BETA, 12);
	});
	it('a request whose KV blocks can never fit is dropped', () => {
		const r = run(rows([[0, 30, 12]]), cont({ blockSize: 16 }), 40);
		expect(r.dropCode).toEqual([1]);
		expect(r.lastTokenS[0]).toBeNaN();
	});
});

describe('near-ties', () => {
	it('counts an arrival at any GPU boundary and two GPUs contending together, not one GPU with itself', () => {
		expect(countNearTies([{ t: 1, gpu: -1 }, { t: 1 + 1e-12, gpu: 0 }])).toBe(1);
		expect(countNearTies([{ t: 2, gpu: 0, contended: true }, { t: 2, gpu: 1, contended: true }])).toBe(1);
		expect(countNearTies([{ t: 2, gpu: 0, contended: true }, { t: 2, gpu: 1 }])).toBe(1);
		expect(countNearTies([{ t: 2, gpu: 0 }, { t: 2, gpu: 1 }])).toBe(0);
		expect(countNearTies([{ t: 2, gpu: 0 }, { t: 2, gpu: 0 }, { t: 1, gpu: -1 }, { t: 1, gpu: -1 }])).toBe(0);
		expect(countNearTies([{ t: 1, gpu: -1 }, { t: 1.001, gpu: 0 }])).toBe(0);
	});
});
