/**
 * The page's side of a column mapping for a plain CSV whose header servescope does not recognise:
 * first guesses for the form (from the column names), and the cache key of a mapped parse. Pure.
 */
import { sha256HexOfText, stableStringify } from '../cache/key';
import type { ArrivalUnit, ColumnMapping } from '../trace/formats';

/** What the "Choose columns" form holds: '' where nothing is chosen yet (model is optional). */
export interface MappingChoice {
	arrival: string;
	prompt: string;
	output: string;
	arrivalUnit: ArrivalUnit;
	/** Optional model column; '' = none. */
	model: string;
}

/** Word patterns for a first guess, tried in order; the first column whose name matches wins. */
const GUESS: Record<'arrival' | 'prompt' | 'output' | 'model', RegExp[]> = {
	arrival: [/^(timestamp|arrival|arrival[ _-]?time|time)([ _-]?(s|sec|secs|seconds|ms|msec|millis|milliseconds))?$/i, /time|arriv|^ts$|date/i],
	prompt: [/prompt|input|request|context|^in[ _-]|[ _-]in$|^in$/i],
	output: [/output|response|generat|completion|^out[ _-]|[ _-]out$|^out$/i],
	model: [/^model([ _-]?name)?$/i]
};

/** The unit an arrival column's name suggests: "…_ms" / "millis" → ms, a date name → date-time, else seconds. */
export function guessArrivalUnit(name: string): ArrivalUnit {
	if (/(^|[^a-z])ms($|[^a-z])|milli|msec/i.test(name)) return 'ms';
	if (/date|datetime|iso/i.test(name)) return 'datetime';
	return 's';
}

/**
 * First guesses for the form from the header's names: each role takes the first column that fits
 * and no column plays two roles. A role with no plausible column stays '' so the person must pick.
 */
export function guessMapping(columns: string[]): MappingChoice {
	const taken = new Set<string>();
	const pick = (role: keyof typeof GUESS): string => {
		for (const re of GUESS[role]) {
			// An id column ("request_id") is never a token count.
			const hit = columns.find((c) => !taken.has(c) && re.test(c.trim()) && (role === 'arrival' || !/(^|[ _-])id$/i.test(c.trim())));
			if (hit !== undefined) {
				taken.add(hit);
				return hit;
			}
		}
		return '';
	};
	const arrival = pick('arrival');
	const prompt = pick('prompt');
	const output = pick('output');
	const model = pick('model');
	return { arrival, prompt, output, model, arrivalUnit: arrival ? guessArrivalUnit(arrival) : 's' };
}

/**
 * What is still wrong with a choice before it can be parsed ('' when it is ready): the three
 * required columns chosen, and three different columns (one column cannot be both prompt and output).
 */
export function choiceProblem(c: MappingChoice): string {
	const missing = (['arrival', 'prompt', 'output'] as const).filter((k) => c[k] === '');
	if (missing.length > 0) {
		const names = { arrival: 'the arrival time', prompt: 'the prompt tokens', output: 'the output tokens' };
		return `Choose the column of ${missing.map((k) => names[k]).join(', ')}.`;
	}
	if (new Set([c.arrival, c.prompt, c.output]).size < 3) return 'Choose three different columns for arrival time, prompt tokens and output tokens.';
	return '';
}

/** The library's ColumnMapping for a ready choice (plain data: it crosses to the parse worker). */
export function toColumnMapping(c: MappingChoice): ColumnMapping {
	const m: ColumnMapping = { arrival: c.arrival, prompt: c.prompt, output: c.output, arrivalUnit: c.arrivalUnit };
	if (c.model !== '') m.model = c.model;
	return m;
}

/**
 * The trace cache key of a file parsed with a mapping: the file's SHA-256 plus a hash of the
 * mapping's stable JSON. The same bytes read with another mapping are another trace, so they must
 * not share a key; without a mapping the key is the plain content hash, as before. The mapping is
 * hashed (not spelled out) so column names cannot put separators or odd characters into keys.
 */
export async function mappedTraceKey(contentHash: string, mapping?: ColumnMapping | null): Promise<string> {
	if (!mapping) return contentHash;
	const m = await sha256HexOfText(stableStringify(mapping));
	return `${contentHash}|map:${m.slice(0, 32)}`;
}
