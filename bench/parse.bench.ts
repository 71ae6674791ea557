/**
 * Trace parsing speed and retained memory (issue 2's target: a 1.43M-row BurstGPT v1 CSV, ~52 MB,
 * in <= 3 s and <= 40 bytes per request retained, in Node). The file is made once by the synthetic
 * generator into bench/out/ (git-ignored), then parsed from disk through loadTraceFile.
 */
import { statSync } from 'node:fs';
import { loadTraceFile } from '../cli/load-trace';
import { synthesizeBurstGpt } from '../src/lib/trace/synth';
import type { ParseOutcome } from '../src/lib/trace/types';
import { ensureSyntheticCsv, syntheticCsvPath } from './synthetic-csv';
import { describe, gc, median, timeRuns } from './util';

const ROWS = 1_430_000;
const FILE = syntheticCsvPath(ROWS);

/** Prints generation time, parse time (median of 5 after a warm-up) and retained bytes per request. */
export async function main(): Promise<void> {
	const genTimes = await timeRuns(() => synthesizeBurstGpt(1_000_000, 1), 5);
	console.log(`synthesizeBurstGpt(1,000,000): ${describe(genTimes)}`);

	await ensureSyntheticCsv(ROWS);
	const bytes = statSync(FILE).size;
	let rows = 0;
	const times = await timeRuns(async () => {
		const o = await loadTraceFile(FILE);
		if (!o.ok) throw new Error(o.error.message);
		rows = o.report.rowsKept;
	}, 5);
	console.log(`parse ${(bytes / 1e6).toFixed(1)} MB, ${rows.toLocaleString('en-US')} rows from disk: ${describe(times)}`);
	console.log(`  median ${(median(times) / 1000).toFixed(2)} s  (target <= 3 s); ${((bytes / 1e6) / (median(times) / 1000)).toFixed(0)} MB/s`);

	if (!(globalThis as { gc?: unknown }).gc) {
		console.log('  retained memory: run with node --expose-gc for this figure');
		return;
	}
	// Retained = memory while holding the parsed trace minus memory once it is dropped (both after gc),
	// so garbage or buffers left by earlier runs do not blur the figure.
	const perRequest: number[] = [];
	// ArrayBuffer backing stores are swept concurrently after a gc, so wait a moment before reading.
	const used = async () => {
		gc();
		await new Promise((r) => setTimeout(r, 100));
		gc();
		await new Promise((r) => setTimeout(r, 100));
		const m = process.memoryUsage();
		return m.heapUsed + m.arrayBuffers;
	};
	// Held in an outer array: a local that is never read again may be collected early (V8 liveness).
	const held: ParseOutcome[] = [];
	for (let i = 0; i < 3; i++) {
		held.push(await loadTraceFile(FILE));
		// No local may point at the outcome: async-function locals live across the awaits below.
		const n = held[0].ok ? held[0].trace.arrivalS.length : 1;
		const holding = await used();
		held.length = 0;
		const released = await used();
		perRequest.push((holding - released) / n);
	}
	console.log(`  retained after gc: median ${median(perRequest).toFixed(1)} bytes/request (target <= 40; columns alone are 18)`);
}
