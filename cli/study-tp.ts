/**
 * `study --tp LIST`: the study swept over tensor-parallel sizes. Each TP is its own study (its grid,
 * analyses and recommendations hold for one replica shape, so every GPU count and knee stays
 * comparable within it), written to DIR/tp-N (DIR/tp-auto for the default). The Step 1 and Step 2 rows
 * of every TP are then gathered into DIR/step1_all_results_by_tp.csv and DIR/step2_comparison_by_tp.csv,
 * whose tp and total_gpus columns tell the shapes apart.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError } from './args';

/** argv without any --tp value (both "--tp X" and "--tp=X"), and without --out. */
function withoutFlags(argv: string[], names: string[]): string[] {
	const out: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (names.some((n) => a === `--${n}`)) {
			i++;
			continue;
		}
		if (names.some((n) => a.startsWith(`--${n}=`))) continue;
		out.push(a);
	}
	return out;
}

/** Joins CSV files with one header (they share it: the same study files at different TP). */
async function gather(paths: string[]): Promise<string | null> {
	let header: string | null = null;
	const rows: string[] = [];
	for (const p of paths) {
		if (!existsSync(p)) continue;
		const lines = (await readFile(p, 'utf8')).split('\n').filter((l) => l !== '');
		if (lines.length === 0) continue;
		if (header === null) header = lines[0];
		else if (lines[0] !== header) throw new CliError(`study --tp: ${p} has other columns than the first TP's file; the per-TP folders are complete, only the gathered file is missing.`);
		rows.push(...lines.slice(1));
	}
	return header === null ? null : [header, ...rows].join('\n') + '\n';
}

/**
 * Runs `runOne` (the study command) once per TP, then gathers the rows. Returns the worst exit code.
 * `values` are the parsed flags of the outer call (only --out and --json are read).
 */
export async function studyPerTp(argv: string[], tps: (number | undefined)[], values: { out?: string; json?: boolean }, runOne: (argv: string[]) => Promise<number>): Promise<number> {
	if (!values.out) throw new CliError('study: --out DIR is required (the folder for the CSV/JSON/SVG files).', 2);
	if (values.json) throw new CliError('study: --json prints one study; with a --tp list each TP writes DIR/tp-N/optimal_configs.json instead. Drop --json or give one TP.', 2);
	const rest = withoutFlags(argv, ['tp', 'out']);
	const dirs: string[] = [];
	let rc = 0;
	for (const tp of tps) {
		const name = `tp-${tp ?? 'auto'}`;
		const dir = join(values.out, name);
		process.stderr.write(`study at TP ${tp ?? 'auto'} -> ${dir}\n`);
		rc = Math.max(rc, await runOne([...rest, '--tp', tp === undefined ? 'auto' : String(tp), '--out', dir]));
		dirs.push(dir);
	}
	await mkdir(values.out, { recursive: true });
	for (const f of ['step1_all_results', 'step2_comparison']) {
		const text = await gather(dirs.map((d) => join(d, `${f}.csv`)));
		if (text !== null) await writeFile(join(values.out, `${f}_by_tp.csv`), text);
	}
	console.log(`study --tp: ${tps.length} studies in ${dirs.join(', ')}; rows gathered in step1_all_results_by_tp.csv and step2_comparison_by_tp.csv.`);
	return rc;
}
