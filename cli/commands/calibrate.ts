/**
 * `cli calibrate`: fit the per-operator performance model to measured step times, check a profile
 * against measurements, or print the validation table of the measured sets.
 */
import { readFile, writeFile, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { CliError, parseFlags, printJson, type Command } from '../args';
import { parseMeasurements, type MeasuredStep } from '../../src/lib/calibrate/measurements';
import { calibrate } from '../../src/lib/calibrate/calibrate';
import { checkRows } from '../../src/lib/calibrate/predict';
import { validationMarkdown, validationTable, type MeasuredSet } from '../../src/lib/calibrate/validate';
import { findGpu } from '../../src/lib/catalog';
import { defaultPerfSpec } from '../../src/lib/sim/perf/per-op-defaults';
import type { PerfModelSpec } from '../../src/lib/sim/types';
import { readProfileFile } from '../perf-flags';

const help = `Usage:
  npm run --silent cli -- calibrate --measurements FILE... --out PROFILE.json [--label TEXT] [--json]
  npm run --silent cli -- calibrate --check FILE... [--profile PROFILE.json | --perf-model roofline] [--json]
  npm run --silent cli -- calibrate --validate [--dir tests/fixtures/fidelity] [--json]

Measurement files are JSON Lines or CSV with the fields gpu, model, kind (prefill | decode | mixed),
batch, newTokens, contextTokens, ms, and for mixed steps prefillTokens and prefillContextTokens
(docs/measure.md). All rows of one calibration must come from one GPU.

--measurements  fits the per-operator model's parameters by robust least squares on relative error
                and writes the profile; prints the parameters and the fit's median / p90 / max
                absolute relative error.
--check         predicts every measured step with --profile (or, without one, each row's GPU default:
                the built-in calibrated profile for h200-sxm, learned fractions elsewhere; or the
                datasheet roofline with --perf-model roofline). --json prints n, medianAbsErr,
                p90AbsErr, maxAbsErr (fractions) and one row per step.
--validate      the table for README and How it works: datasheet roofline, per-operator with a-priori
                parameters, and calibrated, per measured set, plus leave-one-model-out.`;

async function loadFile(path: string): Promise<MeasuredStep[]> {
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch {
		throw new CliError(`Cannot open "${path}": no such file or not readable. Check the path.`);
	}
	const r = parseMeasurements(text, basename(path));
	if (!r.ok) throw new CliError(r.message);
	return r.rows;
}

async function loadFiles(paths: string[]): Promise<MeasuredStep[]> {
	if (paths.length === 0) throw new CliError('calibrate needs at least one measurement FILE. See --help.', 2);
	return (await Promise.all(paths.map(loadFile))).flat();
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The measured sets of a fixture folder, one per file; a file mixing bf16 and fp8 weights is split in two. */
async function loadSets(dir: string): Promise<MeasuredSet[]> {
	const files = (await readdir(dir)).filter((f) => /\.(jsonl|csv)$/.test(f)).sort();
	const sets: MeasuredSet[] = [];
	for (const f of files) {
		const rows = await loadFile(join(dir, f));
		const name = f.replace(/\.(jsonl|csv)$/, '');
		const weights = [...new Set(rows.map((r) => r.weights ?? 'bf16'))];
		if (weights.length === 1) sets.push({ name, rows });
		else for (const w of weights) sets.push({ name: `${name} [${w}]`, rows: rows.filter((r) => (r.weights ?? 'bf16') === w) });
	}
	return sets;
}

/**
 * The validation table over a folder of measured sets: the built-in profile's training sets (the lean
 * and mixed H200 sets) and the unfused set calibrated on itself. The page's copy
 * (src/lib/calibrate/validation-h200.json) is this, written by `npm run calibrate:validate-json`.
 */
export async function validationFromDir(dir: string) {
	const sets = await loadSets(dir);
	const training = ['h200_qwen3-1.7b', 'h200_llama-3.1-8b', 'h200_qwen3-1.7b_mixed'];
	return validationTable(sets, training, 'calibrated from measurements (2026-11-30)', ['h200_qwen3-1.7b_unfused']);
}

/** The calibrate command. */
export const command: Command = {
	help,
	async run(argv) {
		const { values, positionals } = parseFlags(
			argv,
			{
				measurements: { type: 'string', multiple: true },
				out: { type: 'string' },
				label: { type: 'string' },
				check: { type: 'boolean' },
				profile: { type: 'string' },
				'perf-model': { type: 'string' },
				validate: { type: 'boolean' },
				dir: { type: 'string' },
				json: { type: 'boolean' }
			},
			'calibrate'
		);
		if (values.validate) {
			const table = await validationFromDir(values.dir ?? 'tests/fixtures/fidelity');
			if (values.json) printJson(table);
			else console.log(validationMarkdown(table));
			return 0;
		}
		if (values.check) {
			const rows = await loadFiles(positionals);
			let specFor: (gpu: string) => PerfModelSpec;
			if (values.profile) {
				const profile = await readProfileFile(values.profile);
				specFor = () => ({ kind: 'per-op', profile });
			} else if (values['perf-model'] === 'roofline') specFor = () => ({ kind: 'roofline' });
			else if (values['perf-model'] === undefined || values['perf-model'] === 'per-op') {
				specFor = (gpu) => defaultPerfSpec(findGpu(gpu)!);
			} else throw new CliError(`--perf-model must be roofline or per-op; got "${values['perf-model']}".`, 2);
			const r = checkRows(rows, specFor);
			if (values.json) printJson({ n: r.stats.n, medianAbsErr: r.stats.medianAbsErr, p90AbsErr: r.stats.p90AbsErr, maxAbsErr: r.stats.maxAbsErr, within10: r.stats.within10, rows: r.rows });
			else {
				console.log(`${r.stats.n} steps, priced by ${[...new Set(r.rows.map((x) => x.perfLabel))].join('; ')}:`);
				console.log(`  median ${pct(r.stats.medianAbsErr)}, p90 ${pct(r.stats.p90AbsErr)}, max ${pct(r.stats.maxAbsErr)} absolute relative error; ${r.stats.within10} within 10%`);
			}
			return 0;
		}
		const files = [...(values.measurements ?? []), ...positionals];
		if (files.length === 0) throw new CliError('calibrate needs --measurements FILE..., --check FILE... or --validate. See --help.', 2);
		if (!values.out) throw new CliError('calibrate --measurements needs --out PROFILE.json (where to write the fitted profile).', 2);
		const rows = await loadFiles(files);
		const r = calibrate(rows, { label: values.label ?? `calibrated from ${rows.length} measured steps` });
		if (!r.ok) throw new CliError(r.message);
		await writeFile(values.out, JSON.stringify(r.profile, null, '\t') + '\n');
		if (values.json) printJson({ profile: r.profile, out: values.out });
		else {
			console.log(`Per-operator profile for ${r.profile.gpu} from ${rows.length} steps (${r.profile.fit?.models.join(', ')}), written to ${values.out}:`);
			for (const [k, v] of Object.entries(r.profile.params)) console.log(`  ${k.padEnd(20)} ${v.toPrecision(4)}`);
			console.log(`Fit: median ${pct(r.stats.medianAbsErr)}, p90 ${pct(r.stats.p90AbsErr)}, max ${pct(r.stats.maxAbsErr)} absolute relative error.`);
		}
		return 0;
	}
};
