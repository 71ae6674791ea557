/**
 * The compiled CLI (.servescope/cli/, run by scripts/cli.mjs = `npm run cli`) behaves exactly as the
 * TypeScript sources: the same bytes on stdout for help, simulate and study, and a bundle that
 * rebuilds itself when it is stale. These tests spawn the real launcher, end to end.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Command } from '../../cli/args';
import { fileStates, fingerprintChange, MANIFEST, staleReason, WATCHED_DIRS, WATCHED_FILES } from '../../scripts/cli-bundle.mjs';

const exec = promisify(execFile);
const ROOT = new URL('../../', import.meta.url).pathname;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
afterEach(() => vi.restoreAllMocks());

interface Ran {
	code: number;
	stdout: string;
	stderr: string;
}

async function spawn(args: string[]): Promise<Ran> {
	try {
		const { stdout, stderr } = await exec('node', args, { cwd: ROOT, maxBuffer: 64 << 20 });
		return { code: 0, stdout, stderr };
	} catch (e) {
		const x = e as { code: number; stdout: string; stderr: string };
		return { code: x.code, stdout: x.stdout, stderr: x.stderr };
	}
}

/** The compiled CLI through its launcher. */
const bundled = (args: string[]) => spawn(['scripts/cli.mjs', ...args]);
/** The TypeScript sources through tsx (`npm run cli:dev`). */
const typescript = (args: string[]) => spawn(['--import', 'tsx', 'cli/main.ts', ...args]);

/** cli/main.ts's COMMANDS as [name, module file], read from the source so new commands are covered. */
function commandsInSource(): [string, string][] {
	const src = readFileSync(join(ROOT, 'cli/main.ts'), 'utf8');
	return [...src.matchAll(/^\s*([\w-]+|'[\w-]+'):\s*\{[^\n]*import\('\.\/commands\/([\w-]+)'\)/gm)].map((m) => [m[1].replace(/'/g, ''), m[2]]);
}

/** What a command prints on stdout when run in this process. */
async function inProcess(command: Command, args: string[]): Promise<{ code: number; stdout: string }> {
	let stdout = '';
	vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
		stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
		return true;
	});
	vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => {
		stdout += parts.join(' ') + '\n';
	});
	const code = await command.run(args);
	vi.restoreAllMocks();
	return { code, stdout };
}

beforeAll(async () => {
	// First use compiles the bundle when it is missing or stale; later calls must not.
	const r = await bundled(['--help']);
	expect(r.code, r.stderr).toBe(0);
}, 180_000);

describe('compiled CLI', () => {
	it('is up to date after first use, and lists every command of cli/main.ts', async () => {
		expect(staleReason()).toBeNull();
		const r = await bundled(['--help']);
		expect(r.code).toBe(0);
		expect(r.stderr).toBe('');
		const commands = commandsInSource();
		expect(commands.length).toBeGreaterThanOrEqual(7);
		for (const [name] of commands) expect(r.stdout).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
	});

	it("prints each command's --help exactly as the TypeScript command defines it", async () => {
		for (const [name, file] of commandsInSource()) {
			const mod = (await import(`../../cli/commands/${file}.ts`)) as { command: Command };
			const r = await bundled([name, '--help']);
			expect(r.code, name).toBe(0);
			expect(r.stdout, name).toBe(mod.command.help + '\n');
		}
	}, 120_000);

	it('simulate --json prints the same bytes as the simulate command run in this process', async () => {
		const args = ['--synthetic', '--requests', '3000', '--method', 'continuous', '--gpus', '2', '--bins', '2', '--seed', '7', '--json'];
		const { command } = await import('../../cli/commands/simulate');
		const here = await inProcess(command, args);
		expect(here.code).toBe(0);
		const r = await bundled(['simulate', ...args]);
		expect(r.code, r.stderr).toBe(0);
		expect(r.stdout).toBe(here.stdout);
		expect(JSON.parse(r.stdout).requests).toBe(3000);
	}, 120_000);

	it('errors keep their message and exit code', async () => {
		const unknown = await bundled(['no-such-command']);
		expect(unknown.code).toBe(2);
		expect(unknown.stderr).toMatch(/^servescope: unknown command "no-such-command"\./);
		const flag = await bundled(['simulate', '--no-such-flag']);
		expect(flag.code).toBe(2);
		expect(flag.stderr).toMatch(/^servescope: simulate: Unknown option '--no-such-flag'/);
	}, 120_000);

	it('study writes the same files, byte for byte, as the TypeScript CLI (worker threads and chart SVGs included)', async () => {
		const outTs = mkdtempSync(join(tmpdir(), 'servescope-study-ts-'));
		const outJs = mkdtempSync(join(tmpdir(), 'servescope-study-js-'));
		dirs.push(outTs, outJs);
		const args = ['study', '--synthetic', '--sizes', '300,1200', '--gpus', '1,2', '--bins', '1,2', '--workers', '2', '--json'];
		const [ts, js] = await Promise.all([typescript([...args, '--out', outTs]), bundled([...args, '--out', outJs])]);
		expect(ts.code, ts.stderr).toBe(0);
		expect(js.code, js.stderr).toBe(0);
		const files = readdirSync(outTs).sort();
		expect(files.filter((f) => f.endsWith('.svg')).length).toBeGreaterThan(0);
		expect(readdirSync(outJs).sort()).toEqual(files);
		for (const f of files) expect(readFileSync(join(outJs, f), 'utf8'), f).toBe(readFileSync(join(outTs, f), 'utf8'));
		// The JSON on stdout differs only in the output folder and the wall time.
		const strip = (s: string) => ({ ...JSON.parse(s), out: null, wallS: null });
		expect(strip(js.stdout)).toEqual(strip(ts.stdout));
	}, 240_000);

	it('a stale bundle is rebuilt on first use, with a note on stderr only', async () => {
		const before = await bundled(['models']);
		const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as { inputs: [string, number, number][] };
		// As if cli/main.ts had been edited since the build.
		const inputs = manifest.inputs.map(([p, m, n]) => (p === 'cli/main.ts' ? [p, m - 1000, n] : [p, m, n]));
		writeFileSync(MANIFEST, JSON.stringify({ ...manifest, inputs }));
		expect(staleReason()).toBe('cli/main.ts changed');
		const after = await bundled(['models']);
		expect(after.code, after.stderr).toBe(0);
		expect(after.stderr).toBe('servescope: compiling the CLI (cli/main.ts changed)...\n');
		expect(after.stdout).toBe(before.stdout);
		expect(staleReason()).toBeNull();
	}, 180_000);
});

describe('bundle freshness', () => {
	it("the manifest lists every command module, the engine's entry and the lock file", () => {
		const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as { inputs: [string, number, number][]; warnings: string[] };
		// No source uses its own location in a way the bundle cannot carry (scripts/build-cli.mjs, unrelocatable).
		expect(manifest.warnings).toEqual([]);
		const listed = manifest.inputs.map((f) => f[0]);
		for (const [, file] of commandsInSource()) expect(listed).toContain(`cli/commands/${file}.ts`);
		for (const f of ['cli/main.ts', 'cli/sim-thread.ts', 'src/lib/sim/index.ts', 'src/lib/charts/Heatmap.svelte', 'package-lock.json']) expect(listed).toContain(f);
		expect(listed.every((p) => !p.includes('node_modules/'))).toBe(true);
		// Nothing outside the watched folders, so editing any bundled source is seen.
		expect(listed.filter((p) => !WATCHED_DIRS.some((d) => p.startsWith(`${d}/`)) && !WATCHED_FILES.includes(p))).toEqual([]);
		expect(fingerprintChange(fileStates(listed), fileStates(listed))).toBeNull();
	});

	it('names what changed or disappeared', () => {
		const then: [string, number, number][] = [
			['cli/main.ts', 100, 20],
			['src/lib/sim/engine.ts', 200, 30]
		];
		expect(fingerprintChange(then, then)).toBeNull();
		expect(fingerprintChange(then, [then[0], ['src/lib/sim/engine.ts', 201, 30]])).toBe('src/lib/sim/engine.ts changed');
		expect(fingerprintChange(then, [then[0], ['src/lib/sim/engine.ts', 200, 31]])).toBe('src/lib/sim/engine.ts changed');
		expect(fingerprintChange(then, [['cli/main.ts', -1, -1], then[1]])).toBe('cli/main.ts was removed');
	});
});
