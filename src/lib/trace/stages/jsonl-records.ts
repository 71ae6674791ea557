/**
 * Stage 4b: JSONL lines in, rows out (Mooncake: one object per line with "timestamp" in
 * milliseconds, "input_length" and "output_length"; optional "hash_ids", one per 512-token prompt block).
 */
import { MOONCAKE_KEYS } from '../formats';
import { pushHashIds } from '../prefix-columns';
import type { RowReport } from './report';
import type { ValueReader } from './values';

/** Parses one JSON line into a row, or counts why it was skipped. */
export function jsonlRecord(text: string, line: number, report: RowReport, values: ValueReader): void {
	let rec: unknown;
	try {
		rec = JSON.parse(text);
	} catch {
		return report.skip('not valid JSON', line, text);
	}
	if (typeof rec !== 'object' || rec === null || Array.isArray(rec)) return report.skip('not a JSON object', line, text);
	const r = rec as Record<string, unknown>;
	for (const k of Object.values(MOONCAKE_KEYS)) if (!(k in r)) return report.skip(`missing "${k}"`, line, text);
	const names = values.names;
	const ta = r[MOONCAKE_KEYS.arrival];
	const arrival = typeof ta === 'number' ? values.arrivalFromNumber(ta) : typeof ta === 'string' ? values.arrivalFromString(ta) : `non-numeric ${names.arrival}`;
	if (typeof arrival === 'string') return report.skip(arrival, line, text);
	const prompt = values.tokensFromJson(r[MOONCAKE_KEYS.prompt], names.prompt, line);
	if (typeof prompt === 'string') return report.skip(prompt, line, text);
	const output = values.tokensFromJson(r[MOONCAKE_KEYS.output], names.output, line);
	if (typeof output === 'string') return report.skip(output, line, text);
	// Mooncake's hash_ids name each 512-token block of the prompt: the prefix cache's identities.
	if (report.commit(arrival, prompt, output, 0, 0, line) && 'hash_ids' in r) pushHashIds(report.prefix, report.cols.length - 1, r.hash_ids, line);
}
