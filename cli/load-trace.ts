/**
 * Node-side trace loading for the CLI and benchmarks: files are streamed through the same parser
 * the browser uses (1 MiB reads), never read whole into memory.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseTraceStream, type ParseOptions } from '../src/lib/trace/parse';
import { synthesizeBurstGpt } from '../src/lib/trace/synth';
import type { ParseOutcome, Trace } from '../src/lib/trace/types';
import { CliError } from './args';

/** Parses a trace file from disk. A missing or unreadable file is a ParseOutcome error, not an exception. */
export async function loadTraceFile(path: string, opts: Partial<ParseOptions> = {}): Promise<ParseOutcome> {
	try {
		const s = await stat(path);
		if (!s.isFile()) return { ok: false, error: { code: 'not-a-file', message: `"${path}" is not a file. Give the path of a trace file (.csv, .jsonl or .gz).` } };
	} catch {
		return { ok: false, error: { code: 'file-not-found', message: `Cannot open "${path}": no such file. Check the path.` } };
	}
	const stream = createReadStream(path, { highWaterMark: 1 << 20 });
	return parseTraceStream(stream, { name: opts.name ?? basename(path), mapping: opts.mapping, onProgress: opts.onProgress });
}

/**
 * The trace a simulate/study command runs on: a file (--trace) or the synthetic generator
 * (--synthetic, or no --trace) with exactly `requests` rows. Throws CliError with the parse message.
 */
export async function loadTraceOrSynthetic(opts: { trace?: string; synthetic?: boolean; requests: number; seed: number }): Promise<Trace> {
	if (opts.trace && !opts.synthetic) {
		const outcome = await loadTraceFile(opts.trace);
		if (!outcome.ok) throw new CliError(outcome.error.message);
		return outcome.trace;
	}
	return synthesizeBurstGpt(opts.requests, opts.seed);
}
