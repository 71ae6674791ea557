/** `cli simulate`: one scenario on a trace (or the synthetic generator), summary as text or --json. */
import { PERF_FLAGS, perfSpecFromFlags } from '../perf-flags';
import { perfLabel } from '../../src/lib/calibrate/predict';
import { CliError, numberFlag, parseFlags, printJson, type Command } from '../args';
import { loadTraceOrSynthetic } from '../load-trace';
import { findGpu, findModel, GPUS, MODELS } from '../../src/lib/catalog/index';
import { defaultScenario, ENGINE_VERSION, methodScenario, simulate } from '../../src/lib/sim/index';
import type { BinPolicy, MethodName, PredictorSpec, Scenario, SimResult } from '../../src/lib/sim/types';
import { DEFAULT_SHAPE, shapeWorkload } from '../../src/lib/trace/workload';

const METHODS: readonly MethodName[] = ['static', 'dynamic', 'multibin', 'continuous'];

const help = `Usage: npm run --silent cli -- simulate [--trace FILE | --synthetic] [flags]

Workload
  --trace FILE          a trace (.csv, .csv.gz, .jsonl); without it the synthetic BurstGPT-like generator is used
  --synthetic           use the synthetic generator even if --trace is given
  --requests N          first N requests (default 10000; a trace with fewer rows uses all of them)
  --rps-scale X         divide inter-arrival times by X (default 200, as in the study)
Method
  --method M            static | dynamic | multibin | continuous (default dynamic)
  --gpus G              data-parallel GPUs (default 1)
  --bins K              bins over predicted output length (multibin default 4; continuous with K > 1 admits by bin)
  --batch B             static batch size (default 8)
  --max-batch N         dynamic/multibin: upper bound of the batch size (default 128);
                        continuous: max running sequences (default 256)
  --token-budget N      continuous: tokens per step, decode + prefill chunks (default 2048)
  --block-size N        continuous: paged KV block size in tokens (default 16)
  --admission A         continuous: fcfs | bins (default fcfs)
  --sla-cap             continuous: also cap the running batch with the dynamic SLA controller
  --policy P            bin choice: oldest | round-robin | longest (default oldest)
  --predictor P         oracle | noisy | prompt (default oracle); --sigma S for noisy (default 0.5)
Hardware and targets
  --model ID            catalog model (default qwen3-1.7b; see "cli models")
  --gpu ID              catalog GPU (default rtx-4080-12gb; see "cli gpus")
  --sla-tbt-ms T        TBT target in ms (default 50)
  --sla-e2e-s S         optional E2E target in seconds
  --sla-ttft-s S        optional TTFT target in seconds
  --cost-per-gpu-hour D $ per GPU-hour for the cost figure
  --seed S              seed for the synthetic trace and predictor noise (default 1)
  --perf-model M        step-time model: per-op (per-operator) or roofline (datasheet, textbook)
  --profile FILE        per-operator profile from \`cli calibrate --out\` (implies per-op)
  --json                print one JSON object (flat summary keys) instead of text`;

const flags = {
	trace: { type: 'string' },
	synthetic: { type: 'boolean' },
	requests: { type: 'string' },
	'rps-scale': { type: 'string' },
	method: { type: 'string' },
	gpus: { type: 'string' },
	bins: { type: 'string' },
	batch: { type: 'string' },
	'max-batch': { type: 'string' },
	'token-budget': { type: 'string' },
	'block-size': { type: 'string' },
	admission: { type: 'string' },
	'sla-cap': { type: 'boolean' },
	policy: { type: 'string' },
	predictor: { type: 'string' },
	sigma: { type: 'string' },
	model: { type: 'string' },
	gpu: { type: 'string' },
	'sla-tbt-ms': { type: 'string' },
	'sla-e2e-s': { type: 'string' },
	'sla-ttft-s': { type: 'string' },
	'cost-per-gpu-hour': { type: 'string' },
	seed: { type: 'string' },
	...PERF_FLAGS,
	json: { type: 'boolean' }
} as const;

function intFlag(v: string | undefined, name: string, min: number, max: number): number | undefined {
	const n = numberFlag(v, name, min, max);
	if (n !== undefined && !Number.isInteger(n)) throw new CliError(`--${name} must be a whole number; got "${v}".`, 2);
	return n;
}

function oneOf<T extends string>(v: string | undefined, name: string, allowed: readonly T[]): T | undefined {
	if (v === undefined) return undefined;
	if (!(allowed as readonly string[]).includes(v)) throw new CliError(`--${name} must be one of ${allowed.join(', ')}; got "${v}".`, 2);
	return v as T;
}

/** Builds the scenario the flags describe (exported for tests). */
export function scenarioFromFlags(values: Partial<Record<keyof typeof flags, string | boolean>>): Scenario {
	const str = (k: keyof typeof flags) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
	const modelId = str('model');
	const gpuId = str('gpu');
	const model = modelId === undefined ? undefined : findModel(modelId);
	if (modelId !== undefined && !model) throw new CliError(`Unknown --model "${modelId}". Known: ${MODELS.map((m) => m.id).join(', ')}.`, 2);
	const gpu = gpuId === undefined ? undefined : findGpu(gpuId);
	if (gpuId !== undefined && !gpu) throw new CliError(`Unknown --gpu "${gpuId}". Known: ${GPUS.map((g) => g.id).join(', ')}.`, 2);

	const method = oneOf(str('method'), 'method', METHODS) ?? 'dynamic';
	const seed = numberFlag(str('seed'), 'seed') ?? 1;
	const tbtMs = numberFlag(str('sla-tbt-ms'), 'sla-tbt-ms', Number.MIN_VALUE) ?? 50;
	const predictorKind = oneOf(str('predictor'), 'predictor', ['oracle', 'noisy', 'prompt'] as const) ?? 'oracle';
	const predictor: PredictorSpec = predictorKind === 'noisy' ? { kind: 'noisy', sigma: numberFlag(str('sigma'), 'sigma', 0) ?? 0.5 } : { kind: predictorKind };
	const base = defaultScenario({
		...(model ? { model } : {}),
		...(gpu ? { gpu } : {}),
		seed,
		predictor,
		binPolicy: oneOf(str('policy'), 'policy', ['oldest', 'round-robin', 'longest'] as readonly BinPolicy[]) ?? 'oldest',
		sla: { tbtS: tbtMs / 1000, e2eS: numberFlag(str('sla-e2e-s'), 'sla-e2e-s', Number.MIN_VALUE), ttftS: numberFlag(str('sla-ttft-s'), 'sla-ttft-s', Number.MIN_VALUE) },
		costPerGpuHour: numberFlag(str('cost-per-gpu-hour'), 'cost-per-gpu-hour', 0) ?? 0
	});
	if (base.sla.e2eS === undefined) delete base.sla.e2eS;
	if (base.sla.ttftS === undefined) delete base.sla.ttftS;
	const maxBatch = intFlag(str('max-batch'), 'max-batch', 1, 65536);
	if (maxBatch !== undefined && base.sizing.kind === 'dynamic') base.sizing = { ...base.sizing, maxBatch };
	const s = methodScenario(method, base, {
		gpus: intFlag(str('gpus'), 'gpus', 1, 4096),
		bins: intFlag(str('bins'), 'bins', 1, 64),
		batch: intFlag(str('batch'), 'batch', 1, 4096)
	});
	s.continuous = {
		...s.continuous,
		maxBatch: method === 'continuous' && maxBatch !== undefined ? maxBatch : s.continuous.maxBatch,
		tokenBudget: intFlag(str('token-budget'), 'token-budget', 1, 1 << 20) ?? s.continuous.tokenBudget,
		blockSize: intFlag(str('block-size'), 'block-size', 1, 4096) ?? s.continuous.blockSize,
		admission: oneOf(str('admission'), 'admission', ['fcfs', 'bins'] as const) ?? s.continuous.admission,
		slaCap: values['sla-cap'] === true ? true : s.continuous.slaCap
	};
	return s;
}

const fmt = (x: number | null, digits = 3, unit = '') => (x === null ? 'n/a' : `${x.toFixed(digits)}${unit}`);

function printText(r: SimResult, s: Scenario, label: string): void {
	const m = r.summary;
	const lines = [
		`${s.method} on ${s.gpus} × ${s.gpu.name}, ${s.model.name}${s.bins > 1 ? `, ${s.bins} bins` : ''}`,
		`workload: ${label}`,
		`requests ${m.requests}: completed ${m.completed}, failed rows ${m.failed}, dropped ${m.dropped}`,
		`makespan ${fmt(m.makespanS, 2, ' s')}, output ${fmt(m.outputTokPerS, 1, ' tok/s')} (${fmt(m.tokPerSPerGpu, 1, ' per GPU')}), total ${fmt(m.totalTokPerS, 1, ' tok/s')}, ${fmt(m.requestsPerS, 2, ' req/s')}`,
		`E2E   P50 ${fmt(m.e2eP50S, 3, ' s')}  P95 ${fmt(m.e2eP95S, 3, ' s')}  P99 ${fmt(m.e2eP99S, 3, ' s')}`,
		`TTFT  P50 ${fmt(m.ttftP50S, 3, ' s')}  P95 ${fmt(m.ttftP95S, 3, ' s')}  P99 ${fmt(m.ttftP99S, 3, ' s')}`,
		`TBT   P50 ${fmt(m.tbtP50Ms, 2, ' ms')}  P95 ${fmt(m.tbtP95Ms, 2, ' ms')}  P99 ${fmt(m.tbtP99Ms, 2, ' ms')}`,
		`queue P50 ${fmt(m.queueP50S, 3, ' s')}  P95 ${fmt(m.queueP95S, 3, ' s')}  P99 ${fmt(m.queueP99S, 3, ' s')}`,
		`SLA (TBT ≤ ${s.sla.tbtS * 1000} ms) violation ${fmt(m.slaViolationRate === null ? null : m.slaViolationRate * 100, 2, '%')}, goodput ${fmt(m.goodputRps, 2, ' req/s')}`,
		`GPU utilization ${fmt(m.gpuUtilization === null ? null : m.gpuUtilization * 100, 1, '%')}, mean batch ${fmt(m.meanBatchSize, 1)}, batches ${m.batches}${m.preemptions ? `, preemptions ${m.preemptions}` : ''}`
	];
	if (m.costPerMTokUsd !== null) lines.push(`cost $${m.costPerMTokUsd.toFixed(4)} per million output tokens`);
	for (const w of r.warnings) lines.push(`warning: ${w}`);
	console.log(lines.join('\n'));
}

/** The simulate command. */
export const command: Command = {
	help,
	async run(argv) {
		const { values, positionals } = parseFlags(argv, flags, 'simulate');
		if (positionals.length > 0) throw new CliError(`simulate takes no positional arguments; got "${positionals.join(' ')}". Use --trace FILE.`, 2);
		const scenario = scenarioFromFlags(values);
		scenario.perf = (await perfSpecFromFlags(values, scenario.gpu)) ?? scenario.perf;
		const requestsFlag = intFlag(values.requests, 'requests', 1, 100_000_000);
		const requests = requestsFlag ?? DEFAULT_SHAPE.size;
		const rpsScale = numberFlag(values['rps-scale'], 'rps-scale', Number.MIN_VALUE) ?? 200;
		const trace = await loadTraceOrSynthetic({ trace: values.trace, synthetic: values.synthetic, requests, seed: scenario.seed });
		// A trace shorter than the default size runs whole; an explicit --requests beyond it is an error.
		const size = requestsFlag === undefined ? Math.min(requests, trace.arrivalS.length) : requests;
		const shaped = shapeWorkload(trace, { ...DEFAULT_SHAPE, size, timing: { kind: 'scale', rpsScale } });
		if (!shaped.ok) throw new CliError(shaped.error.message);
		let result: SimResult;
		try {
			result = simulate(shaped.workload, scenario);
		} catch (e) {
			throw new CliError(e instanceof Error ? e.message : String(e));
		}
		if (values.json) {
			printJson({
				engineVersion: ENGINE_VERSION,
				method: scenario.method,
				model: scenario.model.id,
				gpu: scenario.gpu.id,
				gpus: scenario.gpus,
				bins: scenario.bins,
				perfModel: perfLabel(scenario.perf),
				workload: shaped.workload.label,
				synthetic: shaped.workload.synthetic,
				...result.summary,
				dropReasons: result.dropReasons,
				warnings: result.warnings
			});
		} else printText(result, scenario, shaped.workload.label);
		return 0;
	}
};
