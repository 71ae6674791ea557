/**
 * `cli plan`: the cheapest deployment per GPU type that meets the SLOs at a target rate (src/lib/plan),
 * its runs on worker_threads. Text: the setting, one row per GPU type cheapest first, and the
 * `cli simulate` line that re-runs the cheapest option. --json: the array of options.
 */
import { writeFile } from 'node:fs/promises';
import { findModel, MODELS } from '../../src/lib/catalog/index';
import { defaultPlanConfig, DEFAULT_MAX_GPUS, DEFAULT_PLAN_REQUESTS, runPlan } from '../../src/lib/plan/index';
import type { PlanConfig, PlanOption, PlanProgress, PlanResult } from '../../src/lib/plan/types';
import { METHOD_NAMES } from '../../src/lib/sim/methods/registry';
import { CliError, MODEL_SWITCH_FLAGS, MODEL_SWITCH_HELP, numberFlag, parseFlags, parseModelSwitches, printJson, type Command } from '../args';
import { loadTraceOrSynthetic, TRACE_LIMIT_FLAGS, TRACE_LIMIT_HELP, traceLimitsFromFlags } from '../load-trace';
import { defaultThreads, nodePoolExecutor } from '../node-pool';
import { gpuTypesFlag, kvListFlag, methodsListFlag, precisionPairs, tpListFlag, weightsListFlag } from '../plan-flags';
import { PRICE_HELP, PRICE_OPTIONS, pricesFromFlags } from '../price-flag';
import { SLO_HELP, SLO_OPTIONS, sloFromFlags } from '../slo-flags';

const HELP = `plan: the cheapest deployment per GPU type that meets the SLOs at a target request rate.

Usage: npm run --silent cli -- plan (--trace FILE | --synthetic) --rate R [flags]

  cli plan --trace FILE|--synthetic [--requests N] --rate R --ttft-slo-s T --tpot-slo-ms P
           [--e2e-slo-s E] --attainment A [--model ID] [--gpus-types a,b] [--tp 1,2,4,8]
           [--weights ...] [--methods ...] [--max-gpus N] [--json]

Load
  --trace FILE          a trace (.csv, .csv.gz, .jsonl); --synthetic: the built-in BurstGPT-like generator
  --requests N          requests replayed (the first N; default ${DEFAULT_PLAN_REQUESTS.toLocaleString('en-US')})
  --rate R              target mean request rate, req/s (required): the trace is re-timed to it, its
                        burstiness kept
  --seed S              seed of the synthetic trace and of every run (default 1)
${SLO_HELP}
Deployments tried (each GPU type × TP × precision × method; replicas are searched)
  --model ID            catalog model (default qwen3-1.7b; see "cli models")
  --gpus-types LIST     GPU ids (default: every catalog GPU that can hold the model at some TP)
  --tp LIST             TP sizes, e.g. 1,2,4,8 (default: each GPU's default TP, the smallest with a
                        useful KV cache)
  --weights LIST        weight precisions: bf16, fp8, int8, int4 (default bf16)
  --kv-dtype LIST       KV-cache precisions: bf16, fp8 (default bf16)
  --methods LIST        batching methods (default continuous; also ${METHOD_NAMES.filter((m) => m !== 'continuous').join(', ')})
  --max-gpus N          the most GPUs (replicas × TP) one deployment may use (default ${DEFAULT_MAX_GPUS})
${PRICE_HELP}
${MODEL_SWITCH_HELP}
Output
  --json                print the options as a JSON array (fields gpu, model, tp, replicas, weights,
                        method, bins, routing, dollarsPerHour, dollarsPerMTok, sloAttainment, ttftP95S,
                        tpotP95Ms, e2eP95S, headroomReqPerS; replicas null with a reason when unmet)
  --out FILE            also write the whole plan (setting, options, every evaluated point, the
                        cost/latency frontier) as JSON
  --workers N           simulation threads (default: the machine's cores)
${TRACE_LIMIT_HELP}`;

const flags = {
	...TRACE_LIMIT_FLAGS,
	...SLO_OPTIONS,
	...PRICE_OPTIONS,
	...MODEL_SWITCH_FLAGS,
	trace: { type: 'string' },
	synthetic: { type: 'boolean' },
	requests: { type: 'string' },
	rate: { type: 'string' },
	seed: { type: 'string' },
	model: { type: 'string' },
	'gpus-types': { type: 'string' },
	'gpu-types': { type: 'string' },
	tp: { type: 'string' },
	weights: { type: 'string' },
	'kv-dtype': { type: 'string' },
	methods: { type: 'string' },
	'max-gpus': { type: 'string' },
	json: { type: 'boolean' },
	out: { type: 'string' },
	workers: { type: 'string' }
} as const;

type Values = Omit<ReturnType<typeof parseFlags<typeof flags>>['values'], 'price'>;

function wholeFlag(v: string | undefined, name: string, min: number, max: number): number | undefined {
	const n = numberFlag(v, name, min, max);
	if (n !== undefined && !Number.isInteger(n)) throw new CliError(`--${name} must be a whole number; got "${v}".`, 2);
	return n;
}

/** The plan configuration the flags describe (exported for tests). */
export function planConfigFromFlags(values: Values, price?: string[]): PlanConfig {
	if (values.rate === undefined) throw new CliError('plan needs --rate R, the target mean request rate in req/s (e.g. --rate 40).', 2);
	const rate = Number(values.rate);
	if (!(Number.isFinite(rate) && rate > 0)) throw new CliError(`--rate must be a positive number of requests per second (e.g. 40); got "${values.rate}".`, 2);
	if (values['gpus-types'] !== undefined && values['gpu-types'] !== undefined) throw new CliError('--gpus-types and --gpu-types are the same flag; give one.', 2);
	const modelId = values.model ?? defaultPlanConfig().modelId;
	if (!findModel(modelId)) throw new CliError(`Unknown --model "${modelId}". Known: ${MODELS.map((m) => m.id).join(', ')}.`, 2);
	const { sla, attainment } = sloFromFlags(values);
	const { efficiency, perf } = parseModelSwitches(values);
	const d = defaultPlanConfig();
	return defaultPlanConfig({
		rateReqPerS: rate,
		requests: wholeFlag(values.requests, 'requests', 2, 100_000_000) ?? DEFAULT_PLAN_REQUESTS,
		ttftS: sla.ttftS ?? null,
		tpotS: sla.tbtS,
		e2eS: sla.e2eS ?? null,
		attainment,
		modelId,
		gpuIds: gpuTypesFlag(values['gpus-types'] ?? values['gpu-types'], values['gpu-types'] !== undefined ? 'gpu-types' : 'gpus-types'),
		tps: tpListFlag(values.tp),
		precisions: precisionPairs(weightsListFlag(values.weights), kvListFlag(values['kv-dtype'])),
		methods: methodsListFlag(values.methods),
		maxGpus: wholeFlag(values['max-gpus'], 'max-gpus', 1, 100_000) ?? DEFAULT_MAX_GPUS,
		prices: pricesFromFlags({ price }),
		base: { ...d.base, efficiency, ...(perf ? { perf } : {}), seed: numberFlag(values.seed, 'seed') ?? 1 }
	});
}

const f = (x: number | null, digits: number, unit = '') => (x === null ? 'n/a' : `${x.toFixed(digits)}${unit}`);

/** The `cli simulate` flags that re-run an option (the same load, SLOs and price). */
export function simulateLine(o: PlanOption, c: PlanConfig, traceFlag: string): string {
	const parts = [
		'npm run --silent cli -- simulate',
		traceFlag,
		`--requests ${c.requests}`,
		`--rate ${c.rateReqPerS}`,
		`--model ${o.model}`,
		`--gpu ${o.gpu}`,
		`--gpus ${o.replicas}`,
		`--method ${o.method}`,
		...(o.bins !== undefined ? [`--bins ${o.bins}`] : []),
		...(o.batch !== undefined ? [`--batch ${o.batch}`] : []),
		...(o.tp !== 1 ? [`--tp ${o.tp}`] : []),
		...(o.weights !== 'bf16' ? [`--weights ${o.weights}`] : []),
		...(o.kvDtype !== 'bf16' ? [`--kv-dtype ${o.kvDtype}`] : []),
		c.ttftS === null ? '--no-ttft-slo' : `--ttft-slo-s ${c.ttftS}`,
		`--tpot-slo-ms ${+(c.tpotS * 1000).toPrecision(12)}`,
		...(c.e2eS !== null ? [`--e2e-slo-s ${c.e2eS}`] : []),
		`--attainment ${c.attainment}`,
		...(o.usdPerGpuHour !== null ? [`--price ${o.gpu}=${o.usdPerGpuHour}`] : []),
		...(c.base.seed !== 1 ? [`--seed ${c.base.seed}`] : [])
	];
	return parts.join(' ');
}

function printText(r: PlanResult, c: PlanConfig, traceFlag: string): void {
	const s = r.setting;
	const lines = [
		`Plan for ${s.modelName} at ${s.rateReqPerS} req/s (${f(s.offeredTokPerS, 0, ' output tok/s')} offered), ${s.requests.toLocaleString('en-US')} requests of ${s.workload}`,
		`SLOs: TTFT ≤ ${s.ttftS === null ? 'none' : `${s.ttftS} s`}, TPOT ≤ ${s.tpotMs} ms${s.e2eS !== null ? `, E2E ≤ ${s.e2eS} s` : ''}, for ${+(s.attainment * 100).toPrecision(4)}% of requests; at most ${s.maxGpus} GPUs per deployment`,
		`Step-time model: ${s.perfModel}. ${r.runs} simulations in ${r.wallS.toFixed(1)} s.`,
		'',
		'GPU                 TP  replicas  GPUs  weights/KV  method      $/hour   $/M out tok  attain  P95 TTFT  P95 TPOT   P95 E2E  headroom'
	];
	for (const o of r.options) {
		const method = o.method + (o.bins !== undefined ? ` k${o.bins}` : o.batch !== undefined ? ` b${o.batch}` : '');
		lines.push(
			[
				o.gpu.padEnd(18),
				String(o.tp).padStart(3),
				(o.replicas === null ? '-' : String(o.replicas)).padStart(9),
				(o.totalGpus === null ? '-' : String(o.totalGpus)).padStart(5),
				`${o.weights}/${o.kvDtype}`.padStart(11),
				method.padEnd(10),
				f(o.dollarsPerHour, 2).padStart(8),
				f(o.dollarsPerMTok, 3).padStart(12),
				(o.sloAttainment === null ? 'n/a' : `${(o.sloAttainment * 100).toFixed(1)}%`).padStart(7),
				f(o.ttftP95S, 2, ' s').padStart(9),
				f(o.tpotP95Ms, 1, ' ms').padStart(9),
				f(o.e2eP95S, 1, ' s').padStart(9),
				f(o.headroomReqPerS, 1, ' req/s').padStart(11)
			].join(' ') + (o.nonMonotone ? '  (attainment not monotone in replicas)' : '')
		);
		if (o.reason) lines.push(`    ${o.reason}`);
	}
	for (const sk of r.skipped) lines.push(`skipped ${sk.gpu}: ${sk.reason}`);
	const best = r.options.find((o) => o.replicas !== null && o.dollarsPerHour !== null);
	if (best) {
		lines.push('', `Cheapest: ${best.replicas} × ${best.gpuName}${best.tp > 1 ? ` at TP ${best.tp}` : ''}, $${best.dollarsPerHour?.toFixed(2)}/hour. Re-run it with:`, `  ${simulateLine(best, c, traceFlag)}`);
	}
	lines.push('', 'Assumptions:', ...s.assumptions.map((a) => `  - ${a}`));
	console.log(lines.join('\n'));
}

function progressPrinter(quiet: boolean) {
	let last = 0;
	return (p: PlanProgress) => {
		const now = Date.now();
		if (quiet || (now - last < 500 && p.phase !== 'done')) return;
		last = now;
		process.stderr.write(`plan: ${p.candidatesDone}/${p.candidatesTotal} deployment shapes sized, ${p.runsDone} runs done${p.phase === 'headroom' ? ', finding headroom' : ''}\n`);
	};
}

export const command: Command = {
	help: HELP,
	async run(argv) {
		const { values: all, positionals } = parseFlags(argv, flags, 'plan');
		if (positionals.length) throw new CliError(`plan takes no positional arguments; got "${positionals.join(' ')}". Use --trace FILE.`, 2);
		const { price, ...values } = all;
		const config = planConfigFromFlags(values, price);
		const trace = await loadTraceOrSynthetic({ trace: values.trace, synthetic: values.synthetic, requests: config.requests, seed: config.base.seed, limits: traceLimitsFromFlags(values) });
		const workers = wholeFlag(values.workers, 'workers', 1, 64) ?? defaultThreads();
		const executor = nodePoolExecutor({ workers });
		const onSignal = () => executor.cancel();
		process.once('SIGINT', onSignal);
		let result: PlanResult;
		try {
			result = await runPlan(trace, config, { executor }, progressPrinter(values.json === true));
		} catch (e) {
			throw new CliError(`plan: ${e instanceof Error ? e.message : String(e)}`);
		} finally {
			process.off('SIGINT', onSignal);
			await executor.dispose?.();
		}
		if (values.out) await writeFile(values.out, JSON.stringify(result, null, 2) + '\n');
		if (values.json) printJson(result.options);
		else printText(result, config, values.trace && !values.synthetic ? `--trace ${values.trace}` : '--synthetic');
		return 0;
	}
};
