/** `cli simulate`: one scenario on a trace (or the synthetic generator), summary as text or --json. */
import { CliError, MODEL_SWITCH_FLAGS, MODEL_SWITCH_HELP, numberFlag, parseFlags, parseModelSwitches, printJson, type Command } from '../args';
import { PREDICTOR_HELP, PREDICTOR_OPTIONS, SLO_HELP, SLO_OPTIONS, policyFromFlags, predictorFromFlags, sloFromFlags } from '../slo-flags';
import { loadTraceOrSynthetic, TRACE_LIMIT_FLAGS, TRACE_LIMIT_HELP, traceLimitsFromFlags } from '../load-trace';
import { checkRpsScale } from '../../src/lib/trace/workload-limits';
import { PERF_FLAGS, perfSpecFromFlags, refuseMixedPerfFlags } from '../perf-flags';
import { DEPLOY_FLAGS, deployFromFlags, deployHelp } from '../deploy-flags';
import { ROUTING_FLAGS, ROUTING_HELP, applyRoutingFlag, routingLabel } from '../routing-flag';
import { applyPrefixFlag, PREFIX_FLAGS, PREFIX_HELP, prefixLine, synthSharingFromFlags } from '../prefix-flag';
import { perfLabel } from '../../src/lib/calibrate/predict';
import { findGpu, findModel, GPUS, MODELS } from '../../src/lib/catalog/index';
import { defaultScenario, ENGINE_VERSION, methodScenario, simulate, validateScenario } from '../../src/lib/sim/index';
import { describeSlo } from '../../src/lib/sim/metrics/slo';
import { DEFAULT_CONTINUOUS, DEFAULT_DYNAMIC_SIZING, STATIC_BATCH } from '../../src/lib/sim/presets';
import { MULTIBIN_BINS } from '../../src/lib/sim/methods/multibin';
import { METHOD_NAMES, methodsHelp } from '../../src/lib/sim/methods/registry';
import type { Scenario, SimResult } from '../../src/lib/sim/types';
import { DEFAULT_SHAPE, shapeWorkload } from '../../src/lib/trace/workload';
import { PRICE_HELP, PRICE_OPTIONS, priceForGpu } from '../price-flag';

const DEFAULT_RPS_SCALE = DEFAULT_SHAPE.timing.kind === 'scale' ? DEFAULT_SHAPE.timing.rpsScale : 1;

const help = `Usage: npm run --silent cli -- simulate [--trace FILE | --synthetic] [flags]

Workload
  --trace FILE          a trace (.csv, .csv.gz, .jsonl); without it the synthetic BurstGPT-like generator is used
  --synthetic           use the synthetic generator even if --trace is given
  --requests N          first N requests (default 10000; a trace with fewer rows uses all of them)
  --rps-scale X         divide inter-arrival times by X (default ${DEFAULT_RPS_SCALE}, as in the study)
  --rate R              instead: re-time the workload to a mean of R requests/s, keeping its burstiness
Method
  --method M            one of (default dynamic):
${methodsHelp()}
  --gpus G              data-parallel replicas (default 1), each of --tp GPUs
${ROUTING_HELP}
  --bins K              bins over predicted output length (multibin default ${MULTIBIN_BINS}; continuous with K > 1 admits by bin)
  --batch B             static batch size (default ${STATIC_BATCH})
  --max-batch N         dynamic/multibin: upper bound of the batch size (default ${DEFAULT_DYNAMIC_SIZING.maxBatch});
                        continuous: max running sequences (default ${DEFAULT_CONTINUOUS.maxBatch})
  --token-budget N      continuous: tokens per step, decode + prefill chunks (default ${DEFAULT_CONTINUOUS.tokenBudget})
  --block-size N        continuous: paged KV block size in tokens (default ${DEFAULT_CONTINUOUS.blockSize})
  --admission A         continuous: fcfs | bins (default fcfs)
  --sla-cap             continuous: also cap the running batch with the dynamic SLA controller (= dynamic-cap)
${PREFIX_HELP}
${PREDICTOR_HELP}
${SLO_HELP}
Hardware
  --model ID            catalog model (default qwen3-1.7b; see "cli models")
  --gpu ID              catalog GPU (default rtx-4080-12gb; see "cli gpus")
  --cost-per-gpu-hour D $ per GPU-hour for the cost figure
${PRICE_HELP} (simulate uses the one for --gpu)
${deployHelp()}
  --seed S              seed for the synthetic trace and predictor noise (default 1)
  --json                print one JSON object (flat summary keys) instead of text
Performance model
  --perf-model M        step-time model: per-op (per-operator, the default) or roofline (datasheet, textbook)
  --profile FILE        per-operator profile from \`cli calibrate --out\` (implies per-op)
${MODEL_SWITCH_HELP}
${TRACE_LIMIT_HELP}`;

const flags = {
	...TRACE_LIMIT_FLAGS,
	trace: { type: 'string' },
	synthetic: { type: 'boolean' },
	requests: { type: 'string' },
	'rps-scale': { type: 'string' },
	rate: { type: 'string' },
	method: { type: 'string' },
	gpus: { type: 'string' },
	...ROUTING_FLAGS,
	bins: { type: 'string' },
	batch: { type: 'string' },
	'max-batch': { type: 'string' },
	'token-budget': { type: 'string' },
	'block-size': { type: 'string' },
	admission: { type: 'string' },
	'sla-cap': { type: 'boolean' },
	...PREDICTOR_OPTIONS,
	...SLO_OPTIONS,
	...MODEL_SWITCH_FLAGS,
	model: { type: 'string' },
	gpu: { type: 'string' },
	'cost-per-gpu-hour': { type: 'string' },
	seed: { type: 'string' },
	...PERF_FLAGS,
	...PRICE_OPTIONS,
	...DEPLOY_FLAGS,
	...PREFIX_FLAGS,
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
	return scenarioAndTarget(values).scenario;
}

/** The scenario and the SLO attainment target the flags describe. */
export function scenarioAndTarget(values: Partial<Record<keyof typeof flags, string | boolean>>): { scenario: Scenario; attainment: number } {
	const str = (k: keyof typeof flags) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
	const modelId = str('model');
	const gpuId = str('gpu');
	const model = modelId === undefined ? undefined : findModel(modelId);
	if (modelId !== undefined && !model) throw new CliError(`Unknown --model "${modelId}". Known: ${MODELS.map((m) => m.id).join(', ')}.`, 2);
	const gpu = gpuId === undefined ? undefined : findGpu(gpuId);
	if (gpuId !== undefined && !gpu) throw new CliError(`Unknown --gpu "${gpuId}". Known: ${GPUS.map((g) => g.id).join(', ')}.`, 2);

	const method = oneOf(str('method'), 'method', METHOD_NAMES) ?? 'dynamic';
	const seed = numberFlag(str('seed'), 'seed') ?? 1;
	const { sla, attainment } = sloFromFlags(values);
	const base = defaultScenario({
		...(model ? { model } : {}),
		...(gpu ? { gpu } : {}),
		seed,
		predictor: predictorFromFlags(values),
		binPolicy: policyFromFlags(values),
		...parseModelSwitches(values),
		...deployFromFlags(values),
		sla,
		costPerGpuHour: numberFlag(str('cost-per-gpu-hour'), 'cost-per-gpu-hour', 0) ?? 0
	});
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
	applyPrefixFlag(values, s);
	return { scenario: applyRoutingFlag(values, s), attainment };
}

const fmt = (x: number | null, digits = 3, unit = '') => (x === null ? 'n/a' : `${x.toFixed(digits)}${unit}`);

/** "2 × NVIDIA H100" at TP 1 BF16 (as before deployments); "1 replica × TP 8 = 8 × NVIDIA H100 (FP8 weights)" otherwise. */
function deploymentLabel(r: SimResult, s: Scenario): string {
	const d = r.deployment;
	if (!d) return `${s.gpus} × ${s.gpu.name}`;
	const prec = [d.weights !== 'bf16' ? `${d.weights.toUpperCase()} weights` : '', d.kvDtype !== 'bf16' ? `${d.kvDtype.toUpperCase()} KV` : ''].filter(Boolean).join(', ');
	const tp = d.tp === 1 ? `${d.gpus} × ${s.gpu.name}` : `${d.replicas} replica${d.replicas === 1 ? '' : 's'} × TP ${d.tp}${d.tpDefaulted ? ' (default)' : ''} = ${d.gpus} × ${s.gpu.name}`;
	return prec ? `${tp} (${prec})` : tp;
}

function printText(r: SimResult, s: Scenario, label: string, attainment: number): void {
	const m = r.summary;
	const met = m.sloAttainment !== null && m.sloAttainment >= attainment - 1e-12;
	const lines = [
		`${s.method} on ${deploymentLabel(r, s)}, ${s.model.name}${s.bins > 1 ? `, ${s.bins} bins` : ''}${routingLabel(s)}, ${perfLabel(s.perf, s.efficiency)}`,
		`workload: ${label}`,
		`offered ${fmt(m.offeredReqPerS, 2, ' req/s')}, ${fmt(m.offeredTokPerS, 1, ' output tok/s')}`,
		`requests ${m.requests}: completed ${m.completed}, failed rows ${m.failed}, dropped ${m.dropped}`,
		`makespan ${fmt(m.makespanS, 2, ' s')}, output ${fmt(m.outputTokPerS, 1, ' tok/s')} (${fmt(m.tokPerSPerGpu, 1, ' per GPU')}), total ${fmt(m.totalTokPerS, 1, ' tok/s')}, ${fmt(m.requestsPerS, 2, ' req/s')}`,
		`E2E   P50 ${fmt(m.e2eP50S, 3, ' s')}  P95 ${fmt(m.e2eP95S, 3, ' s')}  P99 ${fmt(m.e2eP99S, 3, ' s')}`,
		`TTFT  P50 ${fmt(m.ttftP50S, 3, ' s')}  P95 ${fmt(m.ttftP95S, 3, ' s')}  P99 ${fmt(m.ttftP99S, 3, ' s')}`,
		`TPOT  P50 ${fmt(m.tbtP50Ms, 2, ' ms')}  P95 ${fmt(m.tbtP95Ms, 2, ' ms')}  P99 ${fmt(m.tbtP99Ms, 2, ' ms')}`,
		`ITL   P50 ${fmt(m.itlP50Ms, 2, ' ms')}  P95 ${fmt(m.itlP95Ms, 2, ' ms')}  P99 ${fmt(m.itlP99Ms, 2, ' ms')}`,
		`queue P50 ${fmt(m.queueP50S, 3, ' s')}  P95 ${fmt(m.queueP95S, 3, ' s')}  P99 ${fmt(m.queueP99S, 3, ' s')}`,
		`SLO (${describeSlo(s.sla)}): attainment ${fmt(m.sloAttainment === null ? null : m.sloAttainment * 100, 2, '%')} (target ${+(attainment * 100).toPrecision(4)}%: ${met ? 'met' : 'NOT met'}), goodput ${fmt(m.goodputReqPerS, 2, ' req/s')}`,
		`GPU utilization ${fmt(m.gpuUtilization === null ? null : m.gpuUtilization * 100, 1, '%')}, mean batch ${fmt(m.meanBatchSize, 1)}, batches ${m.batches}${m.preemptions ? `, preemptions ${m.preemptions}` : ''}`
	];
	lines.push(...prefixLine(m));
	if (m.costPerMTokUsd !== null) lines.push(`cost $${m.costPerMTokUsd.toFixed(4)} per million output tokens`);
	for (const w of r.warnings) lines.push(`warning: ${w}`);
	console.log(lines.join('\n'));
}

/** The simulate command. */
export const command: Command = {
	help,
	async run(argv) {
		const { values: all, positionals } = parseFlags(argv, flags, 'simulate');
		if (positionals.length > 0) throw new CliError(`simulate takes no positional arguments; got "${positionals.join(' ')}". Use --trace FILE.`, 2);
		const { price, ...values } = all;
		const { scenario, attainment } = scenarioAndTarget(values);
		scenario.costPerGpuHour = priceForGpu({ price }, scenario.gpu.id, numberFlag(values['cost-per-gpu-hour'], 'cost-per-gpu-hour', 0)) ?? 0;
		refuseMixedPerfFlags(values);
		scenario.perf = (await perfSpecFromFlags(values, scenario.gpu)) ?? scenario.perf;
		// Refuse a scenario that cannot run (a model that fits at no TP, ...) before reading a large trace.
		const invalid = validateScenario(scenario);
		if (invalid.length > 0) throw new CliError(invalid.map((e) => e.message).join('\n'));
		const requestsFlag = intFlag(values.requests, 'requests', 1, 100_000_000);
		const requests = requestsFlag ?? DEFAULT_SHAPE.size;
		const rpsScale = numberFlag(values['rps-scale'], 'rps-scale', Number.MIN_VALUE) ?? DEFAULT_RPS_SCALE;
		const rpsError = checkRpsScale(rpsScale);
		if (rpsError) throw new CliError(`--rps-scale: ${rpsError}`, 2);
		const rate = numberFlag(values.rate, 'rate', Number.MIN_VALUE, 1e9);
		if (rate !== undefined && values['rps-scale'] !== undefined) throw new CliError('--rate and --rps-scale both set the arrival clock; give one.', 2);
		const trace = synthSharingFromFlags(values, await loadTraceOrSynthetic({ trace: values.trace, synthetic: values.synthetic, requests, seed: scenario.seed, limits: traceLimitsFromFlags(values) }), scenario.seed);
		// A trace shorter than the default size runs whole; an explicit --requests beyond it is an error.
		const size = requestsFlag === undefined ? Math.min(requests, trace.arrivalS.length) : requests;
		const timing = rate !== undefined ? { kind: 'rate' as const, requestsPerS: rate } : { kind: 'scale' as const, rpsScale };
		const shaped = shapeWorkload(trace, { ...DEFAULT_SHAPE, size, timing });
		if (!shaped.ok) throw new CliError(shaped.error.message);
		for (const w of shaped.workload.warnings ?? []) process.stderr.write(`warning: ${w}\n`);
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
				// gpus = replicas × tp: every GPU the deployment holds (--gpus sets the replicas).
				gpus: result.deployment?.gpus ?? scenario.gpus,
				tp: result.deployment?.tp ?? 1,
				tpDefaulted: result.deployment?.tpDefaulted ?? false,
				replicas: scenario.gpus,
				weights: result.deployment?.weights ?? 'bf16',
				kvDtype: result.deployment?.kvDtype ?? 'bf16',
				routing: result.deployment?.routing,
				kvCapacityTokensPerReplica: result.deployment?.kvCapacityTokens,
				bins: scenario.bins,
				workload: shaped.workload.label,
				synthetic: shaped.workload.synthetic,
				perfModel: scenario.perf.kind,
				perfModelLabel: perfLabel(scenario.perf, scenario.efficiency),
				predictor: scenario.predictor,
				slo: { ttftS: scenario.sla.ttftS ?? null, tpotMs: scenario.sla.tbtS * 1000, e2eS: scenario.sla.e2eS ?? null, attainment },
				meetsSlo: result.summary.sloAttainment !== null && result.summary.sloAttainment >= attainment - 1e-12,
				...result.summary,
				dropReasons: result.dropReasons,
				warnings: result.warnings
			});
		} else printText(result, scenario, shaped.workload.label, attainment);
		return 0;
	}
};
