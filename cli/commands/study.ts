/**
 * `study`: the two-step study headless. Cuts the workloads from a trace (or the synthetic generator,
 * made as long as the largest size needs), runs Step 1's grid and Step 2's comparison on worker_threads,
 * and writes step1_all_results.csv, step1_summary_table.csv, step1_scaling_analysis.csv,
 * step2_comparison.csv, bin_effect.csv, gpu_efficiency.csv, optimal_configs.json (load_sweep.csv with
 * --load-sweep) and every chart as SVG into --out.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findGpu, findModel, GPUS, MODELS } from '../../src/lib/catalog/index';
import { METHOD_NAMES } from '../../src/lib/sim/methods/registry';
import { studyBaseScenario, studyConfig, validateStudyConfig } from '../../src/lib/study/config';
import { optimalConfigsJson } from '../../src/lib/study/export';
import { referenceLayoutFiles, studyFiles } from '../../src/lib/study/export';
import { studySweeps } from '../../src/lib/study/sweep-plan';
import { PREFIX_STUDY_HELP, prefixComparisonLines, studyPrefixCompare } from '../prefix-flag';
import { runStudy } from '../../src/lib/study/run-study';
import { settingSentence, studySetting } from '../../src/lib/study/setting';
import { STUDY_DEFAULTS, type Step2Method, type StudyObjective, type StudyProgress, type StudyResult } from '../../src/lib/study/types';
import { CliError, MODEL_SWITCH_FLAGS, MODEL_SWITCH_HELP, numberFlag, numberListFlag, parseFlags, parseModelSwitches, printJson, type Command } from '../args';
import { loadTraceOrSynthetic, TRACE_LIMIT_FLAGS, TRACE_LIMIT_HELP, traceLimitsFromFlags } from '../load-trace';
import { PREDICTOR_HELP, PREDICTOR_OPTIONS, SLO_HELP, SLO_OPTIONS, policyFromFlags, predictorFromFlags, sloFromFlags } from '../slo-flags';
import { PERF_FLAGS, perfSpecFromFlags, refuseMixedPerfFlags } from '../perf-flags';
import { DEPLOY_FLAGS, deployHelp, precisionsFromFlags, tpListFromFlags } from '../deploy-flags';
import { studyPerTp } from '../study-tp';
import { ROUTING_FLAGS, ROUTING_HELP, applyRoutingFlag } from '../routing-flag';
import { defaultThreads, nodePoolExecutor } from '../node-pool';

const HELP = `study: run the two-step stress-testing study and write its files.

Usage: npm run --silent cli -- study (--trace FILE | --synthetic) --out DIR [flags]

Input
  --trace FILE          BurstGPT CSV (or .csv.gz, Azure, Mooncake JSONL)
  --synthetic           the built-in BurstGPT-like trace, as long as the largest size needs
  --seed N              seed of the generator and of every run (default 1)
Grid (Step 1)
  --sizes LIST          workload sizes in requests (default 1000,10000,100000,1000000; a size above the
                        trace's length runs the whole trace once, with a notice)
  --gpus LIST           data-parallel replica counts (default 1,2,4,8,16,32,64,100), each of --tp GPUs
  --bins LIST           bin counts (default 1,2,4,8,16,32)
Scenario
  --model ID            catalog model (default qwen3-1.7b; see "cli models")
  --gpu ID              catalog GPU (default rtx-4080-12gb; see "cli gpus")
  --rps-scale X         arrivals divided by X (default ${STUDY_DEFAULTS.rpsScale})
  --rate R              instead: re-time every workload to a mean of R requests/s, keeping its burstiness
  --drop-failed         drop failed rows (0 output tokens) instead of simulating them
  --cost-per-gpu-hour D $ per GPU-hour: minimum cost becomes the lowest $/hour
${deployHelp(true)}
${ROUTING_HELP}
${PREDICTOR_HELP}
${SLO_HELP}
${MODEL_SWITCH_HELP}
Analysis and Step 2
  --objective NAME      latency | throughput | efficiency | cost (default latency), among configurations
                        reaching the attainment target
  --scaling-bins K      bin count of the GPU scaling analysis (default 2)
  --knee X              marginal-improvement threshold of the knee (default 0.1)
  --methods LIST        Step 2 methods (default ${[...METHOD_NAMES, 'optimized'].join(',')}),
                        each at 1 GPU and at the optimized configuration's GPU count
  --no-step1-continuous Step 1 sweeps multi-bin only (no continuous-batching rows)
Load sweep
${PREFIX_STUDY_HELP}
  --load-sweep          after the study, sweep the request rate for the recommended configuration and
                        each Step 2 method at the optimized GPU count; writes load_sweep.csv
  --sweep-requests N    requests replayed at each rate (default 2000)
Output
  --out DIR             folder for the files (created if missing)
  --workers N           worker threads (default: cores, at most 8)
  --no-svg              skip the chart SVGs
  --reference-layout    also write the six files under the reference study's names into DIR/reference_layout
  --perf-model M        step-time model: per-op (per-operator) or roofline (datasheet, textbook)
  --profile FILE        per-operator profile from "cli calibrate --out" (implies per-op)
  --json                print the optimal configurations as JSON on stdout
Trace limits
${TRACE_LIMIT_HELP}
`;

const OBJECTIVES: StudyObjective[] = ['latency', 'throughput', 'efficiency', 'cost'];
const METHODS: Step2Method[] = [...METHOD_NAMES, 'optimized'];

/** Chart SVGs through the chart module's Node loader; a note instead when it is unavailable. */
async function chartSvgs(result: StudyResult): Promise<{ files: { file: string; svg: string }[]; note?: string }> {
	const here = new URL('../../src/lib/charts/', import.meta.url);
	if (!existsSync(new URL('study-svgs.ts', here)) || !existsSync(new URL('node-svelte.ts', here))) {
		return { files: [], note: 'chart SVGs skipped: src/lib/charts/study-svgs.ts is not in this build.' };
	}
	try {
		const mod = (await import('../../src/lib/charts/node-svelte')) as {
			loadStudyChartSvgs: () => Promise<(s: StudyResult) => { file: string; svg: string }[]>;
		};
		const render = await mod.loadStudyChartSvgs();
		return { files: render(result) };
	} catch (e) {
		return { files: [], note: `chart SVGs skipped: ${e instanceof Error ? e.message : String(e)}` };
	}
}

/** The recommendations as aligned lines: configuration, attainment, P95, throughput, or why none. */
function recommendationLines(result: StudyResult): string[] {
	return result.recommendations.map((r) => {
		const head = `  ${r.size.toLocaleString('en-US').padStart(9)} requests  ${r.kind.padEnd(11)} `;
		if (r.gpus === null) return head + r.reason;
		const tp = studySetting(result).tp ?? 1;
		const gpus = tp > 1 ? `${r.gpus} × TP ${tp} = ${r.gpus * tp} GPUs` : `${r.gpus} GPU(s)`;
		const cfg = `${gpus}, ${r.method}${r.method === 'multibin' ? ` ${r.bins} bin(s)` : ''}`;
		const att = r.sloAttainment === null ? 'n/a' : `${(r.sloAttainment * 100).toFixed(1)}%`;
		const p95 = r.p95E2eS === null ? 'n/a' : `${r.p95E2eS.toFixed(3)} s`;
		const tput = r.outputTokPerS === null ? 'n/a' : `${Math.round(r.outputTokPerS).toLocaleString('en-US')} output tok/s`;
		const cost = r.costPerHourUsd ? `, $${r.costPerHourUsd.toFixed(2)}/h` : '';
		return head + `${cfg.padEnd(28)} SLO ${att}, P95 E2E ${p95}, ${tput}${cost}`;
	});
}

function progressPrinter(): (p: StudyProgress) => void {
	const tty = process.stderr.isTTY;
	let lastPct = -1;
	return (p) => {
		const pct = Math.floor((100 * p.runsDone) / Math.max(1, p.runsTotal));
		const line = `${p.phase === 'done' ? 'done' : p.phase === 'step1' ? 'step 1' : 'step 2'}: ${p.runsDone}/${p.runsTotal} runs, ${p.requestsDone.toLocaleString('en-US')} requests simulated`;
		if (tty) process.stderr.write(`\r${line}   ${p.phase === 'done' ? '\n' : ''}`);
		else if (pct >= lastPct + 10 || p.phase === 'done') {
			lastPct = pct;
			process.stderr.write(line + '\n');
		}
	};
}

export const command: Command = {
	help: HELP,
	async run(argv) {
		const { values } = parseFlags(
			argv,
			{
				...TRACE_LIMIT_FLAGS,
				trace: { type: 'string' },
				synthetic: { type: 'boolean' },
				out: { type: 'string' },
				sizes: { type: 'string' },
				gpus: { type: 'string' },
				bins: { type: 'string' },
				model: { type: 'string' },
				gpu: { type: 'string' },
				'rps-scale': { type: 'string' },
				rate: { type: 'string' },
				...SLO_OPTIONS,
				...PREDICTOR_OPTIONS,
				'cost-per-gpu-hour': { type: 'string' },
				'no-step1-continuous': { type: 'boolean' },
				'load-sweep': { type: 'boolean' },
				'prefix-cache': { type: 'boolean' },
				'sweep-requests': { type: 'string' },
				'reference-layout': { type: 'boolean' },
				'sla-limit': { type: 'string' },
				'drop-failed': { type: 'boolean' },
				seed: { type: 'string' },
				workers: { type: 'string' },
				objective: { type: 'string' },
				'scaling-bins': { type: 'string' },
				knee: { type: 'string' },
				methods: { type: 'string' },
				'no-svg': { type: 'boolean' },
				...PERF_FLAGS,
				...ROUTING_FLAGS,
				json: { type: 'boolean' },
				...MODEL_SWITCH_FLAGS,
				...DEPLOY_FLAGS
			},
			'study'
		);
		// A TP list runs one study per TP (cli/study-tp.ts); one TP (or auto) is this study's replica shape.
		const tps = tpListFromFlags(values);
		if (tps && tps.length > 1) return studyPerTp(argv, tps, values, (a) => command.run(a));
		if (!values.trace === !values.synthetic) throw new CliError('study: give exactly one of --trace FILE or --synthetic.', 2);
		if (!values.out) throw new CliError('study: --out DIR is required (the folder for the CSV/JSON/SVG files).', 2);
		if (values['sla-limit'] !== undefined) {
			throw new CliError('study: --sla-limit (a TBT violation share) was replaced by --attainment X, the share of requests that must meet every SLO target (default 0.95).', 2);
		}
		const modelId = values.model ?? 'qwen3-1.7b';
		const gpuId = values.gpu ?? 'rtx-4080-12gb';
		const model = findModel(modelId);
		if (!model) throw new CliError(`study: unknown --model "${modelId}". Known: ${MODELS.map((m) => m.id).join(', ')}.`, 2);
		const gpu = findGpu(gpuId);
		if (!gpu) throw new CliError(`study: unknown --gpu "${gpuId}". Known: ${GPUS.map((g) => g.id).join(', ')}.`, 2);
		const objective = (values.objective ?? 'latency') as StudyObjective;
		if (!OBJECTIVES.includes(objective)) throw new CliError(`study: --objective must be one of ${OBJECTIVES.join(', ')}; got "${values.objective}".`, 2);
		const methods = values.methods ? (values.methods.split(',').map((m) => m.trim()) as Step2Method[]) : undefined;
		const badMethod = methods?.find((m) => !METHODS.includes(m));
		if (badMethod) throw new CliError(`study: unknown method "${badMethod}" in --methods; use ${METHODS.join(', ')}.`, 2);
		const seed = numberFlag(values.seed, 'seed', 0, 2 ** 32 - 1) ?? 1;
		if (values.rate !== undefined && values['rps-scale'] !== undefined) throw new CliError('study: --rate and --rps-scale both set the arrival clock; give one.', 2);
		const { sla, attainment } = sloFromFlags(values);
		const costPerGpuHour = numberFlag(values['cost-per-gpu-hour'], 'cost-per-gpu-hour', 0, 1e4) ?? 0;
		const base = studyBaseScenario({ model, gpu, seed, sla, predictor: predictorFromFlags(values), binPolicy: policyFromFlags(values), costPerGpuHour, ...parseModelSwitches(values), ...precisionsFromFlags(values), ...(tps?.[0] !== undefined ? { tp: tps[0] } : {}) });
		refuseMixedPerfFlags(values);
		base.perf = (await perfSpecFromFlags(values, gpu ?? base.gpu)) ?? base.perf;
		applyRoutingFlag(values, base);
		const config = studyConfig(
			{
				...(values.sizes ? { sizes: numberListFlag(values.sizes, 'sizes', 1, 1e8) } : {}),
				...(values.gpus ? { gpuCounts: numberListFlag(values.gpus, 'gpus', 1, 4096) } : {}),
				...(values.bins ? { binCounts: numberListFlag(values.bins, 'bins', 1, 255) } : {}),
				...(values['rps-scale'] ? { rpsScale: numberFlag(values['rps-scale'], 'rps-scale', 1e-9) } : {}),
				...(values.rate ? { requestsPerS: numberFlag(values.rate, 'rate', 1e-9, 1e9) } : {}),
				attainment,
				step1Continuous: !values['no-step1-continuous'],
				...(values['scaling-bins'] ? { scalingBins: numberFlag(values['scaling-bins'], 'scaling-bins', 1, 255) } : {}),
				...(values.knee ? { kneeThreshold: numberFlag(values.knee, 'knee', 0, 0.999) } : {}),
				...(methods ? { methods } : {}),
				keepFailed: !values['drop-failed'],
				objective
			},
			base
		);
		const errs = validateStudyConfig(config);
		if (errs.length) throw new CliError(`study: ${errs.join(' ')}`, 2);
		const workers = numberFlag(values.workers, 'workers', 1, 64) ?? defaultThreads();
		const sweepRequests = numberFlag(values['sweep-requests'], 'sweep-requests', 1, 1e7) ?? 2000;

		const trace = await loadTraceOrSynthetic({ trace: values.trace, synthetic: values.synthetic, requests: Math.max(...config.sizes), seed, limits: traceLimitsFromFlags(values) });
		const executor = nodePoolExecutor({ workers });
		const onSignal = () => executor.cancel();
		process.once('SIGINT', onSignal);
		let result: StudyResult;
		try {
			result = await runStudy({ trace }, config, executor, progressPrinter());
		} catch (e) {
			throw new CliError(`study: ${e instanceof Error ? e.message : String(e)}`);
		} finally {
			process.off('SIGINT', onSignal);
			await executor.dispose?.();
		}

		if (values['load-sweep']) {
			process.stderr.write('load sweep: finding each configuration\'s capacity...\n');
			result.loadSweeps = studySweeps(trace, result, { requests: sweepRequests });
		}

		result.prefixCompare = studyPrefixCompare(values, trace, result);
		await mkdir(values.out, { recursive: true });
		const written: string[] = [];
		if (values['reference-layout']) {
			const dir = join(values.out, 'reference_layout');
			await mkdir(dir, { recursive: true });
			for (const f of referenceLayoutFiles(result)) {
				await writeFile(join(dir, f.file), f.text);
				written.push(`reference_layout/${f.file}`);
			}
		}
		for (const f of studyFiles(result)) {
			await writeFile(join(values.out, f.file), f.text);
			written.push(f.file);
		}
		if (!values['no-svg']) {
			const charts = await chartSvgs(result);
			if (charts.note) process.stderr.write(`note: ${charts.note}\n`);
			for (const c of charts.files) {
				await writeFile(join(values.out, c.file), c.svg);
				written.push(c.file);
			}
		}
		for (const f of result.failures) process.stderr.write(`failed run ${f.key} (step ${f.step}): ${f.reason}\n`);
		for (const a of result.arrivalBound) process.stderr.write(`note: ${a.message}\n`);
		for (const n of result.notices) process.stderr.write(`note: ${n}\n`);
		if (values.json) {
			printJson({ out: values.out, files: written, workers, wallS: result.wallS, ...JSON.parse(optimalConfigsJson(result)) });
		} else {
			console.log(`study: ${result.step1.length} grid runs + ${result.step2.length} comparison rows in ${result.wallS.toFixed(1)} s on ${workers} worker(s).`);
			console.log(settingSentence(result));
			for (const line of recommendationLines(result)) console.log(line);
			for (const sw of result.loadSweeps ?? []) console.log(`  load sweep ${sw.label}: ${sw.error ?? sw.note}`);
			for (const line of prefixComparisonLines(result.prefixCompare ?? [])) console.log(line);
			console.log(`wrote ${written.length} files to ${values.out}: ${written.join(', ')}`);
		}
		return result.step1.length === 0 ? 1 : 0;
	}
};
