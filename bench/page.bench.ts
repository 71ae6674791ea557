/**
 * `npm run bench -- page`: the study page in headless Chromium against the built site (build/ must
 * exist: `npx vite build`). Loads the built-in sample, runs the DEFAULT study (no query) on a pool of
 * 2 workers and prints wall seconds and the main thread's long tasks (PerformanceObserver 'longtask':
 * count, longest, count over 100 ms), the figure issue 8 cares about: the page must stay responsive.
 *
 * Env: PAGE_BENCH_QUERY (e.g. "?sizes=1000,10000&gpus=1,2,4&bins=1,2") runs a smaller grid;
 * PAGE_BENCH_RUNS (default 1 for the default study, which takes about a minute, 3 otherwise);
 * PAGE_BENCH_WORKERS (default 2). Every run uses a fresh browser context, so nothing is reused from
 * IndexedDB. Figures are printed, never asserted.
 *
 * PAGE_BENCH_TRACE_ROWS=5300000 (issue 18: BurstGPT's largest release) loads a synthetic BurstGPT v1 CSV
 * of that many rows (written once to bench/out/) through the "Trace file" picker instead of the
 * built-in sample, then runs the default study, and reports the tab's peak memory: the renderer
 * process's peak resident set (VmHWM, Linux), which holds the page and its Web Workers, against 1.5 GB;
 * and the memory check's own statement of what the study needs.
 *
 * Each run also prints when the page saved the trace (its marks servescope:trace-save-start and
 * servescope:trace-save-end, from the trace appearing) and the longest main-thread task from choosing the
 * trace to pressing Run. PAGE_BENCH_WAIT_SAVE=1 presses Run only after the save ended, which tells what
 * the save costs the study's first results apart from what the study itself costs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launch, serveSite } from '../tests/e2e/browser';
import { missingFiles, ROOT, snapshotBuild } from '../tests/e2e/helpers/build';
import { runStudy, useSample, waitReady, type StudyLine } from '../tests/e2e/helpers/page';
import { ensureSyntheticCsv } from './synthetic-csv';
import { median } from './util';

/** Long tasks seen by the page, [startTime ms, duration ms], kept on window by the init script. */
type LongTasks = [number, number][];

interface PhaseFigures {
	wallS: number;
	longTasks: number;
	maxMs: number;
	over100: number;
	/** Seconds the page's main thread spent in tasks (CDP Performance TaskDuration): on 2 cores, taken from the workers. */
	mainBusyS: number;
}

interface RunFigures {
	sample: PhaseFigures;
	study: PhaseFigures;
	line: StudyLine;
	/** Peak resident bytes of the tab's renderer process (null where /proc is not readable). */
	peakBytes: number | null;
	/** The run panel's memory statement. */
	memoryLine: string;
	/** Seconds from pressing Run to the first complete workload on screen (progressive results); null if never seen. */
	firstWorkloadS: number | null;
	/** The page's study marks (state/page-marks.ts), seconds after pressing Run, first of each name. */
	marks: [string, number][];
	/** The trace save's start and end marks (state/app.svelte.ts), seconds after the trace appeared; null when not seen. */
	save: { startS: number | null; endS: number | null };
	/** Seconds from the trace appearing to pressing Run (longer when PAGE_BENCH_WAIT_SAVE waits for the save). */
	runAfterS: number;
	/** The longest main-thread task from choosing the trace to pressing Run (the load and its save), ms. */
	loadMaxMs: number;
}

const TAB_LIMIT_BYTES = 1.5 * 2 ** 30;

/** Pids of Chromium renderer processes started by this process (walking each one's parents up to us). */
function rendererPids(): number[] {
	const parent = (pid: number): number => {
		try {
			const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
			return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
		} catch {
			return 0;
		}
	};
	const mine = (pid: number): boolean => {
		for (let p = parent(pid), hops = 0; p > 1 && hops < 16; p = parent(p), hops++) if (p === process.pid) return true;
		return false;
	};
	const out: number[] = [];
	for (const d of readdirSync('/proc')) {
		const pid = Number(d);
		if (!Number.isInteger(pid)) continue;
		try {
			if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer') && mine(pid)) out.push(pid);
		} catch {
			// gone or not ours to read
		}
	}
	return out;
}

/** The largest peak resident set (VmHWM) among our renderer processes, bytes; null where unreadable. */
function rendererPeakBytes(): number | null {
	let best: number | null = null;
	for (const pid of rendererPids()) {
		try {
			const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
			if (m) best = Math.max(best ?? 0, Number(m[1]) * 1024);
		} catch {
			// exited
		}
	}
	return best;
}

/** Installed before any page script: pins the pool size and records every long task. */
function initScript(workers: number): string {
	return `
		Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => ${workers}, configurable: true });
		window.__longTasks = [];
		if (PerformanceObserver.supportedEntryTypes && PerformanceObserver.supportedEntryTypes.includes('longtask')) {
			new PerformanceObserver((list) => {
				for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]);
			}).observe({ type: 'longtask', buffered: true });
		} else {
			window.__longTasks = null;
		}
	`;
}

async function pageNow(page: Page): Promise<number> {
	return page.evaluate(() => performance.now());
}

/** The page's main-thread task seconds so far, from one CDP session kept for the page (Chromium's Performance domain counts from its enable). */
function mainThreadClock(page: Page): () => Promise<number> {
	const session = page
		.context()
		.newCDPSession(page)
		.then(async (cdp) => {
			await cdp.send('Performance.enable');
			return cdp;
		});
	return async () => {
		const { metrics } = await (await session).send('Performance.getMetrics');
		return metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN;
	};
}

/** Measures `work` in page time, with the long tasks that started during it and the main thread's busy time. */
async function phase(page: Page, mainTaskSeconds: () => Promise<number>, work: () => Promise<unknown>): Promise<PhaseFigures> {
	const busy0 = await mainTaskSeconds();
	const t0 = await pageNow(page);
	const w0 = performance.now();
	await work();
	const wallS = (performance.now() - w0) / 1000;
	const mainBusyS = (await mainTaskSeconds()) - busy0;
	// Let the observer deliver the last entries (it reports asynchronously).
	await page.waitForTimeout(200);
	const t1 = await pageNow(page);
	const all = await page.evaluate(() => (window as unknown as { __longTasks: LongTasks | null }).__longTasks);
	if (all === null) throw new Error('this Chromium does not report long tasks (PerformanceObserver "longtask")');
	const mine = all.filter(([start]) => start >= t0 && start <= t1).map(([, d]) => d);
	return { wallS, longTasks: mine.length, maxMs: mine.length ? Math.max(...mine) : 0, over100: mine.filter((d) => d > 100).length, mainBusyS };
}

async function oneRun(browser: Browser, url: string, workers: number, traceFile: string | null): Promise<RunFigures> {
	const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	try {
		await context.addInitScript({ content: initScript(workers) });
		const page = await context.newPage();
		const errors: string[] = [];
		page.on('pageerror', (e) => errors.push(e.message));
		await page.goto(url);
		await waitReady(page);
		const mainTaskSeconds = mainThreadClock(page);
		const loadStart = await pageNow(page);
		const sample = await phase(page, mainTaskSeconds, async () => {
			if (!traceFile) return useSample(page, 600_000);
			await page.getByLabel('Trace file').setInputFiles(traceFile);
			await page.locator('.trace-summary').waitFor({ timeout: 900_000 });
		});
		const appearedAt = await pageNow(page);
		// PAGE_BENCH_WAIT_SAVE=1: press Run only once the trace is saved, to tell the save's cost apart from the study's.
		if (process.env.PAGE_BENCH_WAIT_SAVE === '1') await page.waitForFunction(() => performance.getEntriesByName('servescope:trace-save-end').length > 0, undefined, { timeout: 600_000 });
		let line: StudyLine | null = null;
		// Progressive results: note when the partial-results line first names a complete workload.
		// A string, not a function: tsx would wrap named helpers in a __name() the page does not have.
		await page.evaluate(`(() => {
			window.__firstWorkloadAt = null;
			new MutationObserver((_, obs) => {
				const text = document.querySelector('.results')?.textContent ?? '';
				if (window.__firstWorkloadAt === null && /complete workloads: \\d/.test(text)) {
					window.__firstWorkloadAt = performance.now();
					obs.disconnect();
				}
			}).observe(document.body, { childList: true, subtree: true, characterData: true });
		})()`);
		const pressedAt = await pageNow(page);
		const study = await phase(page, mainTaskSeconds, async () => {
			line = await runStudy(page, 1_800_000);
		});
		const firstAt = await page.evaluate(() => (window as unknown as { __firstWorkloadAt: number | null }).__firstWorkloadAt);
		const firstWorkloadS = firstAt === null ? null : (firstAt - pressedAt) / 1000;
		// The page's own marks (state/page-marks.ts) split that time into its parts.
		const marks = await page.evaluate(() =>
			performance
				.getEntriesByType('mark')
				.filter((m) => m.name.startsWith('servescope:study-'))
				.map((m) => [m.name.slice('servescope:study-'.length), m.startTime] as [string, number])
		);
		const firstMarks: [string, number][] = [];
		for (const [name, at] of marks) if (!firstMarks.some(([n]) => n === name)) firstMarks.push([name, (at - pressedAt) / 1000]);
		const saveMark = async (name: string) =>
			page.evaluate((n) => performance.getEntriesByName(n)[0]?.startTime ?? null, name).then((t) => (t === null ? null : (t - appearedAt) / 1000));
		const loadTasks = await page.evaluate(() => (window as unknown as { __longTasks: LongTasks | null }).__longTasks ?? []);
		const loadMaxMs = Math.max(0, ...loadTasks.filter(([start]) => start >= loadStart && start <= pressedAt).map(([, d]) => d));
		const save = { startS: await saveMark('servescope:trace-save-start'), endS: await saveMark('servescope:trace-save-end') };
		const memoryLine = (await page.locator('.run-panel .memory-line').first().textContent().catch(() => null)) ?? '';
		// Read before the context closes: the renderer's peak covers loading the trace and the whole study.
		const peakBytes = rendererPeakBytes();
		if (errors.length) console.log(`  page errors: ${errors.join(' | ')}`);
		if (!line) throw new Error('the study did not finish');
		return { sample, study, line, peakBytes, memoryLine, firstWorkloadS, marks: firstMarks, save, runAfterS: (pressedAt - appearedAt) / 1000, loadMaxMs };
	} finally {
		await context.close();
	}
}

const f1 = (x: number) => x.toFixed(1);

function describePhase(name: string, xs: PhaseFigures[]): string {
	const m = (get: (p: PhaseFigures) => number) => median(xs.map(get));
	return `${name}: wall ${f1(m((p) => p.wallS))} s; main thread busy ${f1(m((p) => p.mainBusyS))} s; long tasks ${m((p) => p.longTasks)} (max ${f1(m((p) => p.maxMs))} ms, over 100 ms: ${m((p) => p.over100)})`;
}

/** The page's sources: a file in them newer than the build means the build is stale. */
const PAGE_SOURCES = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package-lock.json'];

/** A source file newer than build/index.html (relative to the root), or null when the build is current. */
function newerThanBuild(dir: string): string | null {
	const built = statSync(join(dir, 'index.html')).mtimeMs;
	const walk = (rel: string): string | null => {
		const path = join(ROOT, rel);
		if (!existsSync(path)) return null;
		const st = statSync(path);
		if (!st.isDirectory()) return st.mtimeMs > built ? rel : null;
		for (const name of readdirSync(path)) {
			const found = walk(`${rel}/${name}`);
			if (found) return found;
		}
		return null;
	};
	for (const rel of PAGE_SOURCES) {
		const found = walk(rel);
		if (found) return found;
	}
	return null;
}

/** Prints the page's study figures (medians over runs). */
export async function main(): Promise<void> {
	const dir = join(ROOT, 'build');
	const missing = existsSync(dir) ? missingFiles(dir) : ['build/'];
	if (missing.length) {
		console.log(`page bench skipped: build/ is missing or incomplete (${missing.slice(0, 3).join(', ')}); run "npx vite build" first.`);
		return;
	}
	// A build older than the sources would time yesterday's page under today's name.
	const stale = newerThanBuild(dir);
	if (stale) {
		console.log(`build/ is older than ${stale}: rebuilding it first (npx vite build), not timed`);
		const r = spawnSync('npx', ['vite', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
		if (r.status !== 0) throw new Error(`"npx vite build" failed (exit ${r.status ?? r.signal}); fix the build and run the bench again.`);
	}
	const query = process.env.PAGE_BENCH_QUERY ?? '';
	const runs = Math.max(1, Number(process.env.PAGE_BENCH_RUNS ?? (query ? 3 : 1)));
	const workers = Math.max(1, Number(process.env.PAGE_BENCH_WORKERS ?? 2));
	const traceRows = Number(process.env.PAGE_BENCH_TRACE_ROWS ?? 0);
	const traceFile = traceRows > 0 ? await ensureSyntheticCsv(traceRows) : null;
	// A private copy: build/ may be rebuilt by someone else while the bench runs.
	const snap = await snapshotBuild();
	const site = await serveSite({ dir: snap.dir });
	const browser = await launch();
	try {
		console.log(
			`study page in headless Chromium, ${workers} sim workers, study ${query || '(default grid)'}, ${runs} run(s), ` +
				(traceFile ? `trace: ${traceRows.toLocaleString('en-US')}-row synthetic BurstGPT CSV through the file picker` : 'trace: the built-in sample')
		);
		const results: RunFigures[] = [];
		for (let i = 0; i < runs; i++) {
			const r = await oneRun(browser, site.url + query, workers, traceFile);
			results.push(r);
			console.log(
				`  run ${i + 1}: ${traceFile ? 'trace load' : 'sample'} ${f1(r.sample.wallS)} s, study ${f1(r.study.wallS)} s (${r.line.simulated} runs simulated); ` +
					`long tasks during study ${r.study.longTasks}, max ${f1(r.study.maxMs)} ms, over 100 ms ${r.study.over100}; ` +
					`first complete workload shown ${r.firstWorkloadS === null ? 'never (no partial results seen)' : `${f1(r.firstWorkloadS)} s after Run (target ≤ 2 s)`}; ` +
					`tab peak memory ${r.peakBytes === null ? 'not readable here' : `${(r.peakBytes / 2 ** 30).toFixed(2)} GB (limit 1.5 GB: ${r.peakBytes <= TAB_LIMIT_BYTES ? 'within' : 'OVER'})`}`
			);
			const at = (x: number | null) => (x === null ? 'not seen' : `${x.toFixed(2)} s`);
			console.log(`  trace save (from the trace appearing): started ${at(r.save.startS)}, ended ${at(r.save.endS)}; Run pressed ${r.runAfterS.toFixed(2)} s; longest main-thread task from choosing the trace to Run ${f1(r.loadMaxMs)} ms`);
			if (r.memoryLine) console.log(`  memory check: ${r.memoryLine}`);
			if (r.marks.length) console.log(`  from Run (s): ${r.marks.map(([n, t]) => `${n} ${t.toFixed(2)}`).join(', ')} (the page's marks: smallest workload cut, cache read, first run back, larger workloads cut, first workload complete)`);
		}
		console.log(`median of ${runs}:`);
		console.log(`  ${describePhase(traceFile ? 'trace load' : 'built-in sample', results.map((r) => r.sample))}`);
		const firsts = results.map((r) => r.firstWorkloadS).filter((x): x is number => x !== null);
		if (firsts.length) console.log(`  first complete workload shown: ${f1(median(firsts))} s after Run`);
		const peaks = results.map((r) => r.peakBytes).filter((x): x is number => x !== null);
		if (peaks.length) console.log(`  tab peak memory (renderer VmHWM): ${(median(peaks) / 2 ** 30).toFixed(2)} GB`);
		console.log(`  ${describePhase('study', results.map((r) => r.study))}`);
	} finally {
		await browser.close();
		await site.close();
		snap.cleanup();
	}
}
