/**
 * Stage 3: UTF-8 bytes in, physical lines out (LF, CRLF or a lone CR). A line that ends inside the
 * chunk is handed on as a range of the chunk itself (no copy); only a line cut by a chunk boundary
 * is gathered in a carry buffer. A line over MAX_LINE_BYTES is counted and previewed, never held:
 * a 10 MB row cannot stall the tab.
 */
import { decodeRange } from '../text';
import type { ParseContext } from './context';

/** Lines longer than this are skipped (counted, quoted) without being buffered. */
export const MAX_LINE_BYTES = 1 << 20;

/** What the line stage feeds: the records stage. */
export interface LineSink {
	/** One physical line, buf[s, e), without its terminator; ctx.lineNo is its number. */
	line(buf: Uint8Array, s: number, e: number): void;
	/** A line over MAX_LINE_BYTES: its length and its first ~120 bytes as text. */
	overlong(bytes: number, preview: string): void;
}

/** The line stage: push UTF-8 bytes, then end() once for a last line without a terminator. */
export interface LineStage {
	push(d: Uint8Array): void;
	end(): void;
}

/** The line splitter in front of `out`. It numbers lines in ctx.lineNo. */
export function createLineStage(ctx: ParseContext, out: LineSink): LineStage {
	let carry = new Uint8Array(256);
	let carryLen = 0;
	let overlong = false;
	let overlongBytes = 0;
	let overlongPreview = '';
	let pendingCR = false;

	function startOverlong(d: Uint8Array, s: number, n: number): void {
		overlong = true;
		overlongBytes = carryLen + n;
		const preview = new Uint8Array(Math.min(120, carryLen + n));
		preview.set(carry.subarray(0, Math.min(carryLen, preview.length)));
		if (carryLen < preview.length) preview.set(d.subarray(s, s + preview.length - carryLen), carryLen);
		overlongPreview = decodeRange(preview, 0, preview.length);
		carryLen = 0;
		if (carry.length > 1 << 16) carry = new Uint8Array(256); // release the big buffer
	}

	function appendCarry(d: Uint8Array, s: number, e: number): void {
		const n = e - s;
		if (overlong) {
			overlongBytes += n;
			return;
		}
		if (carryLen + n > MAX_LINE_BYTES) return startOverlong(d, s, n);
		if (carryLen + n > carry.length) {
			let cap = carry.length * 2;
			while (cap < carryLen + n) cap *= 2;
			const next = new Uint8Array(cap);
			next.set(carry.subarray(0, carryLen));
			carry = next;
		}
		carry.set(d.subarray(s, e), carryLen);
		carryLen += n;
	}

	function flushCarry(): void {
		ctx.lineNo++;
		if (overlong) {
			const bytes = overlongBytes;
			overlong = false;
			overlongBytes = 0;
			if (!ctx.error) out.overlong(bytes, overlongPreview);
			return;
		}
		const len = carryLen;
		carryLen = 0;
		if (!ctx.error) out.line(carry, 0, len);
	}

	function push(d: Uint8Array): void {
		let start = 0;
		const len = d.length;
		if (len === 0) return;
		if (pendingCR) {
			pendingCR = false;
			if (d[0] === 10) start = 1;
		}
		while (start < len && !ctx.error) {
			// One scan for the terminator: bytes above 13 (all text but a few control characters) are
			// skipped in a tight loop, which beats an indexOf call per line.
			let end = start;
			for (;;) {
				while (end < len && d[end] > 13) end++;
				if (end >= len || d[end] === 10 || d[end] === 13) break;
				end++;
			}
			if (end >= len) {
				appendCarry(d, start, len);
				return;
			}
			let next = end + 1;
			if (d[end] === 13) {
				if (next < len) {
					if (d[next] === 10) next++;
				} else pendingCR = true;
			}
			if (carryLen > 0 || overlong || end - start > MAX_LINE_BYTES) {
				appendCarry(d, start, end);
				flushCarry();
			} else {
				ctx.lineNo++;
				out.line(d, start, end);
			}
			start = next;
		}
	}

	return {
		push,
		end(): void {
			if (!ctx.error && (carryLen > 0 || overlong)) flushCarry();
		}
	};
}
