/**
 * Issue 18's table, whole process, as a person at the terminal meets it: each figure is the median of
 * BENCH_TABLE_RUNS (default 5) fresh `node scripts/cli.mjs ...` processes (the compiled CLI; Node's own
 * start-up included), timed from spawn to exit, with CPU seconds beside the wall time.
 *   npm run bench -- table                         all four rows
 *   BENCH_TABLE_ROWS=parse,multibin npm run bench -- table   some rows (parse, multibin, continuous, study)
 *   BENCH_TABLE_RUNS=3 ...                         fewer runs (the study row is the long one)
 *
 * The peers (the reference simulator's loader and 1M run, inference-lab 0.2.1) cannot run on this
 * machine (neither is installed, and nothing may be downloaded for a benchmark): their figures are the
 * ones measured side by side on the 2-core machine when issue 18 was filed, printed as such, and the
 * ratio is computed against them. The trace is the synthetic BurstGPT-like one written once to
 * bench/out/ as a BurstGPT v1 CSV, so parsing reads a real file.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { staleReason } from '../scripts/cli-bundle.mjs';
import { childrenCpuS } from './child-cpu';
import { ensureSyntheticCsv, syntheticCsvPath } from './synthetic-csv';
import { median } from './util';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const ROWS_1M = 1_000_000;
const FILE = syntheticCsvPath(ROWS_1M);
const RUNS = Math.max(1, Number(process.env.BENCH_TABLE_RUNS ?? 5));

interface Row {
	id: string;
	work: string;
	args: () => string[];
	peer: { name: string; seconds: number };
	/** Ratio targets (peer seconds / servescope seconds): target and goal, or, for the study, the share of the peer's time. */
	target: { kind: 'speedup'; target: number; goal: number } | { kind: 'share'; target: number; goal: number };
}

const ROWS: Row[] = [
	{
		id: 'parse',
		work: 'parse 1M BurstGPT rows',
		args: () => ['parse', FILE, '--json'],
		peer: { name: "reference simulator's loader", seconds: 20.6 },
		target: { kind: 'speedup', target: 25, goal: 40 }
	},
	{
		id: 'multibin',
		work: '1M-request multi-bin run, load included',
		args: () => ['simulate', '--trace', FILE, '--requests', String(ROWS_1M), '--method', 'multibin', '--json'],
		peer: { name: 'reference simulator', seconds: 49.8 },
		target: { kind: 'speedup', target: 60, goal: 100 }
	},
	{
		id: 'continuous',
		work: '100K-request continuous run, load included',
		args: () => ['simulate', '--trace', FILE, '--requests', '100000', '--method', 'continuous', '--json'],
		peer: { name: 'inference-lab 0.2.1 (WASM)', seconds: 74.8 },
		target: { kind: 'speedup', target: 200, goal: 500 }
	},
	{
		id: 'study',
		work: 'default study, CLI',
		args: () => ['study', '--synthetic', '--out', mkdtempSync(join(tmpdir(), 'servescope-bench-study-'))],
		peer: { name: 'one reference 1M run', seconds: 49 },
		target: { kind: 'share', target: 0.2, goal: 0.1 }
	}
];

function once(args: string[]): { wall: number; cpu: number | null } {
	const c0 = childrenCpuS();
	const t0 = performance.now();
	const r = spawnSync('node', ['scripts/cli.mjs', ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 << 20 });
	const wall = (performance.now() - t0) / 1000;
	const c1 = childrenCpuS();
	if (r.status !== 0) throw new Error(`"node scripts/cli.mjs ${args.join(' ')}" failed (exit ${r.status ?? r.signal}): ${r.stderr}`);
	const out = args[0] === 'study' ? args[args.indexOf('--out') + 1] : null;
	if (out) rmSync(out, { recursive: true, force: true });
	return { wall, cpu: c0 === null || c1 === null ? null : c1 - c0 };
}

/** Entry point called by bench/run.ts. */
export async function main(): Promise<void> {
	const only = (process.env.BENCH_TABLE_ROWS ?? '').split(',').filter(Boolean);
	const rows = ROWS.filter((r) => only.length === 0 || only.includes(r.id));
	const reason = staleReason();
	if (reason) {
		const r = spawnSync('node', ['scripts/build-cli.mjs'], { cwd: ROOT, stdio: 'inherit' });
		if (r.status !== 0) throw new Error('compiling the CLI failed; see the message above');
		console.log(`compiled the CLI first (${reason}); not timed`);
	}
	await ensureSyntheticCsv(ROWS_1M);
	const load0 = loadavg()[0];
	const results = new Map<string, { wall: number[]; cpu: number[] }>(rows.map((r) => [r.id, { wall: [], cpu: [] }]));
	// Rows interleaved round by round, so a change of load weighs on all of them alike; one warm-up round.
	for (let round = 0; round <= RUNS; round++) {
		for (const r of rows) {
			if (round === 0 && r.id === 'study') continue; // the study is long; its own runs warm the disk cache
			const t = once(r.args());
			if (round === 0) continue;
			results.get(r.id)!.wall.push(t.wall);
			if (t.cpu !== null) results.get(r.id)!.cpu.push(t.cpu);
		}
	}
	const load1 = loadavg()[0];
	console.log(
		`issue 18's table: whole process (node scripts/cli.mjs, compiled CLI), median of ${RUNS} (min), CPU seconds beside; ` +
			`${availableParallelism()} cores, load average ${load0.toFixed(1)} → ${load1.toFixed(1)}` +
			(Math.max(load0, load1) > availableParallelism() ? ' (busy machine: slower than on a quiet one)' : '')
	);
	console.log('  peers cannot run here: their seconds are the side-by-side figures issue 18 was filed with (same 2-core machine)');
	for (const r of rows) {
		const t = results.get(r.id)!;
		const s = median(t.wall);
		const ratio = r.peer.seconds / s;
		const cpu = t.cpu.length ? `, cpu ${median(t.cpu).toFixed(2)} s` : '';
		const verdict =
			r.target.kind === 'speedup'
				? `${ratio.toFixed(1)}× faster than ${r.peer.name} (${r.peer.seconds} s); target ${r.target.target}× ${ratio >= r.target.target ? 'met' : 'not met'}, goal ${r.target.goal}×`
				: `${(1 / ratio).toFixed(2)}× of ${r.peer.name} (${r.peer.seconds} s); target ≤ ${r.target.target}× ${1 / ratio <= r.target.target ? 'met' : 'not met'}, goal ${r.target.goal}×`;
		console.log(`  ${r.work.padEnd(44)} ${s.toFixed(2).padStart(6)} s (min ${Math.min(...t.wall).toFixed(2)}${cpu})  ${verdict}`);
	}
}
