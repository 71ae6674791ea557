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
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launch, serveSite } from '../tests/e2e/browser';
import { missingFiles, ROOT, snapshotBuild } from '../tests/e2e/helpers/build';
import { runStudy, useSample, waitReady, type StudyLine } from '../tests/e2e/helpers/page';
import { median } from './util';

/** Long tasks seen by the page, [startTime ms, duration ms], kept on window by the init script. */
type LongTasks = [number, number][];

interface PhaseFigures {
	wallS: number;
	longTasks: number;
	maxMs: number;
	over100: number;
}

interface RunFigures {
	sample: PhaseFigures;
	study: PhaseFigures;
	line: StudyLine;
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

/** Measures `work` in page time, with the long tasks that started during it. */
async function phase(page: Page, work: () => Promise<unknown>): Promise<PhaseFigures> {
	const t0 = await pageNow(page);
	const w0 = performance.now();
	await work();
	const wallS = (performance.now() - w0) / 1000;
	// Let the observer deliver the last entries (it reports asynchronously).
	await page.waitForTimeout(200);
	const t1 = await pageNow(page);
	const all = await page.evaluate(() => (window as unknown as { __longTasks: LongTasks | null }).__longTasks);
	if (all === null) throw new Error('this Chromium does not report long tasks (PerformanceObserver "longtask")');
	const mine = all.filter(([start]) => start >= t0 && start <= t1).map(([, d]) => d);
	return { wallS, longTasks: mine.length, maxMs: mine.length ? Math.max(...mine) : 0, over100: mine.filter((d) => d > 100).length };
}

async function oneRun(browser: Browser, url: string, workers: number): Promise<RunFigures> {
	const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	try {
		await context.addInitScript({ content: initScript(workers) });
		const page = await context.newPage();
		const errors: string[] = [];
		page.on('pageerror', (e) => errors.push(e.message));
		await page.goto(url);
		await waitReady(page);
		const sample = await phase(page, () => useSample(page, 600_000));
		let line: StudyLine | null = null;
		const study = await phase(page, async () => {
			line = await runStudy(page, 900_000);
		});
		if (errors.length) console.log(`  page errors: ${errors.join(' | ')}`);
		if (!line) throw new Error('the study did not finish');
		return { sample, study, line };
	} finally {
		await context.close();
	}
}

const f1 = (x: number) => x.toFixed(1);

function describePhase(name: string, xs: PhaseFigures[]): string {
	const m = (get: (p: PhaseFigures) => number) => median(xs.map(get));
	return `${name}: wall ${f1(m((p) => p.wallS))} s; long tasks ${m((p) => p.longTasks)} (max ${f1(m((p) => p.maxMs))} ms, over 100 ms: ${m((p) => p.over100)})`;
}

/** Prints the page's study figures (medians over runs). */
export async function main(): Promise<void> {
	const dir = join(ROOT, 'build');
	const missing = existsSync(dir) ? missingFiles(dir) : ['build/'];
	if (missing.length) {
		console.log(`page bench skipped: build/ is missing or incomplete (${missing.slice(0, 3).join(', ')}); run "npx vite build" first.`);
		return;
	}
	const query = process.env.PAGE_BENCH_QUERY ?? '';
	const runs = Math.max(1, Number(process.env.PAGE_BENCH_RUNS ?? (query ? 3 : 1)));
	const workers = Math.max(1, Number(process.env.PAGE_BENCH_WORKERS ?? 2));
	// A private copy: build/ may be rebuilt by someone else while the bench runs.
	const snap = await snapshotBuild();
	const site = await serveSite({ dir: snap.dir });
	const browser = await launch();
	try {
		console.log(`study page in headless Chromium, ${workers} sim workers, study ${query || '(default grid)'}, ${runs} run(s)`);
		const results: RunFigures[] = [];
		for (let i = 0; i < runs; i++) {
			const r = await oneRun(browser, site.url + query, workers);
			results.push(r);
			console.log(
				`  run ${i + 1}: sample ${f1(r.sample.wallS)} s, study ${f1(r.study.wallS)} s (${r.line.simulated} runs simulated); ` +
					`long tasks during study ${r.study.longTasks}, max ${f1(r.study.maxMs)} ms, over 100 ms ${r.study.over100}`
			);
		}
		console.log(`median of ${runs}:`);
		console.log(`  ${describePhase('built-in sample', results.map((r) => r.sample))}`);
		console.log(`  ${describePhase('study', results.map((r) => r.study))}`);
	} finally {
		await browser.close();
		await site.close();
		snap.cleanup();
	}
}
