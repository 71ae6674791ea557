/**
 * Node-side trace loading for the CLI and benchmarks: files are streamed through the same parser
 * the browser uses (1 MiB reads into two buffers that take turns), never read whole into memory.
 */
import { open, stat } from 'node:fs/promises';
import { totalmem } from 'node:os';
import { basename } from 'node:path';
import { CLI_LIMIT_ADVICE, traceLimitsFor, type TraceLimits } from '../src/lib/trace/limits';
import { parseTraceStream, type ParseOptions } from '../src/lib/trace/parse';
import { synthesizeBurstGpt } from '../src/lib/trace/synth';
import type { ParseOutcome, Trace } from '../src/lib/trace/types';
import { CliError, numberFlag } from './args';

/** Share of the machine's memory one CLI process counts on for a trace (the OS and the study share the rest). */
const CLI_MEMORY_SHARE = 0.5;

/** The trace-limit flags every command that reads a trace accepts (spread into its parseArgs options). */
export const TRACE_LIMIT_FLAGS = {
	'max-requests': { type: 'string' },
	'max-text-gb': { type: 'string' },
	'max-inflate-ratio': { type: 'string' }
} as const;

/** --help lines for TRACE_LIMIT_FLAGS. */
export const TRACE_LIMIT_HELP = `  --max-requests N      refuse a trace with more requests (default: half this machine's memory / 66 B)
  --max-text-gb G       refuse a trace with more text after decompression (default 16)
  --max-inflate-ratio R refuse a .gz that expands more than R× (default 100; real traces: 4–12×)`;

/** The limits the flags ask for, over defaults from this machine's memory. */
export function traceLimitsFromFlags(values: { 'max-requests'?: string; 'max-text-gb'?: string; 'max-inflate-ratio'?: string }): TraceLimits {
	const base = traceLimitsFor(totalmem() * CLI_MEMORY_SHARE);
	const requests = numberFlag(values['max-requests'], 'max-requests', 1, Number.MAX_SAFE_INTEGER);
	const textGb = numberFlag(values['max-text-gb'], 'max-text-gb', Number.MIN_VALUE, 1e6);
	const ratio = numberFlag(values['max-inflate-ratio'], 'max-inflate-ratio', 1, 1e9);
	return {
		maxRequests: requests === undefined ? base.maxRequests : Math.floor(requests),
		maxTextBytes: textGb === undefined ? base.maxTextBytes : textGb * 2 ** 30,
		maxInflateRatio: ratio ?? base.maxInflateRatio
	};
}

/** Bytes per read of a trace file. */
const READ_BYTES = 1 << 20;

/**
 * A file's bytes, READ_BYTES at a time, in two buffers that the reads take turns to refill: the
 * parser keeps no chunk after push (parse.ts), and the next read runs while the parser works on the
 * current chunk. A fresh buffer per read (fs.createReadStream) cost ~0.15 s of page faults on a
 * 35 MB trace, and waiting for each read before parsing left the process idle ~40 ms.
 */
async function* fileChunks(path: string): AsyncGenerator<Uint8Array> {
	const file = await open(path, 'r');
	const bufs = [new Uint8Array(READ_BYTES), new Uint8Array(READ_BYTES)];
	let k = 0;
	let next = file.read(bufs[k], 0, READ_BYTES, null);
	try {
		for (;;) {
			const { bytesRead } = await next;
			if (bytesRead === 0) return;
			const chunk = bufs[k].subarray(0, bytesRead);
			k = 1 - k;
			next = file.read(bufs[k], 0, READ_BYTES, null);
			yield chunk;
		}
	} finally {
		// A read still in flight (the parser stopped early) finishes before the file closes.
		await next.catch(() => undefined);
		await file.close();
	}
}

/** Parses a trace file from disk. A missing or unreadable file is a ParseOutcome error, not an exception. */
export async function loadTraceFile(path: string, opts: Partial<ParseOptions> = {}): Promise<ParseOutcome> {
	let sizeBytes: number;
	try {
		const s = await stat(path);
		sizeBytes = s.size;
		if (!s.isFile()) return { ok: false, error: { code: 'not-a-file', message: `"${path}" is not a file. Give the path of a trace file (.csv, .jsonl or .gz).` } };
	} catch {
		return { ok: false, error: { code: 'file-not-found', message: `Cannot open "${path}": no such file. Check the path.` } };
	}
	return parseTraceStream(fileChunks(path), {
		name: opts.name ?? basename(path),
		mapping: opts.mapping,
		sizeBytes,
		onProgress: opts.onProgress,
		limits: opts.limits ?? traceLimitsFromFlags({}),
		limitAdvice: opts.limitAdvice ?? CLI_LIMIT_ADVICE
	});
}

/**
 * The trace a simulate/study command runs on: a file (--trace) or the synthetic generator
 * (--synthetic, or no --trace) with exactly `requests` rows. Throws CliError with the parse message.
 */
export async function loadTraceOrSynthetic(opts: { trace?: string; synthetic?: boolean; requests: number; seed: number; limits?: TraceLimits }): Promise<Trace> {
	if (opts.trace && !opts.synthetic) {
		const outcome = await loadTraceFile(opts.trace, { limits: opts.limits });
		if (!outcome.ok) throw new CliError(outcome.error.message);
		return outcome.trace;
	}
	return synthesizeBurstGpt(opts.requests, opts.seed);
}
