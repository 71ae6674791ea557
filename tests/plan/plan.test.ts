import { describe, expect, it } from 'vitest';
import { GPUS } from '../../src/lib/catalog/index';
import { GPU_PRICES } from '../../src/lib/catalog/prices';
import { defaultPlanConfig, runPlan } from '../../src/lib/plan/index';
import type { EvaluateBatch, EvalRequest } from '../../src/lib/plan/driver';
import type { PlanConfig, PlanEvaluation, PlanProgress } from '../../src/lib/plan/types';
import { inProcessExecutor } from '../../src/lib/study/in-process';
import { isStudyCancelled } from '../../src/lib/study/cancel';
import { synthesizeBurstGpt } from '../../src/lib/trace/synth';

const trace = synthesizeBurstGpt(400, 3);

/** A hand-made world: each GPU needs `need[gpu]` replicas at the target rate, and capacity grows linearly with replicas. */
function curveEvaluate(need: Record<string, number>, asked: EvalRequest[] = []): (w: unknown) => EvaluateBatch {
	return () => async (reqs, onEach) =>
		reqs.map((r): PlanEvaluation => {
			asked.push(r);
			onEach?.();
			const n = need[r.candidate.gpuId] ?? Infinity;
			const load = 2 ** (r.rateK / 16); // rate multiplier
			const ok = r.replicas >= n * load;
			return { sloAttainment: ok ? 0.99 : 0.5, ttftP95S: ok ? 1 / r.replicas : 9, tpotP95Ms: ok ? 30 : 80, e2eP95S: ok ? 5 / r.replicas : 40, outputTokPerS: 1000 };
		});
}

const config = (o: Partial<PlanConfig> = {}) => defaultPlanConfig({ requests: 400, rateReqPerS: 5, ...o });

describe('the planner on injected evaluations', () => {
	it('gives the cheapest deployment per GPU type, sorted by $/hour, unpriced after priced', async () => {
		const asked: EvalRequest[] = [];
		const r = await runPlan(trace, config({ gpuIds: ['h100-sxm', 'a100-80gb-sxm', 'mi300x'] }), { evaluate: curveEvaluate({ 'h100-sxm': 3, 'a100-80gb-sxm': 4, mi300x: 2 }, asked) });
		const byGpu = Object.fromEntries(r.options.map((o) => [o.gpu, o]));
		expect(byGpu['h100-sxm'].replicas).toBe(3);
		expect(byGpu['a100-80gb-sxm'].replicas).toBe(4);
		expect(byGpu.mi300x.replicas).toBe(2);
		const h100 = GPU_PRICES.find((p) => p.gpuId === 'h100-sxm')?.usdPerGpuHour as number;
		expect(byGpu['h100-sxm'].dollarsPerHour).toBeCloseTo(3 * h100, 9);
		// $ per million output tokens = $/hour / (tok/s × 3600) × 1e6.
		expect(byGpu['h100-sxm'].dollarsPerMTok).toBeCloseTo(((3 * h100) / 3_600_000) * 1e6, 9);
		// Priced rows first, cheapest first; the MI300X has no public price: last, with a reason asking for one.
		const priced = r.options.filter((o) => o.dollarsPerHour !== null).map((o) => o.dollarsPerHour as number);
		expect(priced).toEqual([...priced].sort((a, b) => a - b));
		expect(r.options[r.options.length - 1].gpu).toBe('mi300x');
		expect(byGpu.mi300x.reason).toMatch(/--price mi300x=USD/);
		// Headroom: capacity is linear in replicas here, so 3 replicas needing 3 hold about 1× (within a grid step).
		expect(byGpu['h100-sxm'].headroomReqPerS).toBeGreaterThanOrEqual(5);
		expect(byGpu['h100-sxm'].headroomReqPerS).toBeLessThan(5 * 2 ** (1 / 16) + 1e-9);
		expect(byGpu.mi300x.headroomReqPerS).toBeCloseTo(5, 9);
		// The answer and the count below were both run at the target rate.
		for (const [gpu, n] of [['h100-sxm', 3], ['a100-80gb-sxm', 4], ['mi300x', 2]] as const) {
			const at = asked.filter((a) => a.candidate.gpuId === gpu && a.rateK === 0).map((a) => a.replicas);
			expect(at).toContain(n);
			expect(at).toContain(n - 1);
		}
		// Every target-rate evaluation is a point; the frontier holds only points that meet the SLOs.
		expect(r.points.length).toBe(asked.filter((a) => a.rateK === 0).length);
		const met = new Set(r.points.filter((p) => p.meetsSlo).map((p) => p.id));
		for (const id of r.frontier.ttft) expect(met.has(id)).toBe(true);
		expect(r.frontier.ttft.length).toBeGreaterThan(0);
	});

	it('prices from --price overrides replace the catalog and rank an unpriced GPU', async () => {
		const r = await runPlan(trace, config({ gpuIds: ['h100-sxm', 'mi300x'], prices: { mi300x: 1 } }), { evaluate: curveEvaluate({ 'h100-sxm': 3, mi300x: 2 }) });
		expect(r.options[0].gpu).toBe('mi300x');
		expect(r.options[0].dollarsPerHour).toBe(2);
		expect(r.options[0].reason).toBeUndefined();
	});

	it('a GPU type that cannot meet the SLOs up to the fleet limit gets replicas null and a reason naming the missed targets', async () => {
		const r = await runPlan(trace, config({ gpuIds: ['h100-sxm', 't4'], maxGpus: 8 }), { evaluate: curveEvaluate({ 'h100-sxm': 2 }) });
		const t4 = r.options.find((o) => o.gpu === 't4');
		expect(t4?.replicas).toBeNull();
		expect(t4?.dollarsPerHour).toBeNull();
		expect(t4?.reason).toMatch(/8 GPUs.*--max-gpus 8.*P95 TTFT 9\.00 s over the 2\.00 s target.*P95 TPOT 80\.0 ms over the 50\.0 ms target/);
		expect(r.options[r.options.length - 1].gpu).toBe('t4');
	});

	it('SLOs nothing can meet: every option says why, and the plan still answers', async () => {
		const r = await runPlan(trace, config({ gpuIds: ['h100-sxm', 'b200'], maxGpus: 4 }), { evaluate: curveEvaluate({}) });
		expect(r.options).toHaveLength(2);
		for (const o of r.options) {
			expect(o.replicas).toBeNull();
			expect(o.reason).toMatch(/SLO attainment is 50\.0%, below 95%/);
		}
		expect(r.frontier.ttft).toEqual([]);
	});

	it('a TPOT target below one lone decode step is refused before any run', async () => {
		const asked: EvalRequest[] = [];
		const r = await runPlan(trace, config({ gpuIds: ['t4'], tpotS: 0.001 }), { evaluate: curveEvaluate({ t4: 1 }, asked) });
		expect(asked).toHaveLength(0);
		expect(r.options[0].replicas).toBeNull();
		expect(r.options[0].reason).toMatch(/TPOT cannot reach 1\.00 ms: one decode step of a single request already takes/);
	});

	it('reports progress as candidates finish', async () => {
		const seen: PlanProgress[] = [];
		await runPlan(trace, config({ gpuIds: ['h100-sxm', 'a100-80gb-sxm'] }), { evaluate: curveEvaluate({ 'h100-sxm': 3, 'a100-80gb-sxm': 5 }) }, (p) => seen.push(p));
		const done = seen.map((p) => p.candidatesDone);
		expect(done).toEqual([...done].sort((a, b) => a - b));
		expect(seen[seen.length - 1].phase).toBe('done');
		expect(seen[seen.length - 1].candidatesDone).toBe(2);
		expect(seen.some((p) => p.phase === 'search' && p.candidatesDone === 1)).toBe(true);
		expect(seen[seen.length - 1].runsDone).toBe(seen[seen.length - 1].runsRequested);
	});
});

describe('bad plan inputs', () => {
	const ev = { evaluate: curveEvaluate({}) };
	it('a rate of 0 (or below, or not a number) is refused with the reason', async () => {
		for (const rate of [0, -3, Number.NaN]) {
			await expect(runPlan(trace, config({ rateReqPerS: rate }), ev)).rejects.toThrow(/target rate must be a positive number of requests per second/);
		}
	});

	it('a model that fits on no candidate GPU is refused, naming the fit error and what to try', async () => {
		await expect(runPlan(trace, config({ modelId: 'llama-3.1-70b', gpuIds: ['t4', 'rtx-4090', 'rtx-4080'] }), ev)).rejects.toThrow(
			/Llama.*fits on no candidate deployment.*For example: .*(does not fit|fits on no).*lower-precision weights/
		);
	});

	it('other bad inputs each say what to give instead', async () => {
		const cases: [Partial<PlanConfig>, RegExp][] = [
			[{ ttftS: 0 }, /TTFT target must be a positive/],
			[{ tpotS: -1 }, /TPOT target must be a positive/],
			[{ attainment: 1.5 }, /attainment target must be a share in \(0, 1\]/],
			[{ maxGpus: 0 }, /maximum fleet size must be a whole number of GPUs/],
			[{ modelId: 'gpt-9' }, /Unknown model "gpt-9"/],
			[{ gpuIds: ['h100-sxm', 'tpu-v9'] }, /Unknown GPU\(s\) tpu-v9/],
			[{ tps: [3] }, /TP sizes must be among 1, 2, 4, 8; got 3/],
			[{ methods: [] }, /at least one batching method/],
			[{ prices: { 'h100-sxm': 0 } }, /price of h100-sxm must be a positive number/],
			[{ requests: 1 }, /at least 2 requests/]
		];
		for (const [o, msg] of cases) await expect(runPlan(trace, config(o), ev)).rejects.toThrow(msg);
	});

	it('a trace shorter than the requests asked is refused by the workload shaping', async () => {
		await expect(runPlan(trace, config({ requests: 5000 }), ev)).rejects.toThrow(/has only 400 usable rows/);
	});
});

describe('every catalog GPU is a default candidate and has a price entry', () => {
	it('lists one price entry per catalog GPU, each priced with a dated source or null with a reason', () => {
		expect(GPU_PRICES.map((p) => p.gpuId).sort()).toEqual(GPUS.map((g) => g.id).sort());
		for (const p of GPU_PRICES) {
			if (p.usdPerGpuHour === null) expect(p.reason, p.gpuId).toMatch(/price/i);
			else {
				expect(p.source?.url, p.gpuId).toMatch(/^https:\/\//);
				expect(p.source?.date, p.gpuId).toMatch(/^\d{4}-\d{2}-\d{2}$/);
			}
		}
	});
});

describe('the planner on the engine (small, TP 1, bf16)', () => {
	it('cancel rejects with the cancellation error', async () => {
		const ex = inProcessExecutor();
		const p = runPlan(synthesizeBurstGpt(2000, 1), config({ requests: 2000, rateReqPerS: 20, gpuIds: ['l4', 't4'] }), { executor: ex }, (pr) => {
			if (pr.runsDone >= 1) ex.cancel();
		});
		await expect(p).rejects.toSatisfy(isStudyCancelled);
	});
});

describe('a failing run', () => {
	it('ends that candidate search at once, and its reason quotes the error', async () => {
		const asked: EvalRequest[] = [];
		const evaluate = () => async (reqs: EvalRequest[]) =>
			reqs.map((r): PlanEvaluation => {
				asked.push(r);
				if (r.candidate.gpuId === 'l4') return { sloAttainment: null, ttftP95S: null, tpotP95Ms: null, e2eP95S: null, outputTokPerS: null, error: 'the model does not fit' };
				const ok = r.replicas >= 2;
				return { sloAttainment: ok ? 0.99 : 0.5, ttftP95S: 1, tpotP95Ms: 30, e2eP95S: 5, outputTokPerS: 1000 };
			});
		const r = await runPlan(trace, config({ gpuIds: ['l4', 'h100-sxm'] }), { evaluate });
		expect(asked.filter((a) => a.candidate.gpuId === 'l4')).toHaveLength(1);
		const l4 = r.options.find((o) => o.gpu === 'l4');
		expect(l4?.replicas).toBeNull();
		expect(l4?.reason).toMatch(/The run at \d+ replica\(s\) failed: the model does not fit/);
		expect(r.options.find((o) => o.gpu === 'h100-sxm')?.replicas).toBe(2);
	});
});
