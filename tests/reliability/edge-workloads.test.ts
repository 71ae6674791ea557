import Papa from 'papaparse';
/**
 * Numerical safety through the whole pipeline: degenerate workloads (no requests, all arriving at
 * once, all failed rows, one request, requests no GPU can hold) on 1 and 1024 GPUs, through
 * simulate() -> summary and series, and through runStudy (in-process) -> every export file.
 * Nothing may come out as NaN, Infinity or undefined: a value is a finite number, an explicit null,
 * an empty CSV cell or a word ("n/a", "not run").
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/lib/sim/index';
import { defaultScenario, methodScenario } from '../../src/lib/sim/presets';
import type { MethodName, Scenario, SimSummary } from '../../src/lib/sim/types';
import { studyConfig } from '../../src/lib/study/config';
import { studyFiles } from '../../src/lib/study/export';
import { inProcessExecutor } from '../../src/lib/study/in-process';
import { runStudy } from '../../src/lib/study/run-study';
import type { Workload } from '../../src/lib/trace/types';

function workload(arrivals: number[], prompts: number[], outputs: number[], label: string): Workload {
	return {
		arrivalS: Float64Array.from(arrivals),
		promptTokens: Uint32Array.from(prompts),
		outputTokens: Uint32Array.from(outputs),
		label,
		synthetic: true
	};
}

const N = 40;
const range = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));

/**
 * The degenerate workloads, each with what its summary must say: completed (served with >= 1 output
 * token), failed (rows with 0 output tokens, simulated but not "completed"), dropped (never fits).
 */
const EDGE: { name: string; w: Workload; completed: number; failed: number; dropped: number }[] = [
	{ name: 'zero requests', w: workload([], [], [], 'empty'), completed: 0, failed: 0, dropped: 0 },
	{ name: 'one request', w: workload([0], [200], [50], 'one'), completed: 1, failed: 0, dropped: 0 },
	{ name: 'one request with one output token', w: workload([3], [200], [1], 'one token'), completed: 1, failed: 0, dropped: 0 },
	{ name: 'one failed request', w: workload([0], [200], [0], 'one failed'), completed: 0, failed: 1, dropped: 0 },
	{ name: 'zero duration (all arrive at once)', w: workload(range(N, () => 5), range(N, (i) => 100 + i), range(N, (i) => 10 + i), ''), completed: N, failed: 0, dropped: 0 },
	{ name: 'all failed (0 output tokens)', w: workload(range(N, (i) => i * 0.1), range(N, () => 300), range(N, () => 0), ''), completed: 0, failed: N, dropped: 0 },
	{ name: 'all failed and all at once', w: workload(range(N, () => 0), range(N, () => 300), range(N, () => 0), ''), completed: 0, failed: N, dropped: 0 },
	{ name: 'every request too long for any GPU (all dropped)', w: workload(range(4, (i) => i), range(4, () => 3_000_000), range(4, () => 10), ''), completed: 0, failed: 0, dropped: 4 }
].map((e) => ({ ...e, w: { ...e.w, label: e.name } }));

/** Walks any plain value; returns the paths of numbers that are not finite and of undefined fields. */
function badNumbers(v: unknown, path = '$', out: string[] = []): string[] {
	if (v === undefined) out.push(`${path} = undefined`);
	else if (typeof v === 'number') {
		if (!Number.isFinite(v)) out.push(`${path} = ${v}`);
	} else if (ArrayBuffer.isView(v)) {
		const a = v as unknown as ArrayLike<number>;
		for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) out.push(`${path}[${i}] = ${a[i]}`);
	} else if (Array.isArray(v)) v.forEach((x, i) => badNumbers(x, `${path}[${i}]`, out));
	else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) badNumbers(x, `${path}.${k}`, out);
	return out;
}

const METHODS: MethodName[] = ['static', 'dynamic', 'multibin', 'continuous'];
const scenario = (method: MethodName, gpus: number): Scenario =>
	methodScenario(method, defaultScenario({ costPerGpuHour: 2.5, sla: { tbtS: 0.05, e2eS: 10, ttftS: 1 } }), { gpus, bins: method === 'multibin' ? 4 : 1 });

describe('simulate(): degenerate workloads give defined numbers or null', () => {
	for (const e of EDGE) {
		for (const method of METHODS) {
			for (const gpus of [1, 1024]) {
				it(`${e.name}, ${method}, ${gpus} GPU(s)`, () => {
					const r = simulate(e.w, scenario(method, gpus));
					expect(badNumbers(r)).toEqual([]);
					const s: SimSummary = r.summary;
					expect(s.requests).toBe(e.w.arrivalS.length);
					expect([s.completed, s.failed, s.dropped]).toEqual([e.completed, e.failed, e.dropped]);
					if (s.completed === 0) {
						// No request emitted a token: no latency, no violation share (explicit nulls, never 0/0).
						expect([s.e2eP95S, s.ttftP95S, s.tbtP95Ms, s.slaViolationRate, s.e2eMeanS]).toEqual([null, null, null, null, null]);
					}
					if (s.completed + s.failed === 0) {
						// Nothing ran at all: no rate and no utilization either.
						expect([s.outputTokPerS, s.gpuUtilization, s.tokPerSPerGpu]).toEqual([null, null, null]);
					} else if (s.completed === 0) {
						// Failed rows cost prefills: the GPU was busy, nothing came out.
						expect(s.outputTokens).toBe(0);
						expect(s.outputTokPerS === null || s.outputTokPerS === 0).toBe(true);
					}
					if (e.w.outputTokens.every((x) => x < 2)) expect(s.tbtP95Ms).toBeNull();
					for (const v of [s.slaViolationRate, s.e2eViolationRate, s.ttftViolationRate, s.gpuUtilization]) {
						if (v !== null) expect(v >= 0 && v <= 1).toBe(true);
					}
					expect(s.makespanS).toBeGreaterThanOrEqual(0);
					if (s.outputTokens === 0) expect(s.costPerMTokUsd).toBeNull();
				});
			}
		}
	}
});

describe('runStudy -> exports: degenerate workloads never print NaN, Infinity or undefined', () => {
	for (const e of EDGE) {
		it(e.name, async () => {
			const config = studyConfig({ sizes: [1], gpuCounts: [1, 1024], binCounts: [1, 2], scalingBins: 2 }, defaultScenario({ costPerGpuHour: 1 }));
			const r = await runStudy({ workloads: [{ size: 1, workload: e.w }] }, config, inProcessExecutor());
			expect(r.failures).toEqual([]);
			expect(badNumbers({ ...r, wallS: 0 })).toEqual([]);
			const files = studyFiles(r);
			expect(files.map((f) => f.file)).toHaveLength(7);
			for (const f of files) {
				expect(f.text, f.file).not.toMatch(/NaN|Infinity|undefined|\[object /);
				if (f.file.endsWith('.json')) expect(() => JSON.parse(f.text)).not.toThrow();
				else {
					// Rectangular CSV: every row has the header's number of cells.
					const rows = Papa.parse<string[]>(f.text.trimEnd()).data.map((r) => r.length);
					expect(new Set(rows).size, f.file).toBe(1);
				}
			}
		});
	}

	it('a Step 2 row that never ran says so instead of printing numbers', async () => {
		// Attainment target 100% with every run missing a 1 ns TPOT: no optimized pick, so its row is "not run".
		const w = EDGE[4].w;
		const config = studyConfig({ sizes: [1], gpuCounts: [1], binCounts: [1], attainment: 1 }, defaultScenario({ sla: { tbtS: 1e-9 } }));
		const r = await runStudy({ workloads: [{ size: 1, workload: w }] }, config, inProcessExecutor());
		const csv = studyFiles(r).find((f) => f.file === 'step2_comparison.csv')?.text ?? '';
		const optimized = csv.split('\n').find((l) => /^1,[^,]*,[^,]*,optimized,/.test(l));
		expect(optimized).toMatch(/^1,qwen3-1.7b,rtx-4080-12gb,optimized,,,,not run,/);
		expect(csv).not.toMatch(/NaN|Infinity|undefined/);
	});
});
