/**
 * A RunExecutor that asks the IndexedDB result cache first and simulates only the misses with the
 * inner executor (the worker pool), then stores what it simulated. It also keeps every run's small
 * series by run key, which the heatmap's single-configuration detail reads (the StudyResult keeps
 * series only for Step 2 rows).
 */
import { normalizedScenarioKey, resultKey } from '../cache/key';
import { getResults, putResults, type ResultEntry } from '../cache/results';
import type { SimResult, SimSeries } from '../sim/types';
import type { WorkloadShape } from '../trace/types';
import { cancelledError } from '../study/cancel';
import { markStudy } from './page-marks';
import type { RunExecutor, RunOutcome, RunSpec } from '../study/types';

/** Counters of where runs came from, and anything the cache wants the person to know. */
export interface CacheTally {
	reused: number;
	simulated: number;
	/** Simulated results written to the cache so far (kept even when the study is cancelled). */
	saved: number;
	notices: string[];
}

/** Options: the trace's content hash, how its workloads were shaped, and the engine version. */
export interface CachedExecutorOptions {
	traceHash: string;
	engineVersion: string;
	rpsScale: number;
	/** Mean request rate the workloads were re-timed to (req/s); absent or null = arrivals ÷ rpsScale. */
	requestsPerS?: number | null;
	keepFailed: boolean;
	/** Receives every finished run's series (cached or simulated). */
	onSeries: (key: string, series: SimSeries) => void;
	/** Receives every finished run's warnings (drops and their reasons...), cached or simulated. */
	onWarnings?: (key: string, warnings: string[]) => void;
	tally: CacheTally;
	/** The workload shape of a spec, when it is not the study's (the planner re-times to a rate). */
	shapeOf?: (spec: RunSpec) => WorkloadShape;
}

/**
 * Results per IndexedDB transaction. Chromium structured-clones every value of a transaction on the
 * main thread; a whole Step 1 grid (~200 results with their series) in one go measured ~120 ms, a
 * long task. Chunks of this size stay near 10 ms each, with a macrotask yield between them.
 */
export const CACHE_CHUNK = 16;

const yieldToPage = () => new Promise<void>((r) => setTimeout(r, 0));

/** Splits a list into chunks of at most `size` (the last may be shorter). */
export function chunked<T>(items: readonly T[], size: number): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
	return out;
}

function shapeOf(spec: RunSpec, o: CachedExecutorOptions): WorkloadShape {
	if (o.shapeOf) return o.shapeOf(spec);
	return { size: spec.size, selection: { kind: 'first' }, keepFailed: o.keepFailed, timing: o.requestsPerS ? { kind: 'rate', requestsPerS: o.requestsPerS } : { kind: 'scale', rpsScale: o.rpsScale } };
}

/**
 * Saves finished results while a batch is still running, in chunks, one write at a time, so a
 * cancel (or a crash of the tab) loses at most the chunk in flight, never the runs already done.
 */
function resultSaver(o: CachedExecutorOptions) {
	let pending: ResultEntry[] = [];
	let chain: Promise<void> = Promise.resolve();
	const write = (part: ResultEntry[]) => {
		chain = chain.then(async () => {
			await yieldToPage();
			const put = await putResults(part, o.engineVersion);
			if (put.stored) o.tally.saved += part.length;
			else o.tally.notices.push(put.message);
		});
	};
	return {
		add(e: ResultEntry) {
			pending.push(e);
			if (pending.length >= CACHE_CHUNK) {
				write(pending);
				pending = [];
			}
		},
		/** Writes what is pending and waits for every write so far. */
		async flush() {
			if (pending.length > 0) write(pending);
			pending = [];
			await chain;
		}
	};
}

/**
 * Wraps `inner` with the result cache. cancel() is sticky: once called, every later prepare() or
 * run() rejects with StudyCancelled, so a cancel pressed between batches (while the cache is read,
 * between Step 1 and Step 2) is honoured rather than lost; finished runs are saved before it rejects.
 */
export function cachedExecutor(inner: RunExecutor, o: CachedExecutorOptions): RunExecutor {
	let cancelled = false;
	const stopIfCancelled = () => {
		if (cancelled) throw cancelledError();
	};
	return {
		prepare: async (w) => {
			stopIfCancelled();
			await inner.prepare(w);
		},
		cancel: () => {
			cancelled = true;
			inner.cancel();
		},
		dispose: () => inner.dispose?.() ?? Promise.resolve(),
		async run(specs, onEach) {
			stopIfCancelled();
			const scenarioKeys = await Promise.all(specs.map((s) => normalizedScenarioKey(s.scenario, shapeOf(s, o))));
			const keys = scenarioKeys.map((k) => resultKey(o.traceHash, k, o.engineVersion));
			const hits = new Map<string, SimResult>();
			for (const part of chunked(keys, CACHE_CHUNK)) {
				stopIfCancelled();
				const read = await getResults(part, o.engineVersion);
				for (const n of read.notices) o.tally.notices.push(n.message);
				for (const [k, v] of read.value) hits.set(k, v);
				await yieldToPage();
			}
			stopIfCancelled();
			const out: (RunOutcome | null)[] = specs.map(() => null);
			const misses: RunSpec[] = [];
			const missIdx: number[] = [];
			specs.forEach((spec, i) => {
				const hit = hits.get(keys[i]);
				if (hit) {
					const outcome: RunOutcome = { ok: true, key: spec.key, summary: hit.summary, series: hit.series, warnings: hit.warnings };
					out[i] = outcome;
					o.tally.reused++;
					o.onSeries(spec.key, hit.series);
					o.onWarnings?.(spec.key, hit.warnings);
					onEach?.(spec, outcome);
				} else {
					misses.push(spec);
					missIdx.push(i);
				}
			});
			markStudy('cache-read');
			if (misses.length > 0) {
				const saver = resultSaver(o);
				const indexOf = new Map(misses.map((spec, j) => [spec, missIdx[j]]));
				let fresh: RunOutcome[];
				try {
					fresh = await inner.run(misses, (spec, outcome) => {
						const i = indexOf.get(spec) as number;
						if (o.tally.simulated++ === 0) markStudy('first-run');
						// Failed runs are never cached: a retry may succeed (e.g. a worker that ran out of memory).
						if (outcome.ok) {
							o.onSeries(spec.key, outcome.series);
							o.onWarnings?.(spec.key, outcome.warnings);
							saver.add({
								key: keys[i],
								traceHash: o.traceHash,
								scenarioKey: scenarioKeys[i],
								result: { engineVersion: o.engineVersion, summary: outcome.summary, series: outcome.series, dropReasons: {}, warnings: outcome.warnings }
							});
						}
						onEach?.(spec, outcome);
					});
				} finally {
					// Cancelled or not, what finished is saved before this batch settles.
					await saver.flush();
				}
				fresh.forEach((outcome, j) => (out[missIdx[j]] = outcome));
			}
			stopIfCancelled();
			return out as RunOutcome[];
		}
	};
}
