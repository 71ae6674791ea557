/**
 * `cli sweep`: one configuration's load sweep, as vLLM users get from `--request-rate` sweeps. The trace
 * is re-timed to rising mean request rates (burstiness kept) until the SLO attainment target is missed,
 * then bisected; prints each rate's P95 TTFT/TPOT/E2E and goodput and the capacity, or writes load_sweep.csv.
 */
import { writeFile } from 'node:fs/promises';
import { CliError, numberFlag, parseFlags, printJson, type Command } from '../args';
import { loadTraceOrSynthetic } from '../load-trace';
import { DEPLOY_FLAGS, deployFromFlags, deployHelp } from '../deploy-flags';
import { ROUTING_FLAGS, ROUTING_HELP, applyRoutingFlag } from '../routing-flag';
import { PREDICTOR_HELP, PREDICTOR_OPTIONS, SLO_HELP, SLO_OPTIONS, policyFromFlags, predictorFromFlags, sloFromFlags } from '../slo-flags';
import { findGpu, findModel, GPUS, MODELS } from '../../src/lib/catalog/index';
import { METHOD_NAMES, methodDef, methodsHelp } from '../../src/lib/sim/methods/registry';
import type { MethodName } from '../../src/lib/sim/types';
import { studyBaseScenario } from '../../src/lib/study/config';
import { loadSweep } from '../../src/lib/study/load-sweep';
import { loadSweepCsv } from '../../src/lib/study/load-sweep-export';

const HELP = `sweep: find one configuration's capacity under the SLO by sweeping the request rate.

Usage: npm run --silent cli -- sweep (--trace FILE | --synthetic) [flags]

  --trace FILE          a trace (.csv, .csv.gz, .jsonl); --synthetic for the built-in generator
  --requests N          requests replayed at each rate (default 2000; the whole trace when shorter)
  --method M            one of (default continuous):
${methodsHelp()}
  --gpus G              data-parallel replicas (default 1), each of --tp GPUs
${ROUTING_HELP}
  --bins K              bins for multibin (default 4)
  --model ID, --gpu ID  catalog model and GPU (defaults qwen3-1.7b, rtx-4080-12gb)
  --start-rate R        first rate tried, req/s (default 0.1 per GPU); it doubles until the SLO fails
${deployHelp()}
${PREDICTOR_HELP}
${SLO_HELP}
  --seed S              seed (default 1)
  --out FILE            write load_sweep.csv there
  --json                print the sweep as JSON`;

export const command: Command = {
	help: HELP,
	async run(argv) {
		const { values } = parseFlags(
			argv,
			{
				trace: { type: 'string' },
				synthetic: { type: 'boolean' },
				requests: { type: 'string' },
				method: { type: 'string' },
				gpus: { type: 'string' },
				bins: { type: 'string' },
				model: { type: 'string' },
				gpu: { type: 'string' },
				'start-rate': { type: 'string' },
				seed: { type: 'string' },
				out: { type: 'string' },
				json: { type: 'boolean' },
				...SLO_OPTIONS,
				...PREDICTOR_OPTIONS,
				...DEPLOY_FLAGS,
				...ROUTING_FLAGS
			},
			'sweep'
		);
		if (!values.trace === !values.synthetic) throw new CliError('sweep: give exactly one of --trace FILE or --synthetic.', 2);
		const method = (values.method ?? 'continuous') as MethodName;
		if (!(METHOD_NAMES as readonly string[]).includes(method)) throw new CliError(`--method must be one of ${METHOD_NAMES.join(', ')}; got "${method}".`, 2);
		const model = findModel(values.model ?? 'qwen3-1.7b');
		if (!model) throw new CliError(`Unknown --model "${values.model}". Known: ${MODELS.map((m) => m.id).join(', ')}.`, 2);
		const gpu = findGpu(values.gpu ?? 'rtx-4080-12gb');
		if (!gpu) throw new CliError(`Unknown --gpu "${values.gpu}". Known: ${GPUS.map((g) => g.id).join(', ')}.`, 2);
		const gpus = numberFlag(values.gpus, 'gpus', 1, 4096) ?? 1;
		const bins = numberFlag(values.bins, 'bins', 1, 64) ?? (method === 'multibin' ? 4 : 1);
		if (!Number.isInteger(gpus) || !Number.isInteger(bins)) throw new CliError('--gpus and --bins must be whole numbers.', 2);
		const requests = numberFlag(values.requests, 'requests', 1, 1e7) ?? 2000;
		const seed = numberFlag(values.seed, 'seed', 0, 2 ** 32 - 1) ?? 1;
		const { sla, attainment } = sloFromFlags(values);
		const base = applyRoutingFlag(values, studyBaseScenario({ model, gpu, seed, sla, predictor: predictorFromFlags(values), binPolicy: policyFromFlags(values), ...deployFromFlags(values) }));
		const trace = await loadTraceOrSynthetic({ trace: values.trace, synthetic: values.synthetic, requests, seed });
		const tpPart = base.tp !== undefined && base.tp > 1 ? ` × TP ${base.tp}` : '';
		const label = `${methodDef(method).label}, ${gpus}${tpPart ? ' replica' : ' GPU'}${gpus === 1 ? '' : 's'}${tpPart}${method === 'multibin' ? `, ${bins} bins` : ''}`;
		const sw = loadSweep(trace, base, { label, method, gpus, bins }, { requests, attainment, startReqPerS: numberFlag(values['start-rate'], 'start-rate', Number.MIN_VALUE) });
		if (sw.error) throw new CliError(`sweep: ${sw.error}`);
		if (values.out) await writeFile(values.out, loadSweepCsv([sw]));
		if (values.json) printJson(sw);
		else {
			const f = (x: number | null, d = 3) => (x === null ? 'n/a' : x.toPrecision(d));
			console.log(`${label}, ${model.name} on ${gpu.name}; ${sw.requests} requests per rate; SLO ${Math.round(attainment * 100)}% of requests`);
			console.log('rate req/s  P95 TTFT s  P95 TPOT ms  P95 E2E s  goodput req/s  attainment');
			for (const p of sw.points) {
				console.log(
					`${f(p.rateReqPerS).padStart(10)}  ${f(p.ttftP95S).padStart(10)}  ${f(p.tpotP95Ms).padStart(11)}  ${f(p.e2eP95S).padStart(9)}  ${f(p.goodputReqPerS).padStart(13)}  ${p.sloAttainment === null ? 'n/a' : (p.sloAttainment * 100).toFixed(1) + '%'}${p.meetsSlo ? '' : ' (misses)'}`
				);
			}
			console.log(sw.note);
		}
		return sw.capacityReqPerS === null ? 1 : 0;
	}
};
