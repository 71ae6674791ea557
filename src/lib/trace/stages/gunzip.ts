/**
 * Stage 1: bytes in, uncompressed bytes out. A gzip file (magic 1f 8b) is inflated by fflate's
 * streaming Gunzip; anything else passes through untouched.
 *
 * The decompression guard lives here: compressed input is fed to fflate in 64 KiB slices, so one
 * slice can inflate to at most ~66 MB (gzip's ~1,032× ceiling), and the ratio of inflated to
 * compressed bytes is checked on every output block. A gzip bomb is refused after a few slices,
 * before the rows it would make fill memory.
 */
import { Gunzip } from 'fflate';
import { concat, fail, fmt, fmtBytes, isOutOfMemory, type ParseContext } from './context';
import { INFLATE_RATIO_FLOOR } from '../limits';

/** Receives the stage's output; `final` is true once, on the last call. */
export type ByteSink = (data: Uint8Array, final: boolean) => void;

/** A push stage: bytes in any chunking, then one call with final = true. */
export interface ByteStage {
	push(chunk: Uint8Array, final: boolean): void;
}

/** Compressed bytes fed to fflate at once (bounds one inflate burst to ~66 MB). */
export const GUNZIP_SLICE = 1 << 16;

/** The gunzip stage in front of `ondata`. */
export function createGunzipStage(ctx: ParseContext, ondata: ByteSink): ByteStage {
	let head: Uint8Array = new Uint8Array(0); // the first bytes, until gzip or not can be decided
	let mode: 'start' | 'plain' | 'gzip' = 'start';
	let gunzip: Gunzip | undefined;
	let compressedIn = 0;
	let inflated = 0;

	const onInflated = (data: Uint8Array) => {
		if (ctx.error) return;
		inflated += data.length;
		const ratio = ctx.limits.maxInflateRatio;
		if (inflated > INFLATE_RATIO_FLOOR && inflated > ratio * compressedIn) {
			return fail(ctx, {
				code: 'inflate-ratio',
				message: `"${ctx.name}" expands more than ${fmt(ratio)}× when decompressed (${fmtBytes(inflated)} from the first ${fmtBytes(compressedIn)}), past the limit of ${fmt(ratio)}× for gzip files. Real traces compress 4–12×; this looks like repeated or generated rows and would fill memory. Nothing from it was loaded. If the file is what you meant, ${ctx.advice.maxInflateRatio}.`
			});
		}
		ondata(data, false);
	};

	function pushGzip(d: Uint8Array, final: boolean): void {
		const g = gunzip as Gunzip;
		try {
			if (d.length === 0) g.push(d, final);
			for (let i = 0; i < d.length && !ctx.error; i += GUNZIP_SLICE) {
				const end = Math.min(d.length, i + GUNZIP_SLICE);
				compressedIn += end - i;
				// A copy: fflate may keep the tail of a slice until the next push, and the caller may refill `d` (parse.ts).
				g.push(d.slice(i, end), final && end === d.length);
			}
		} catch (e) {
			// The row columns grow inside fflate's callback: running out of memory there is not a damaged file.
			if (isOutOfMemory(e)) throw e;
			const why = e instanceof Error ? e.message : String(e);
			fail(
				ctx,
				final && /unexpected EOF|EOF/i.test(why)
					? { code: 'truncated-gzip', message: `"${ctx.name}" is gzip-compressed but ends early (truncated after ${fmt(compressedIn)} compressed bytes, line ${fmt(ctx.lineNo + 1)} of the text). Download or copy the file again; nothing from it was loaded.` }
					: { code: 'bad-gzip', message: `"${ctx.name}" starts like gzip but cannot be decompressed (${why}). The file is damaged; download or compress it again.` }
			);
		}
		if (final && !ctx.error) ondata(new Uint8Array(0), true);
	}

	return {
		push(d: Uint8Array, final: boolean): void {
			if (mode === 'start') {
				head = concat(head, d);
				// Kept across pushes: a copy, since the caller may refill `d` (parse.ts).
				if (head.length < 2 && !final) {
					head = head.slice();
					return;
				}
				d = head;
				head = new Uint8Array(0);
				mode = d[0] === 0x1f && d[1] === 0x8b ? 'gzip' : 'plain';
				if (mode === 'gzip') gunzip = new Gunzip(onInflated);
			}
			if (mode === 'gzip') pushGzip(d, final);
			else ondata(d, final);
		}
	};
}
