/**
 * `npm run bench:compare -- REF [CASE ...]`: this checkout's engine against the engine of a git ref (a
 * commit, tag or branch), like for like, in one process. "No slower than before" is a claim about two
 * versions of the code on the same machine at the same moment; two separate `npm run bench` runs on a
 * shared 2-core machine differ by ±10% from load alone, more than the changes being judged.
 *
 * How: the ref's tree is exported (git archive) into .servescope/compare/REF/, both trees' simulate()
 * are bundled with esbuild, and one process alternates them run by run (A B, B A, ...) on the same
 * workload, with a forced GC before each run, so load and heap state weigh on both alike.
 * Like for like by default: both run the datasheet roofline and the single shared queue (routing
 * 'global'), which is what engines before routing and the per-operator model had; AS_IS=1 gives each
 * tree its own defaults instead.
 *   npm run bench:compare -- b0bef7b                        the six default cases, 1M requests
 *   npm run bench:compare -- b0bef7b continuous/16          one case (method/replicas)
 *   npm run bench:compare -- HEAD multibin/100/32           method/replicas/bins (bins default 4)
 *   COMPARE_ROUNDS=10 COMPARE_REQUESTS=100000 ...           more rounds, fewer requests
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { median } from './util';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DIR = `${ROOT}.servescope/compare/`;
const DEFAULT_CASES = ['static/16', 'dynamic/16', 'multibin/16', 'multibin/100', 'continuous/16', 'continuous/100'];

/** What each bundle exports; written against the API every engine version since the first has kept. */
const ENTRY = `
import { defaultScenario, methodScenario, simulate } from './src/lib/sim/index';
import { synthesizeBurstGpt } from './src/lib/trace/synth';
import { DEFAULT_SHAPE, shapeWorkload } from './src/lib/trace/workload';
export function workload(n) {
	const shaped = shapeWorkload(synthesizeBurstGpt(n, 1), { ...DEFAULT_SHAPE, size: n, timing: { kind: 'scale', rpsScale: 200 } });
	if (!shaped.ok) throw new Error(shaped.error.message);
	return shaped.workload;
}
export function scenario(method, replicas, asIs, bins) {
	const s = methodScenario(method, defaultScenario(), { gpus: replicas, bins });
	if (!asIs) {
		s.perf = { kind: 'roofline' };
		s.routing = 'global';
	}
	return s;
}
export { simulate };
`;

interface EngineBundle {
	workload(n: number): unknown;
	scenario(method: string, replicas: number, asIs: boolean, bins: number): unknown;
	simulate(w: unknown, s: unknown): { summary: unknown };
}

/** Bundles the entry against the tree at `root` and imports it. */
async function load(root: string, name: string): Promise<EngineBundle> {
	const entry = `${root}/.compare-entry.js`;
	writeFileSync(entry, ENTRY);
	const out = `${DIR}${name}.mjs`;
	try {
		await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile: out, logLevel: 'error' });
	} finally {
		rmSync(entry, { force: true });
	}
	return (await import(pathToFileURL(out).href)) as EngineBundle;
}

/** The ref's tree, exported once per commit (node_modules resolve from the checkout above it). */
function exportRef(ref: string): { sha: string; root: string } {
	const sha = execFileSync('git', ['rev-parse', '--short=12', ref], { cwd: ROOT, encoding: 'utf8' }).trim();
	const root = `${DIR}${sha}`;
	if (!existsSync(`${root}/src`)) {
		mkdirSync(root, { recursive: true });
		execFileSync('sh', ['-c', `git archive ${sha} src | tar -x -C "${root}"`], { cwd: ROOT });
	}
	return { sha, root };
}

function gc(): void {
	(globalThis as { gc?: () => void }).gc?.();
}

export async function main(args = process.argv.slice(2)): Promise<void> {
	const ref = args[0];
	if (!ref) throw new Error('Name the git ref to compare with: npm run bench:compare -- REF [method/replicas[/bins] ...]');
	const cases = args.length > 1 ? args.slice(1) : DEFAULT_CASES;
	const rounds = Number(process.env.COMPARE_ROUNDS ?? 6);
	const n = Number(process.env.COMPARE_REQUESTS ?? 1_000_000);
	const asIs = process.env.AS_IS === '1';
	const { sha, root } = exportRef(ref);
	const before = await load(root, `before-${sha}`);
	const after = await load(ROOT, 'after-checkout');
	// One workload for both, from this checkout's generator, so any difference is the engine's.
	const w = after.workload(n);
	console.log(
		`engine of ${ref} (${sha}) vs this checkout, ${n.toLocaleString('en-US')} synthetic BurstGPT-like requests (RPS ×200), ` +
			`${asIs ? "each tree's own defaults" : 'both on the roofline and one shared queue'}; ${rounds} rounds alternating, GC before each run; load average ${loadavg()[0].toFixed(1)}`
	);
	console.log('case              before: wall median (min), CPU    after: wall median (min), CPU    after/before (CPU)');
	for (const c of cases) {
		const [method, replicas, bins = '4'] = c.split('/');
		const times = { before: { wall: [] as number[], cpu: [] as number[] }, after: { wall: [] as number[], cpu: [] as number[] } };
		for (let i = 0; i < rounds; i++) {
			const order = i % 2 === 0 ? (['before', 'after'] as const) : (['after', 'before'] as const);
			for (const which of order) {
				const e = which === 'before' ? before : after;
				const s = e.scenario(method, Number(replicas), asIs, Number(bins));
				gc();
				const c0 = process.cpuUsage();
				const t0 = performance.now();
				e.simulate(w, s);
				times[which].wall.push(performance.now() - t0);
				const cpu = process.cpuUsage(c0);
				times[which].cpu.push((cpu.user + cpu.system) / 1000);
			}
		}
		const f = (t: { wall: number[]; cpu: number[] }) => `${median(t.wall).toFixed(0)} ms (${Math.min(...t.wall).toFixed(0)}), ${median(t.cpu).toFixed(0)} ms`.padEnd(33);
		const ratio = median(times.after.cpu) / median(times.before.cpu);
		console.log(`${c.padEnd(16)}  ${f(times.before)}${f(times.after)}${ratio.toFixed(2)}`);
	}
}

// Run directly (npm run bench:compare) rather than through bench/run.ts: it needs a ref.
if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();
