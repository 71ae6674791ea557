/**
 * Stage 2: uncompressed bytes in, UTF-8 text bytes out. Decides the encoding from the first bytes
 * (ZIP refused, UTF-8 BOM dropped, UTF-16 with a BOM re-encoded, UTF-32 refused), sniffs the first
 * 64 KiB for NUL bytes and invalid UTF-8 (a binary file is refused, not parsed into junk rows), and
 * holds the text-size guard.
 */
import { encodeUtf8, makeDecoder, type Utf8Decoder } from '../text';
import { concat, fail, fmt, fmtBytes, type ParseContext } from './context';
import type { ByteStage } from './gunzip';

/** Bytes examined for NUL / invalid UTF-8 before deciding the file is text. */
const SNIFF_BYTES = 1 << 16;

/** The decode stage, with what the report needs to know about it. */
export interface DecodeStage extends ByteStage {
	/** Whether the text began with a UTF-8 byte-order mark (quoted for an otherwise empty file). */
	readonly sawBom: boolean;
}

/** The decode stage in front of `ondata` (which receives UTF-8 bytes, never split inside a character it cares about: LF/CR). */
export function createDecodeStage(ctx: ParseContext, ondata: (utf8: Uint8Array) => void): DecodeStage {
	let mode: 'start' | 'utf8' | 'utf16' = 'start';
	let head: Uint8Array = new Uint8Array(0);
	let utf16: Utf8Decoder | undefined;
	let sniffed = 0;
	const sniffDecoder = makeDecoder('utf-8', true);
	let textBytes = 0;
	let sawBom = false;

	const binary = (what: string) =>
		fail(ctx, {
			code: 'binary-file',
			message: `"${ctx.name}" is not a text trace: ${what} near byte ${fmt(textBytes + 1)}. servescope reads CSV or JSONL text (UTF-8 or UTF-16 with a byte-order mark), optionally gzip-compressed. If this is a spreadsheet or archive, export or extract the CSV first.`
		});

	function sniff(d: Uint8Array): void {
		const n = Math.min(d.length, SNIFF_BYTES - sniffed);
		if (n <= 0) return;
		const part = d.subarray(0, n);
		const nul = part.indexOf(0);
		if (nul >= 0) {
			textBytes += nul;
			return binary('it contains NUL bytes (binary data, or UTF-16 without a byte-order mark)');
		}
		try {
			sniffDecoder.decode(part, { stream: true });
		} catch {
			return binary('it contains bytes that are not valid UTF-8');
		}
		sniffed += n;
	}

	function utf8(d: Uint8Array): void {
		if (sniffed < SNIFF_BYTES) sniff(d);
		if (ctx.error) return;
		textBytes += d.length;
		if (textBytes > ctx.limits.maxTextBytes) {
			return fail(ctx, {
				code: 'text-too-large',
				line: ctx.lineNo || undefined,
				message: `"${ctx.name}" holds more than ${fmtBytes(ctx.limits.maxTextBytes)} of text (the limit; reached near line ${fmt(ctx.lineNo + 1)}). Nothing from it was loaded. Load part of the file, or ${ctx.advice.maxTextBytes}.`
			});
		}
		ondata(d);
	}

	/** The first 4 bytes decide the encoding. */
	function start(h: Uint8Array, final: boolean): void {
		if (h[0] === 0x50 && h[1] === 0x4b && h[2] === 3 && h[3] === 4) {
			return fail(ctx, { code: 'zip-archive', message: `"${ctx.name}" is a ZIP archive (or an .xlsx spreadsheet), not a trace. Extract the CSV/JSONL inside it (or export the sheet as CSV) and load that.` });
		}
		if (h[0] === 0xef && h[1] === 0xbb && h[2] === 0xbf) {
			sawBom = true;
			mode = 'utf8';
			return utf8(h.subarray(3));
		}
		if ((h[0] === 0xff && h[1] === 0xfe) || (h[0] === 0xfe && h[1] === 0xff)) {
			if (h[0] === 0xff && h[2] === 0 && h[3] === 0) {
				return fail(ctx, { code: 'unsupported-encoding', message: `"${ctx.name}" is UTF-32 text. Save it as UTF-8 and load it again.` });
			}
			utf16 = makeDecoder(h[0] === 0xff ? 'utf-16le' : 'utf-16be');
			mode = 'utf16';
			return push(h.subarray(2), final);
		}
		mode = 'utf8';
		utf8(h);
	}

	function push(d: Uint8Array, final: boolean): void {
		if (ctx.error) return;
		if (mode === 'start') {
			head = concat(head, d);
			// Kept across pushes: a copy, since the caller may refill `d` (parse.ts).
			if (head.length < 4 && !final) {
				head = head.slice();
				return;
			}
			const h = head;
			head = new Uint8Array(0);
			return start(h, final);
		}
		// UTF-16 is rare: decode and re-encode so the one UTF-8 line machinery serves both.
		if (mode === 'utf16') return utf8(encodeUtf8((utf16 as Utf8Decoder).decode(d, { stream: !final })));
		utf8(d);
	}

	return {
		push,
		get sawBom() {
			return sawBom;
		}
	};
}
