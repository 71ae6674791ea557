/**
 * Text helpers for the parser that must run in a worker, in Node and in the page.
 * The core tsconfig has no DOM lib, so TextDecoder/TextEncoder (present in every target runtime)
 * are reached through globalThis with the few members we use typed here.
 */

/** The part of TextDecoder the parser uses. */
export interface Utf8Decoder {
	decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}

interface TextDecoderCtor {
	new (label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean }): Utf8Decoder;
}
interface TextEncoderCtor {
	new (): { encode(input: string): Uint8Array };
}

const g = globalThis as unknown as { TextDecoder: TextDecoderCtor; TextEncoder: TextEncoderCtor };

/** A decoder for `label` (utf-8, utf-16le, utf-16be); fatal throws on invalid input instead of U+FFFD. */
export function makeDecoder(label: string, fatal = false): Utf8Decoder {
	// ignoreBOM: the parser strips the BOM itself, and a BOM inside the stream must stay visible.
	return new g.TextDecoder(label, { fatal, ignoreBOM: true });
}

/** UTF-8 bytes of a string. */
export function encodeUtf8(s: string): Uint8Array {
	return new g.TextEncoder().encode(s);
}

const lenient = makeDecoder('utf-8');

/** Decodes bytes [start, end) as UTF-8, replacing invalid sequences with U+FFFD. ASCII fields take a fast path. */
export function decodeRange(buf: Uint8Array, start: number, end: number): string {
	const n = end - start;
	if (n <= 24) {
		let s = '';
		for (let i = start; i < end; i++) {
			const b = buf[i];
			if (b >= 0x80) return lenient.decode(buf.subarray(start, end));
			s += String.fromCharCode(b);
		}
		return s;
	}
	return lenient.decode(buf.subarray(start, end));
}

/** A line quoted back to the user: at most `max` characters, control characters shown as "�". */
export function quoteLine(text: string, max = 160): string {
	// eslint-disable-next-line no-control-regex
	const clean = text.replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '\uFFFD');
	return clean.length > max ? `${clean.slice(0, max)}… (${clean.length.toLocaleString('en-US')} characters)` : clean;
}

/**
 * Parses a wall-clock date-time to seconds since the Unix epoch, read as UTC (the traces carry no zone):
 * "2023-11-16 18:15:46.6805900" (Azure, 7 fractional digits), "2023-11-16T18:15:46Z", "2023-11-16".
 * An explicit offset (+02:00) is honoured. Returns NaN for anything else.
 */
export function parseDateTimeS(text: string): number {
	const m = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?\s*$/i.exec(text);
	if (!m) return NaN;
	const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((v) => (v === undefined ? 0 : Number(v)));
	if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return NaN;
	const whole = Date.UTC(year, month - 1, day, hour, minute, second) / 1000;
	// Fraction kept as its own number: 7 digits would lose precision if glued into a ms integer first.
	const frac = m[7] ? Number(`0.${m[7]}`) : 0;
	let offsetS = 0;
	if (m[8] && m[8].toUpperCase() !== 'Z') {
		const sign = m[8][0] === '-' ? -1 : 1;
		const digits = m[8].slice(1).replace(':', '');
		offsetS = sign * (Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2)) * 60);
	}
	return whole + frac - offsetS;
}
