/**
 * What the parser stages share: the file's name for messages, the first error (later stages stop
 * once it is set), the current physical line (counted by the line stage, quoted by every other),
 * and the limits with the advice on raising them.
 */
import type { UserError } from '../../core/types';
import type { LimitAdvice, TraceLimits } from '../limits';

/** State shared down the chain; each stage writes only its own field (lineNo: the line stage). */
export interface ParseContext {
	readonly name: string;
	error: UserError | undefined;
	/** Physical lines seen so far, 1-based once the first line has ended. */
	lineNo: number;
	readonly limits: TraceLimits;
	readonly advice: LimitAdvice;
}

/** Records the first error only: the first thing that went wrong is what a person must fix. */
export function fail(ctx: ParseContext, e: UserError): void {
	if (!ctx.error) ctx.error = e;
}

/** A count as people read it: 1,430,000. */
export const fmt = (n: number) => n.toLocaleString('en-US');

/** Bytes as people read them: "64 KiB", "65 MiB", "1.5 GiB" (binary units, named as the page names them everywhere). */
export function fmtBytes(b: number): string {
	if (b >= 2 ** 30) return `${(b / 2 ** 30).toLocaleString('en-US', { maximumFractionDigits: 1 })} GiB`;
	if (b >= 2 ** 20) return `${Math.round(b / 2 ** 20).toLocaleString('en-US')} MiB`;
	return `${Math.ceil(b / 2 ** 10).toLocaleString('en-US')} KiB`;
}

/** Joins two byte arrays (the stage heads that wait for a few bytes to decide). */
export function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
	if (a.length === 0) return b;
	const out = new Uint8Array(a.length + b.length);
	out.set(a);
	out.set(b, a.length);
	return out;
}

/**
 * Whether `e` is an allocation failure (V8: RangeError "Array buffer allocation failed" or "Invalid
 * typed array length"; Firefox: "out of memory"): the tab ran out of memory, not a parser bug.
 * Same test as study/memory.ts isAllocationFailure (trace code cannot import the study's).
 */
export function isOutOfMemory(e: unknown): boolean {
	if (!(e instanceof Error)) return false;
	if (/out of memory|allocation failed/i.test(`${e.name} ${e.message}`)) return true;
	return e.name === 'RangeError' && /invalid (typed )?array (buffer )?length|array buffer allocation|cannot allocate/i.test(e.message);
}
