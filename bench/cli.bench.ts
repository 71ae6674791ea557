/**
 * CLI start-up and a small run, whole process (issue 18: `npm run --silent cli -- --help` in <= 0.2 s).
 * Each command is a fresh process, timed from spawn to exit: Node's and npm's own start-up are part of
 * the figure, as a person at the terminal sees it. Before = the TypeScript sources through tsx (what
 * `npm run cli` was, now `npm run cli:dev`); after = the compiled bundle in .servescope/cli/ through its
 * launcher scripts/cli.mjs (`npm run cli`). The variants run interleaved, round by round, so a change in
 * the machine's load during the benchmark weighs on all of them alike.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { BUNDLE_MAIN, staleReason } from '../scripts/cli-bundle.mjs';
import { childrenCpuS } from './child-cpu';
import { median } from './util';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const RUNS = 5;
const TARGET_S = 0.2;
/** The small run: the synthetic BurstGPT-like trace, 10,000 requests (simulate's default size). */
const SIMULATE = ['simulate', '--synthetic', '--requests', '10000', '--json'];

interface Variant {
	label: string;
	cmd: string;
	args: string[];
}

const npm = (script: string, args: string[]): Variant => ({ label: `npm run --silent ${script} -- ${args.join(' ')}`, cmd: 'npm', args: ['run', '--silent', script, '--', ...args] });
const node = (args: string[]): Variant => ({ label: `node ${args.join(' ')}`, cmd: 'node', args });

/** Rows of the table: what is measured, before (tsx) and after (bundle). */
const ROWS: { what: string; before?: Variant; after: Variant }[] = [
	{ what: 'npm run --silent cli -- --help', before: npm('cli:dev', ['--help']), after: npm('cli', ['--help']) },
	{ what: 'node <entry> --help', before: node(['--import', 'tsx', 'cli/main.ts', '--help']), after: node(['scripts/cli.mjs', '--help']) },
	{ what: 'node <bundle main.js> --help (no freshness check)', after: node([BUNDLE_MAIN, '--help']) },
	{ what: `npm run --silent cli -- ${SIMULATE.join(' ')}`, before: npm('cli:dev', SIMULATE), after: npm('cli', SIMULATE) },
	{ what: `node <entry> ${SIMULATE.join(' ')}`, before: node(['--import', 'tsx', 'cli/main.ts', ...SIMULATE]), after: node(['scripts/cli.mjs', ...SIMULATE]) },
	{ what: 'node -e 0 (Node start-up alone)', after: node(['-e', '0']) }
];

/** One run of v: wall and CPU seconds; throws with its stderr if it fails. */
function once(v: Variant): { wall: number; cpu: number | null } {
	const cpu0 = childrenCpuS();
	const t0 = performance.now();
	const r = spawnSync(v.cmd, v.args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
	const wall = (performance.now() - t0) / 1000;
	const cpu1 = childrenCpuS();
	if (r.status !== 0) throw new Error(`"${v.label}" failed (exit ${r.status ?? r.signal}): ${r.stderr}`);
	return { wall, cpu: cpu0 === null || cpu1 === null ? null : cpu1 - cpu0 };
}

interface Times {
	wall: number[];
	cpu: number[];
}

const fmt = (t: Times | undefined) =>
	t ? `${median(t.wall).toFixed(3)} s (min ${Math.min(...t.wall).toFixed(3)})${t.cpu.length ? `, cpu ${median(t.cpu).toFixed(2)}` : ''}` : '—';

export async function main(): Promise<void> {
	// Compiled before timing, so no timed run pays for a build.
	const reason = staleReason();
	if (reason) {
		const r = spawnSync('node', ['scripts/build-cli.mjs'], { cwd: ROOT, stdio: 'inherit' });
		if (r.status !== 0) throw new Error('compiling the CLI failed; see the message above');
		console.log(`compiled the CLI first (${reason}); not timed`);
	}
	const variants = ROWS.flatMap((r) => (r.before ? [r.before, r.after] : [r.after]));
	const times = new Map<Variant, Times>(variants.map((v) => [v, { wall: [], cpu: [] }]));
	const load0 = loadavg()[0];
	// One untimed warm-up round (disk cache, npm's own caches), then RUNS timed rounds.
	for (let round = 0; round <= RUNS; round++) {
		for (const v of variants) {
			const { wall, cpu } = once(v);
			if (round === 0) continue;
			times.get(v)!.wall.push(wall);
			if (cpu !== null) times.get(v)!.cpu.push(cpu);
		}
	}
	const load1 = loadavg()[0];
	console.log(
		`whole-process wall time, median of ${RUNS} (min), and median CPU seconds (user + system), ${availableParallelism()} cores, load average ${load0.toFixed(1)} → ${load1.toFixed(1)}` +
			(Math.max(load0, load1) > availableParallelism() ? ' (busy machine: figures are slower than on a quiet one)' : '')
	);
	const width = Math.max(...ROWS.map((r) => r.what.length));
	console.log(`  ${'command'.padEnd(width)}  ${'before (tsx)'.padEnd(34)}  after (bundle)`);
	for (const r of ROWS) {
		console.log(`  ${r.what.padEnd(width)}  ${fmt(r.before ? times.get(r.before) : undefined).padEnd(34)}  ${fmt(times.get(r.after))}`);
	}
	const npmHelp = median(times.get(ROWS[0].after)!.wall);
	const nodeHelp = median(times.get(ROWS[1].after)!.wall);
	const bare = median(times.get(ROWS[5].after)!.wall);
	console.log(`  npm's own start-up ≈ ${(npmHelp - nodeHelp).toFixed(3)} s (npm run minus node on the same launcher); Node's ≈ ${bare.toFixed(3)} s`);
	console.log(
		`  target: npm run --silent cli -- --help <= ${TARGET_S} s: ${npmHelp <= TARGET_S ? 'met' : 'not met'} (${npmHelp.toFixed(3)} s); ` +
			`node scripts/cli.mjs --help: ${nodeHelp.toFixed(3)} s`
	);
}
