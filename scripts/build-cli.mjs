// Compiles the CLI (cli/main.ts, the commands it imports lazily, the worker-thread script) to plain
// JavaScript in .servescope/cli/, so `npm run cli` starts without transpiling TypeScript at load.
//   node scripts/build-cli.mjs        (also run by `npm run build`, `npm start`, and by scripts/cli.mjs
//                                      on first use or when the sources changed)
//
// Layout: one flat folder. main.js and sim-thread.js are the entries; every lazily imported command
// becomes its own chunk (esbuild code splitting follows cli/main.ts's `import()` calls, so a command
// added to COMMANDS is picked up with no change here), and code shared by several commands lands in
// shared chunks. Flat matters: a file in the bundle can name a sibling (`new URL('./sim-thread.js',
// import.meta.url)`) whichever chunk its code ended up in.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUNDLE_DIR, ROOT, WATCHED_DIRS, WATCHED_FILES, fileStates, staleReason, watchedPaths } from './cli-bundle.mjs';

/**
 * Source files name files beside them with `new URL('./x', import.meta.url)` (the chart module's Node
 * loader, the charts folder). In the bundle that code runs from .servescope/cli/, so such a URL is
 * rewritten to the same file reached from the bundle's folder, when that file exists next to the source.
 * A URL naming a file that is not in the source tree (sim-thread.js, which only the bundle has) is
 * left alone: it names a sibling in the bundle.
 */
function sourceRelativeUrls(outdir, warnings) {
	// A relative literal: no scheme, not rooted ('./x', '../x/', 'x.ts', '.').
	const pattern = /new URL\((['"])((?![a-z][a-z0-9+.-]*:)(?!\/)[^'"]*)\1,\s*import\.meta\.url\)/g;
	return {
		name: 'servescope-source-relative-urls',
		setup(build) {
			build.onLoad({ filter: /\.ts$/ }, (args) => {
				if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
				const source = readFileSync(args.path, 'utf8');
				if (!/import\.meta|__dirname|__filename/.test(source)) return { contents: source, loader: 'ts' };
				const contents = source.replace(pattern, (whole, quote, rel) => {
					const target = resolve(dirname(args.path), rel);
					if (!existsSync(target)) return whole;
					let fromBundle = relative(outdir, target).split(sep).join('/');
					// new URL('.', base) names a folder (trailing slash); keep that.
					if (rel.endsWith('/') || rel === '.' || rel === '..' || rel.endsWith('/.') || rel.endsWith('/..')) fromBundle += '/';
					return `new URL(${JSON.stringify(fromBundle)}, import.meta.url)`;
				});
				warnings.push(...unrelocatable(relative(ROOT, args.path).split(sep).join('/'), contents));
				return { contents, loader: 'ts' };
			});
		}
	};
}

/**
 * Uses of the module's own location that the rewrite above cannot carry into the bundle, where the
 * code runs from .servescope/cli/ (e.g. `dirname(fileURLToPath(import.meta.url))` joined with '..'):
 * one "file:line: text" each. Kept in the manifest and checked by tests/cli/compiled.test.ts. Allowed:
 * `new URL('literal', import.meta.url)` (rewritten, or a bundle sibling) and `import.meta.url.endsWith(`
 * (telling the TypeScript sources from the bundle, as cli/node-pool.ts does).
 */
function unrelocatable(file, contents) {
	const found = [];
	contents.split('\n').forEach((line, i) => {
		const code = line.trim();
		if (code.startsWith('//') || code.startsWith('*') || code.startsWith('/*')) return;
		for (const m of line.matchAll(/import\.meta\.(?:url|dirname|filename)|\b__dirname\b|\b__filename\b/g)) {
			const before = line.slice(0, m.index);
			const after = line.slice(m.index + m[0].length);
			if (m[0] === 'import.meta.url' && (/new URL\((['"])[^'"]*\1,\s*$/.test(before) || after.startsWith('.endsWith('))) continue;
			found.push(`${file}:${i + 1}: ${code}`);
		}
	});
	return found;
}

/**
 * .svelte files (the chart components the `study` command renders to SVG) compiled for the server
 * with exactly the options of src/lib/charts/svelte-node-loader.mjs, the hook the TypeScript CLI uses,
 * so both render the same bytes.
 */
function svelteServer() {
	return {
		name: 'servescope-svelte-server',
		setup(build) {
			build.onLoad({ filter: /\.svelte$/ }, async (args) => {
				const { compile } = await import('svelte/compiler');
				const source = readFileSync(args.path, 'utf8');
				const { js } = compile(source, { filename: args.path, generate: 'server', dev: false, css: 'external' });
				return { contents: js.code, loader: 'js', resolveDir: dirname(args.path) };
			});
		}
	};
}

/** A bundled file from an npm package (the lock file stands for those). */
const isPackage = (path) => path.startsWith('node_modules/') || path.includes('/node_modules/');

/** A bundled source file outside the watched folders would not make the bundle stale when edited. */
function unwatchedInputs(metafile) {
	return Object.keys(metafile.inputs).filter((p) => !isPackage(p) && !WATCHED_DIRS.some((d) => p.startsWith(`${d}/`)));
}

/**
 * Moves the finished build to BUNDLE_DIR. Two CLIs may build at once (parallel tests on a fresh
 * checkout): whichever swaps last wins, and both builds are of the same sources.
 */
function swapIntoPlace(tmp) {
	const old = `${BUNDLE_DIR}-old-${process.pid}-${randomBytes(4).toString('hex')}`;
	try {
		renameSync(BUNDLE_DIR, old);
	} catch (e) {
		if (e.code !== 'ENOENT') throw e; // No bundle yet, or another build just moved it away.
	}
	try {
		renameSync(tmp, BUNDLE_DIR);
	} catch (e) {
		// Another build put its bundle in place between the two renames: keep that one.
		if (e.code !== 'ENOTEMPTY' && e.code !== 'EEXIST') throw e;
		rmSync(tmp, { recursive: true, force: true });
	}
	rmSync(old, { recursive: true, force: true });
}

const LOCK = join(dirname(BUNDLE_DIR), 'cli.lock');

/** True when process `pid` is alive on this machine. */
function alive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return e.code === 'EPERM';
	}
}

/**
 * One build at a time: several CLIs started together on a stale bundle (parallel tests, a shell loop)
 * would otherwise all compile on the same cores. The lock is a file holding the builder's pid; a lock
 * whose process is gone (killed mid-build) is taken over. Returns the release function.
 */
async function acquireLock() {
	mkdirSync(dirname(LOCK), { recursive: true });
	for (;;) {
		try {
			writeFileSync(LOCK, String(process.pid), { flag: 'wx' });
			const release = () => rmSync(LOCK, { force: true });
			process.once('exit', release);
			return () => {
				process.off('exit', release);
				release();
			};
		} catch (e) {
			if (e.code !== 'EEXIST') throw e;
		}
		let holder = NaN;
		try {
			holder = Number(readFileSync(LOCK, 'utf8'));
		} catch {
			continue; // Released between our two looks.
		}
		// An empty lock is one being written this instant; only a lock naming a dead process is taken over.
		if (Number.isInteger(holder) && holder > 0 && !alive(holder)) rmSync(LOCK, { force: true });
		else await new Promise((r) => setTimeout(r, 100));
	}
}

/**
 * Builds the bundle into a fresh folder, then swaps it into place, so a CLI starting meanwhile never
 * imports a half-written bundle. With ifStale, first waits for any build under way and builds only if
 * the bundle is still stale after it. Resolves true when it built. Throws an Error whose message says
 * what failed and what to do.
 */
export async function buildCli({ quiet = false, ifStale = false } = {}) {
	let esbuild;
	try {
		esbuild = await import('esbuild');
	} catch {
		throw new Error('esbuild is not installed. Run "npm install" in the repository, then try again.');
	}
	const release = await acquireLock();
	try {
		if (ifStale && staleReason() === null) return false;
		await compile(esbuild, quiet);
		return true;
	} finally {
		release();
	}
}

/** The build itself (the caller holds the lock). */
async function compile(esbuild, quiet) {
	// Taken before building: a source edited during the build leaves the bundle stale, never wrongly fresh.
	const before = new Map(fileStates(watchedPaths()).map((f) => [f[0], f]));
	const parent = dirname(BUNDLE_DIR);
	mkdirSync(parent, { recursive: true });
	// Leftovers of a build that was killed (the lock is ours, so no other build is using them).
	for (const name of readdirSync(parent)) {
		if (name.startsWith('cli-build-') || name.startsWith('cli-old-')) rmSync(join(parent, name), { recursive: true, force: true });
	}
	// Same depth as BUNDLE_DIR, so the relative URLs written into the bundle hold after the swap.
	const tmp = join(parent, `cli-build-${process.pid}-${randomBytes(4).toString('hex')}`);
	const started = performance.now();
	const warnings = [];
	try {
		const result = await esbuild.build({
			absWorkingDir: ROOT,
			entryPoints: { main: 'cli/main.ts', 'sim-thread': 'cli/sim-thread.ts' },
			outdir: tmp,
			entryNames: '[name]',
			chunkNames: '[name]-[hash]',
			bundle: true,
			splitting: true,
			format: 'esm',
			platform: 'node',
			target: 'node20',
			// Resolve packages exactly as Node does at run time: package.json "exports" with the node and
			// import conditions, then "main" (esbuild's defaults add "module", which Node ignores).
			conditions: [],
			mainFields: ['main'],
			// Bundled CommonJS packages (papaparse) may call require() for Node built-ins.
			banner: { js: "import { createRequire as __servescopeCreateRequire } from 'node:module';\nconst require = __servescopeCreateRequire(import.meta.url);" },
			metafile: true,
			logLevel: 'silent',
			plugins: [sourceRelativeUrls(BUNDLE_DIR, warnings), svelteServer()]
		});
		const stray = unwatchedInputs(result.metafile);
		if (stray.length > 0) {
			throw new Error(
				`the CLI bundles ${stray.join(', ')}, outside the folders whose changes rebuild it (${WATCHED_DIRS.join(', ')}). ` +
					'Add its folder to WATCHED_DIRS in scripts/cli-bundle.mjs.'
			);
		}
		// The manifest keeps the state of what this bundle was made from: its source files and the watched files.
		// A source that appeared during the build has no earlier state: recorded as unknown, it makes the
		// next run rebuild.
		const sources = Object.keys(result.metafile.inputs).filter((p) => !isPackage(p));
		const inputs = [...new Set([...WATCHED_FILES, ...sources])].map((p) => before.get(p) ?? [p, -2, -2]);
		writeFileSync(join(tmp, 'manifest.json'), JSON.stringify({ builtAt: new Date().toISOString(), warnings, inputs }) + '\n');
		swapIntoPlace(tmp);
		if (!quiet) {
			for (const w of warnings) console.error(`servescope: warning: the compiled CLI cannot relocate this use of the module's location; it will resolve from .servescope/cli/ instead:\n  ${w}`);
			const files = Object.keys(result.metafile.outputs).length;
			console.error(`servescope: compiled the CLI into ${relative(ROOT, BUNDLE_DIR)}/ (${files} files, ${((performance.now() - started) / 1000).toFixed(1)} s).`);
		}
	} catch (e) {
		rmSync(tmp, { recursive: true, force: true });
		const errors = e && typeof e === 'object' && Array.isArray(e.errors) && e.errors.length > 0 ? e.errors : null;
		if (errors) {
			const text = (await esbuild.formatMessages(errors, { kind: 'error', color: false })).join('\n');
			throw new Error(`compiling the CLI failed:\n${text}`);
		}
		throw e;
	}
}

// Run as a script (`node scripts/build-cli.mjs`), not imported by the launcher.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	buildCli().catch((e) => {
		console.error(`servescope: ${e instanceof Error ? e.message : String(e)}`);
		process.exit(1);
	});
}
